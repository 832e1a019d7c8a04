from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.extensions import db


class RateLimitCounter(db.Model):
    """A rate-limit window counter, when the limits are kept in the database
    (RATELIMIT_STORAGE_URI=planner+db://) so several processes share them."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(nullable=False, default=0)
    expires_at: Mapped[float] = mapped_column(Float, nullable=False, index=True)
