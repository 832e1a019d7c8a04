from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.department import Department
from planner.people.models.user import User


class ScimToken(db.Model):
    """The bearer token a directory (Entra ID, Google Workspace) provisions
    with. Not a person's token: it acts for the directory, under its name."""

    __tablename__ = "scim_tokens"
    __audited__ = True
    __audit_exclude__ = frozenset({"token_hash", "last_used_at"})
    __audit__ = AuditFields(
        name=_l("SCIM token"), title=("name",),
        labels={"id": _l("ID"), "name": _l("Token name"), "prefix": _l("Token prefix"),
                "revoked_at": _l("Revoked at")})

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ScimRequest(db.Model):
    """One SCIM call and its answer, written whatever the answer (a refused
    token too), in a transaction of its own: the audit trail of provisioning
    and the administrator's "last SCIM requests"."""

    __tablename__ = "scim_requests"
    __table_args__ = (Index("ix_scim_requests_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    method: Mapped[str] = mapped_column(String(10), nullable=False)
    path: Mapped[str] = mapped_column(String(300), nullable=False)
    status: Mapped[int] = mapped_column(nullable=False)
    # None when no valid token was presented.
    token_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # The SCIM error's scimType and detail, or the resource written.
    detail: Mapped[str] = mapped_column(String(500), nullable=False, default="")


class ScimUser(db.Model):
    """What SCIM knows of a person beyond the planner's own columns: the
    directory's externalId and the attributes it sent (name parts, e-mails,
    title), returned as they came. `deleted_at`: the directory deleted the
    person; the account stays, inactive, with its history, and SCIM answers
    404 for it from then on."""

    __tablename__ = "scim_users"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship()


class ScimGroup(db.Model):
    """A SCIM Group not named in SCIM_ROLE_GROUPS is a department (README,
    "SCIM"): this row keeps the
    directory's externalId and whether the directory deleted it (the
    department is then made inactive, never removed)."""

    __tablename__ = "scim_groups"

    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    department: Mapped[Department] = relationship()


scim_role_members = Table(
    "scim_role_members",
    db.metadata,
    Column("group_id", Integer, ForeignKey("scim_role_groups.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class ScimRoleGroup(db.Model):
    """A SCIM Group that SCIM_ROLE_GROUPS names: it gives its members a role
    instead of being a department (README, "SCIM"). Its SCIM id is
    role-<id>, so it never collides with a department's. `role` is the one
    the map gave at the group's last write; `deleted_at`: the directory
    deleted it (its members lost what it gave)."""

    __tablename__ = "scim_role_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(120), nullable=False)
    external_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    members: Mapped[list[User]] = relationship(secondary=scim_role_members,
                                               order_by=User.id)


class LeavingDraft(db.Model):
    """The handover a manager is offered when one of their people is
    deactivated: each task the person owned with the successor the handover
    ranking proposed. Nothing is reassigned until the manager applies the
    handover on its page."""

    __tablename__ = "leaving_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    # [{"task_id", "successor_id" (or None), "covered" (someone qualified remains),
    #   "open_occurrence_ids"}]
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
