"""The sign-off's rules (ダブルチェック: 作成者・確認者): who may check whose
work, when the check falls due, and what a decision needs. Pure Python.

Administrators get no exception: a check by the person who did the work is
no check, whatever their role.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from planner.calendar.domain import BusinessCalendar
from planner.core.errors import N_, Conflict, Forbidden, ValidationError
from planner.tasks.domain import QUALIFIED_LEVEL

APPROVE = "approve"
RETURN = "return"
DECISIONS: tuple[str, ...] = (APPROVE, RETURN)
COMMENT_MAX = 1000

# Checking takes a quarter of the effort of preparing, when nothing else says.
REVIEW_SHARE_DIVISOR = 4


class OwnWork(Forbidden):
    """The reviewer prepared the occurrence themselves."""

    def __init__(self) -> None:
        super().__init__(N_("You prepared this occurrence: another qualified person must "
                            "check it."))


class NotQualified(Forbidden):
    """The reviewer is not qualified on the task (level 3 or more)."""

    def __init__(self) -> None:
        super().__init__(N_("Only a person qualified on the task (level %(level)d or more) "
                            "can check it.", level=QUALIFIED_LEVEL))


class NotPrepared(Conflict):
    """A decision on an occurrence nobody has handed over for review."""

    def __init__(self) -> None:
        super().__init__(N_("This occurrence is not waiting for review."))


@dataclass(frozen=True)
class Qualification:
    """A person's level on a task, and whether they can act at all."""
    user_id: int
    level: int
    active: bool = True

    @property
    def qualified(self) -> bool:
        return self.active and self.level >= QUALIFIED_LEVEL


def check_reviewer(reviewer_id: int, level: int | None, preparer_id: int | None) -> None:
    """Raise OwnWork or NotQualified unless this person may check the work
    `preparer_id` prepared; `level` is theirs on the task (None: not an owner)."""
    if preparer_id is not None and reviewer_id == preparer_id:
        raise OwnWork()
    if level is None or level < QUALIFIED_LEVEL:
        raise NotQualified()


def may_review(reviewer_id: int, level: int | None, preparer_id: int | None) -> bool:
    try:
        check_reviewer(reviewer_id, level, preparer_id)
    except (OwnWork, NotQualified):
        return False
    return True


def possible_reviewers(people: Iterable[Qualification], preparer_id: int | None
                       ) -> frozenset[int]:
    """Who can check the work of `preparer_id` (None: whoever prepares it is
    not known yet, so every qualified person counts)."""
    return frozenset(p.user_id for p in people if p.qualified and p.user_id != preparer_id)


def check_decision(decision: object, comment: object) -> tuple[str, str]:
    """The decision and its comment, cleaned; a return must say what to fix."""
    errors = {}
    if decision not in DECISIONS:
        errors["decision"] = [N_("Choose approve or return.")]
    text = comment.strip() if isinstance(comment, str) else ""
    if comment is not None and not isinstance(comment, str):
        errors["comment"] = [N_("The comment must be text.")]
    elif len(text) > COMMENT_MAX:
        errors["comment"] = [N_("Keep the comment under %(max)d characters.", max=COMMENT_MAX)]
    elif decision == RETURN and not text:
        errors["comment"] = [N_("Say what has to be fixed: a returned occurrence needs a "
                                "comment.")]
    if errors:
        raise ValidationError(errors)
    return str(decision), text


def check_reviewable(status: str) -> None:
    if status != "prepared":
        raise NotPrepared()


def review_date(due: date, days_before: int, calendar: BusinessCalendar) -> date:
    """When the check falls due: on the due date, or `days_before` company
    business days before it."""
    if days_before <= 0:
        return due
    return calendar.add_business_days(due, -days_before)


def review_minutes(effort_minutes: int) -> int:
    """Minutes of checking per occurrence: a quarter of the preparing effort,
    rounded up to a whole minute (a check of any work takes some)."""
    return max(0, -(-effort_minutes // REVIEW_SHARE_DIVISOR))
