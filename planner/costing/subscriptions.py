"""Proposals follow their inputs; and costing's part of pages other features
own: the improvements a person carries out, on "my work", and the way to a
task's automation assessment, on the task's page.

A proposal depends on its task, its cost inputs, its automation assessment
and who can do the task. Cost inputs say so by a signal; tasks, owners,
assessments and people are written by many features (forms, the API,
imports, the demo), so the session notes which of them a transaction wrote
and their proposals are recomputed just before it commits. A page then only
reads: proposals are never stale, and GET writes nothing. (The hourly job recomputes everything for what moves with the date.)"""
from __future__ import annotations

from itertools import chain
from typing import Any

from flask import has_app_context
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from planner.core.extensions import db
from planner.costing import suggestions
from planner.costing.api import suggestion_json
from planner.costing.assessment import may_answer
from planner.costing.models.assessment import Assessment
from planner.costing.signals import cost_inputs_saved
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner
from planner.tasks.signals import task_page
from planner.work.models import Occurrence
from planner.work.signals import my_work_document, my_work_page


@cost_inputs_saved.connect
def _recompute(sender: None, *, tasks: list[Task], **_: Any) -> None:
    suggestions.recompute(tasks)


_WRITTEN_TASKS = "costing_written_tasks"
_CHANGED_OWNERS = "costing_changed_owners"


@event.listens_for(Session, "after_flush")
def _note_inputs(session: Session, flush_context: object) -> None:
    tasks: set[int] = session.info.setdefault(_WRITTEN_TASKS, set())
    owners: set[int] = session.info.setdefault(_CHANGED_OWNERS, set())
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, Task):
            tasks.add(obj.id)
        elif isinstance(obj, (TaskOwner, Assessment)):
            tasks.add(obj.task_id)
        elif isinstance(obj, Occurrence) and inspect(obj).attrs.minutes_taken.history.has_changes():
            # Measured effort moves the estimate, and a done change's realised saving.
            tasks.add(obj.task_id)
        elif isinstance(obj, User) and inspect(obj).attrs.active.history.has_changes():
            owners.add(obj.id)
    tasks.update(obj.task_id for obj in session.deleted if isinstance(obj, TaskOwner))


@event.listens_for(Session, "before_commit")
def _recompute_written(session: Session) -> None:
    if not has_app_context() or session is not db.session():
        return
    session.flush()
    tasks, owners = session.info.pop(_WRITTEN_TASKS, None), session.info.pop(
        _CHANGED_OWNERS, None)
    if tasks or owners:
        suggestions.recompute_for(tasks or (), owners or ())


@event.listens_for(Session, "after_rollback")
def _forget_inputs(session: Session) -> None:
    session.info.pop(_WRITTEN_TASKS, None)
    session.info.pop(_CHANGED_OWNERS, None)


@my_work_page.connect
def _improvements(person: User, **_: Any) -> dict[str, Any]:
    return {"improvements": suggestions.assigned_to(person)}


@my_work_document.connect
def _improvements_document(person: User, **_: Any) -> dict[str, Any]:
    return {"improvements": [suggestion_json(s) for s in suggestions.assigned_to(person)]}


@task_page.connect
def _assessment_link(task: Task, **_: Any) -> dict[str, Any]:
    return {"may_assess": may_answer(current_user, task)}
