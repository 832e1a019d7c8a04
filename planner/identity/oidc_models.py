"""Which person an OpenID Connect identity (issuer, subject) is. The e-mail
address finds a person the first time; from then on the subject does, so a
changed or re-used address at the provider cannot move the sign-in to
another account."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.extensions import db
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User


class OidcLink(db.Model):
    __tablename__ = "oidc_links"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_oidc_links_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # One identity per person and issuer: a second subject for the same
    # person is refused rather than silently added.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True, nullable=False)
    issuer: Mapped[str] = mapped_column(String(255), nullable=False)
    # OpenID Connect Core 1.0: "It MUST NOT exceed 255 ASCII characters".
    subject: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    user: Mapped[User] = relationship()
