from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.kana import READING_MAX
from planner.core.readings import DERIVED, ReadingColumns, keep_in_step
from planner.core.roles import Role
from planner.core.types import UTCDateTime, utcnow
from planner.people.domain import CAPACITY_MAX, CAPACITY_MIN
from planner.people.models.department import Department

user_departments = Table(
    "user_departments",
    db.metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", Integer, ForeignKey("departments.id"), primary_key=True, index=True),
)


class User(UserMixin, ReadingColumns, db.Model):
    __tablename__ = "users"
    __audited__ = True
    __audit_exclude__ = frozenset({"password_hash", "session_version", "totp_secret",
                                   "totp_last_step"}) | DERIVED
    __audit__ = AuditFields(
        name=_l("Person"), link=("admin.person", "person_id", "id"),
        choices={"role": labels.ROLE, "language": labels.LANGUAGE},
        labels={"id": _l("ID"), "email": _l("Email"), "name": _l("Name"),
                "reading": _l("Reading (furigana)"), "role": _l("Role"),
                "language": _l("Language"), "active": _l("Active"),
                "capacity_hours": _l("Hours available per month"),
                "reminder_days": _l("My extra reminders (days before)"),
                "digest_opt_out": _l("No daily digest"),
                "anonymised_at": _l("Personal data removed at"),
                "access_until": _l("Access until"), "departments": _l("Departments")},
        # A person's own settings on the account page, not their record.
        preferences=frozenset({"language", "reminder_days", "digest_opt_out"}))
    __table_args__ = (
        CheckConstraint(f"capacity_hours IS NULL OR capacity_hours BETWEEN {CAPACITY_MIN} "
                        f"AND {CAPACITY_MAX}", name="capacity_hours_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    # フリガナ in katakana: lists and pickers sort people by it (五十音).
    reading: Mapped[str] = mapped_column(String(READING_MAX), nullable=False, default="",
                                         server_default="")
    role: Mapped[str] = mapped_column(String(20), nullable=False, default=Role.STAFF.value)
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="ja")
    active: Mapped[bool] = mapped_column(default=True, nullable=False)
    # Hours a month this person has for registered recurring work; None takes
    # the organisation's default.
    capacity_hours: Mapped[int | None] = mapped_column(nullable=True)
    # Extra reminder lead times (days) this person wants on top of each task's.
    reminder_days: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    digest_opt_out: Mapped[bool] = mapped_column(default=False, nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # Bumped when every session ends (people.sessions.end_sessions), which also
    # voids a sign-in still waiting for its second-factor code.
    session_version: Mapped[int] = mapped_column(default=1, nullable=False)
    # Optional second factor (TOTP, RFC 6238): the shared secret once confirmed,
    # and the last time step accepted, so a code cannot be replayed.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(nullable=True)
    # Set when a departed person's personal data was removed; their work stays.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A time-limited grant (an outside auditor's engagement): the last day, in
    # the organisation's time zone, on which this account may sign in.
    access_until: Mapped[date | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    departments: Mapped[list[Department]] = relationship(
        secondary=user_departments, order_by=Department.id, lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active and (self.access_until is None or org_today() <= self.access_until)

    def get_id(self) -> str:
        """What Flask-Login keeps in the signed cookie: not the person's id but
        the key of their server-side session (people.sessions), set when the
        session is opened or loaded."""
        key = getattr(self, "session_key", None)
        if key is None:
            raise RuntimeError("sign in through people.sessions.sign_in")
        return key

    def has_role(self, role: Role) -> bool:
        """This role or a higher one (an admin is also a manager)."""
        return Role(self.role).at_least(role)

    def reads_as(self, role: Role) -> bool:
        """Reads what `role` reads (an auditor reads what a manager does)."""
        return Role(self.role).may_read(role)

    @property
    def department_ids(self) -> frozenset[int]:
        return frozenset(d.id for d in self.departments)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


keep_in_step(User, "name", "reading")


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"
    __audited__ = True
    __audit_exclude__ = frozenset({"token_hash", "last_used_at"})
    __audit__ = AuditFields(
        name=_l("API token"), title=("user_id", "name"),
        link=("admin.person", "person_id", "user_id"),
        labels={"id": _l("ID"), "user_id": _l("Person"), "name": _l("Token name"),
                "kind": _l("Kind"), "prefix": _l("Token prefix"), "revoked_at": _l("Revoked at")})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    # "api" tokens authenticate API calls; "calendar" tokens only read the
    # person's ICS feed, so a leaked calendar URL exposes nothing else.
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="api")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship()
