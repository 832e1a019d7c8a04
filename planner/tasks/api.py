from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.core import labels, openapi
from planner.core.api import api_user, bp, page_json
from planner.core.api_forms import form_from_json, page_params, require_valid
from planner.tasks import operations as task_service
from planner.tasks.domain import (
    CATEGORIES,
    CRITICALITIES,
    DEADLINE_BASES,
    REVIEW_DAYS_MAX,
    WORK_BY_BUFFER_MAX_DAYS,
)
from planner.tasks.forms import TaskFilterForm, TaskForm, task_form_values
from planner.tasks.models import Task
from planner.tasks.operations import TaskFilters
from planner.tasks.signals import task_documents

# Other features' fields of a task, present (null) even when none answers.
DOCUMENT_FIELDS = ("next_due_date", "work_by", "measured_effort_minutes",
                   "measured_effort_samples")


def documents(tasks: list[Task]) -> dict[int, dict[str, Any]]:
    """Other features' fields of these tasks' JSON (task_documents), by task id."""
    found: dict[int, dict[str, Any]] = {t.id: dict.fromkeys(DOCUMENT_FIELDS) for t in tasks}
    if tasks:
        for _receiver, answer in task_documents.send(None, tasks=tasks):
            for task_id, fields in (answer or {}).items():
                found.setdefault(task_id, {}).update(fields)
    return found


def task_json(task: Task, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    if extra is None:
        extra = documents([task])[task.id]
    primary = task.primary_owner
    return {
        "id": task.id,
        "code": task.code,
        "title": task.title,
        "reading": task.reading,
        "department_id": task.department_id,
        "department": {"id": task.department.id, "code": task.department.code,
                       "name": task.department.name},
        "category": task.category,
        "criticality": task.criticality,
        "legal_basis": task.legal_basis,
        "effort_minutes": task.effort_minutes,
        "procedure": task.procedure,
        "deadline_basis": task.deadline_basis,
        "work_by_buffer_days": task.work_by_buffer_days,
        "review_required": task.review_required,
        "review_days_before": task.review_days_before,
        "primary_owner_id": primary.id if primary else None,
        "owners": [
            {"user_id": o.user_id, "name": o.user.name, "role": o.role, "level": o.level}
            for o in task.owners
        ],
        **{name: _jsonable(value) for name, value in task_form_values(task).items()
           if name in SCHEDULE_FIELDS},
        **extra,
        "archived": task.archived_at is not None,
        "version": task.version,
        "created_at": task.created_at.isoformat(),
        "updated_at": task.updated_at.isoformat(),
    }


SCHEDULE_FIELDS = ("preset", "day", "weekday", "month", "business_day", "once_date", "rrule",
                   "dtstart", "shift", "lead_days")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _with_preset(payload: Any) -> Any:
    """An API client may send just an rrule, a business_day or a once_date."""
    if isinstance(payload, dict) and "preset" not in payload:
        for name, preset in (("rrule", "custom"), ("business_day", "business_day"),
                             ("once_date", "once")):
            if payload.get(name) is not None:
                return {**payload, "preset": preset}
    return payload


def _task_form(payload: Any, base: dict[str, Any] | None = None) -> TaskForm:
    form = form_from_json(TaskForm, _with_preset(payload), base)
    # Any department and person may be named; the service answers 403 for a
    # department outside the caller's scope and explains a wrong owner.
    for field in (form.department_id, form.primary_owner_id):
        field.validate_choice = False
    require_valid(form)
    return form


def task_filter_form(args: Any = None) -> TaskFilterForm:
    """The task list's query parameters, checked (and documented) by this form."""
    form = TaskFilterForm(args)
    form.category.choices = labels.options([("", ""), *labels.CATEGORY.items()])
    form.criticality.choices = labels.options([("", ""), *labels.CRITICALITY.items()])
    # Any id may be asked for: the service limits results to the caller's scope.
    form.department_id.validate_choice = form.owner_id.validate_choice = False
    return form


@bp.get("/tasks")
def list_tasks():  # noqa: ANN201
    form = require_valid(task_filter_form(request.args))
    page, per_page = page_params()
    filters = TaskFilters(
        q=form.q.data or "",
        department_id=form.department_id.data,
        category=form.category.data or None,
        criticality=form.criticality.data or None,
        owner_id=form.owner_id.data,
        status=form.status.data or "active",
        sort=form.sort.data or "title",
    )
    result = task_service.list_tasks(api_user(), filters, page, per_page)
    extra = documents(list(result.items))
    return page_json(result, lambda task: task_json(task, extra[task.id]))


@bp.post("/tasks")
def create_task():  # noqa: ANN201
    form = _task_form(request.get_json(silent=True))
    task = task_service.create_task(api_user(), form.task_data())
    return jsonify(task_json(task)), 201


@bp.get("/tasks/<int:task_id>")
def get_task(task_id: int):  # noqa: ANN201
    return jsonify(task_json(task_service.get_task(api_user(), task_id)))


@bp.patch("/tasks/<int:task_id>")
def update_task(task_id: int):  # noqa: ANN201
    task = task_service.get_task(api_user(), task_id)
    current = {k: _jsonable(v) for k, v in task_form_values(task).items()}
    form = _task_form(request.get_json(silent=True), base=current)
    task_service.update_task(api_user(), task, form.task_data())
    return jsonify(task_json(task))


@bp.post("/tasks/<int:task_id>/archive")
def archive_task(task_id: int):  # noqa: ANN201
    """Managers archive a task: it leaves the lists and its future occurrences are cancelled."""
    task = task_service.archive_task(api_user(), task_service.get_task(api_user(), task_id))
    return jsonify(task_json(task))


@bp.post("/tasks/<int:task_id>/restore")
def restore_task(task_id: int):  # noqa: ANN201
    task = task_service.restore_task(api_user(), task_service.get_task(api_user(), task_id))
    return jsonify(task_json(task))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    task = openapi.blank_form(TaskForm)
    return {
        "Task": openapi.object_of({
            "id": openapi.INTEGER, "code": openapi.nullable(openapi.STRING), "title": openapi.STRING,
            "reading": {"type": "string", "description": "フリガナ in katakana; suggested from "
                                                         "the title when sent empty"},
            "department_id": openapi.INTEGER,
            "department": openapi.object_of({"id": openapi.INTEGER, "code": openapi.STRING, "name": openapi.STRING}),
            "category": {"type": "string", "enum": list(CATEGORIES)},
            "criticality": {"type": "string", "enum": list(CRITICALITIES)},
            "legal_basis": openapi.STRING, "effort_minutes": {"type": "integer", "minimum": 0},
            "procedure": {"type": "string", "description": "Markdown"},
            "deadline_basis": {"type": "string", "enum": list(DEADLINE_BASES),
                               "description": "statutory: due dates are legal deadlines on the "
                                              "authorities' calendar"},
            "work_by_buffer_days": {"type": "integer", "minimum": 0,
                                    "maximum": WORK_BY_BUFFER_MAX_DAYS},
            "review_required": {"type": "boolean",
                                "description": "Done means prepared, then approved by another "
                                               "qualified person (POST .../review)"},
            "review_days_before": {"type": "integer", "minimum": 0, "maximum": REVIEW_DAYS_MAX,
                                   "description": "Company business days between the review "
                                                  "date and the due date"},
            "primary_owner_id": openapi.nullable(openapi.INTEGER),
            "version": {"type": "integer", "minimum": 1,
                        "description": "Send it back in a PATCH to be refused (409) if "
                                       "someone saved the task since you read it"},
            "owners": {"type": "array", "items": openapi.OWNER},
            "preset": openapi.STRING, "day": openapi.nullable(openapi.INTEGER), "weekday": openapi.nullable(openapi.STRING),
            "month": openapi.nullable(openapi.INTEGER), "business_day": openapi.nullable(openapi.INTEGER),
            "once_date": openapi.nullable(openapi.DATE), "rrule": openapi.nullable(openapi.STRING), "dtstart": openapi.DATE,
            "shift": {"type": "string", "enum": ["none", "previous", "next"]},
            "lead_days": {"type": "array", "items": openapi.INTEGER},
            "next_due_date": {**openapi.nullable(openapi.DATE),
                              "description": "The next open occurrence's due date (for a "
                                             "statutory task its legal due date)"},
            "work_by": {**openapi.nullable(openapi.DATE),
                        "description": "The next open occurrence's work-by date"},
            "measured_effort_minutes": {
                **openapi.nullable({"type": "integer", "minimum": 1, "maximum": 1440}),
                "description": "The median minutes taken of the latest 12 completions that "
                               "recorded them; null under 3"},
            "measured_effort_samples": {
                **openapi.nullable({"type": "integer", "minimum": 0, "maximum": 12}),
                "description": "How many completions the measured effort is the median of"},
            "archived": openapi.BOOLEAN, "created_at": openapi.DATETIME, "updated_at": openapi.DATETIME,
        }),
        "TaskPage": openapi.page_of("Task"),
        "TaskInput": openapi.form_schema(task),
        "TaskPatch": openapi.form_schema(task, required=False),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    task_id = openapi.path_param("task_id")
    return {
        "/tasks": {
            "get": openapi.op("List the tasks the caller may see", openapi.ok("TaskPage"), (422,),
                      parameters=[*openapi.form_parameters(task_filter_form(None)), *openapi.PAGING],
                      tag="Tasks",
                      description="By default (`sort=title`) in 五十音 order of the titles' "
                                  "readings. `q` finds a title by its kanji or its reading "
                                  "typed in hiragana, katakana or half-width katakana."),
            "post": openapi.op("Create a task", openapi.ok("Task", 201, "Created"), (403, 422),
                       body=openapi.ref("TaskInput"), tag="Tasks",
                       description="Sending only `rrule`, `business_day` or `once_date` "
                                   "picks the preset."),
        },
        "/tasks/{task_id}": {
            "parameters": [task_id],
            "get": openapi.op("One task", openapi.ok("Task"), (404,), tag="Tasks"),
            "patch": openapi.op("Change some fields of a task", openapi.ok("Task"), (403, 404, 409, 422),
                        body=openapi.ref("TaskPatch"), tag="Tasks",
                        description="Only the fields sent change."),
        },
        "/tasks/{task_id}/archive": {
            "parameters": [task_id],
            "post": openapi.op("Archive a task (managers)", openapi.ok("Task"), (403, 404), tag="Tasks",
                       description="Its future open occurrences are cancelled."),
        },
        "/tasks/{task_id}/restore": {
            "parameters": [task_id],
            "post": openapi.op("Restore an archived task (managers)", openapi.ok("Task"), (403, 404),
                       tag="Tasks"),
        },
    }
