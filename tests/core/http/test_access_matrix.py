"""Every URL rule, every role. A new view must be added to EXPECTED with the
status each role gets, so a view without a role check cannot slip in."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from planner.calendar.models import ClosedDay
from planner.checklists.models import TaskStep
from planner.core.extensions import db
from planner.costing.models.suggestion import Suggestion
from planner.coverage.models.absence import Absence
from planner.employees.models import Employee
from planner.events.models import Event
from planner.evidence import operations as evidence_service
from planner.inventory.models import InventoryAnswer, InventoryCycle
from planner.notifications.models import Notification
from planner.people import tokens
from planner.people.models.user import User
from planner.work.models import Occurrence

ROLES = ("anonymous", "staff", "manager", "admin")
LOGIN = 302  # anonymous page requests are sent to the sign-in page

# endpoint -> method -> status per role (anonymous, staff, manager, admin).
# Path parameters are filled with a record of the payroll department; the
# "_other" rows use the accounting department, which staff and manager do not see.
EXPECTED: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "auth.index": {"GET": (302, 302, 302, 302)},
    "auth.login": {"GET": (200, 302, 302, 302), "POST": (200, 302, 302, 302)},
    "auth.logout": {"POST": (LOGIN, 302, 302, 302)},
    "auth.set_language": {"POST": (302, 302, 302, 302)},
    # Sign-in with OpenID Connect: off in this app (no OIDC_ISSUER); on, it is
    # public (tests/identity/http/test_oidc_sign_in.py).
    "oidc.login": {"GET": (404, 404, 404, 404)},
    "oidc.callback": {"GET": (404, 404, 404, 404)},
    "tasks.index": {"GET": (LOGIN, 200, 200, 200)},
    "tasks.new": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 200, 200, 200)},
    "tasks.show": {"GET": (LOGIN, 200, 200, 200)},
    "tasks.show_other": {"GET": (LOGIN, 404, 404, 200)},
    "tasks.edit": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 200, 200, 200)},
    "tasks.edit_other": {"GET": (LOGIN, 404, 404, 200)},
    "tasks.archive": {"POST": (LOGIN, 403, 302, 302)},
    "tasks.archive_other": {"POST": (LOGIN, 404, 404, 302)},
    "tasks.restore": {"POST": (LOGIN, 403, 302, 302)},
    "tasks.catalogue_index": {"GET": (LOGIN, 200, 200, 200)},
    "work.my_work": {"GET": (LOGIN, 200, 200, 200)},
    "work.overdue": {"GET": (LOGIN, 403, 200, 200)},
    "overview.index": {"GET": (LOGIN, 403, 200, 200)},
    "work.team_calendar": {"GET": (LOGIN, 200, 200, 200)},
    "work.complete": {"POST": (LOGIN, 302, 302, 302)},
    "work.complete_other": {"POST": (LOGIN, 404, 404, 302)},
    "work.skip": {"POST": (LOGIN, 302, 302, 302)},
    "work.reopen": {"POST": (LOGIN, 302, 302, 302)},
    # Nothing (left) to undo in this session: sent back to my work with the reason.
    "work.undo_tick_off": {"POST": (LOGIN, 302, 302, 302)},
    "work.undo_tick_off_other": {"POST": (LOGIN, 404, 404, 302)},
    # No decision given: sent back to the occurrence page with the reason.
    "signoff.review": {"POST": (LOGIN, 302, 302, 302)},
    "signoff.review_other": {"POST": (LOGIN, 404, 404, 302)},
    # No measured effort yet: a manager is sent back to the task with the reason.
    "work.adopt_measured_effort": {"POST": (LOGIN, 403, 302, 302)},
    "work.adopt_measured_effort_other": {"POST": (LOGIN, 403, 404, 302)},
    "feeds.calendar_feed": {"GET": (200, 200, 200, 200)},
    "account.create_feed": {"POST": (LOGIN, 200, 200, 200)},
    "account.revoke_feed": {"POST": (LOGIN, 302, 302, 302)},
    "coverage.owners": {"GET": (LOGIN, 403, 200, 200), "POST": (LOGIN, 403, 200, 200)},
    "coverage.owners_other": {"GET": (LOGIN, 403, 404, 200)},
    # Staff read their own departments' matrix and risk; only managers change them.
    "coverage.department_matrix": {"GET": (LOGIN, 200, 200, 200),
                                   "POST": (LOGIN, 403, 302, 302)},
    "coverage.department_matrix_other": {"GET": (LOGIN, 404, 404, 200)},
    "coverage.dashboard": {"GET": (LOGIN, 200, 200, 200)},
    "coverage.matrix_entry": {"GET": (LOGIN, 302, 302, 302)},
    "coverage.accept_suggestion": {"POST": (LOGIN, 403, 400, 400)},
    "coverage.absences": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 400, 400, 400)},
    "coverage.delete_absence": {"POST": (LOGIN, 302, 302, 302)},
    "coverage.workload": {"GET": (LOGIN, 403, 200, 200)},
    "work.done_link": {"GET": (LOGIN, 200, 200, 200)},
    "work.done_link_other": {"GET": (LOGIN, 404, 404, 200)},
    "notifications.inbox": {"GET": (LOGIN, 200, 200, 200)},
    "notifications.read_all": {"POST": (LOGIN, 302, 302, 302)},
    "notifications.read_one": {"POST": (LOGIN, 302, 404, 404)},
    "account.reminder_settings": {"POST": (LOGIN, 302, 302, 302)},
    "admin.departments": {"GET": (LOGIN, 403, 403, 200)},
    "admin.department": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 302)},
    "admin.department_costs": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 302)},
    "admin.outbox": {"GET": (LOGIN, 403, 403, 200)},
    "admin.retry_notification": {"POST": (LOGIN, 403, 403, 302)},
    # Identity: administrators only. The token id filled in is an API token's,
    # not a SCIM token's, so the administrator's revoke finds nothing.
    "identity.index": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 400)},
    "identity.revoke": {"POST": (LOGIN, 403, 403, 404)},
    # SCIM answers only to a SCIM bearer token, never to a signed-in browser.
    "scim.endpoint": {"GET": (401, 401, 401, 401), "POST": (401, 401, 401, 401),
                      "PUT": (401, 401, 401, 401), "PATCH": (401, 401, 401, 401),
                      "DELETE": (401, 401, 401, 401)},
    # The development mailbox is off in tests (no `planner run`): 404 even for an admin.
    "admin.dev_mailbox_index": {"GET": (LOGIN, 403, 403, 404)},
    "admin.dev_mailbox_message": {"GET": (LOGIN, 403, 403, 404)},
    "costing.task_cost": {"GET": (LOGIN, 403, 200, 200), "POST": (LOGIN, 403, 302, 302)},
    "costing.task_cost_other": {"GET": (LOGIN, 403, 404, 200)},
    "costing.task_assessment": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 400, 400, 400)},
    "costing.task_assessment_other": {"GET": (LOGIN, 404, 404, 200)},
    "portfolio.index": {"GET": (LOGIN, 403, 200, 200)},
    "portfolio.review": {"POST": (LOGIN, 403, 400, 400)},
    "portfolio.export": {"GET": (LOGIN, 403, 200, 200)},
    "handover.index": {"GET": (LOGIN, 403, 200, 200)},
    "handover.plan": {"GET": (LOGIN, 403, 200, 200), "POST": (LOGIN, 403, 400, 400)},
    "handover.plan_other": {"GET": (LOGIN, 403, 404, 200)},
    "handover.person_document": {"GET": (LOGIN, 200, 200, 200)},
    "handover.person_document_other": {"GET": (LOGIN, 404, 404, 200)},
    "handover.task_document": {"GET": (LOGIN, 200, 200, 200)},
    "handover.task_document_other": {"GET": (LOGIN, 404, 404, 200)},
    "tasks.procedure_versions": {"GET": (LOGIN, 200, 200, 200)},
    "tasks.procedure_versions_other": {"GET": (LOGIN, 404, 404, 200)},
    "tasks.procedure_reviewed": {"POST": (LOGIN, 302, 302, 302)},
    "tasks.procedure_reviewed_other": {"POST": (LOGIN, 404, 404, 302)},
    "inventory.index": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 403, 400, 400)},
    "inventory.cycle": {"GET": (LOGIN, 200, 200, 200)},
    "inventory.cycle_other": {"GET": (LOGIN, 404, 404, 200)},
    "inventory.answer": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 302, 302, 302)},
    "inventory.answer_other": {"GET": (LOGIN, 404, 404, 200)},
    "inventory.retire": {"POST": (LOGIN, 403, 400, 400)},
    "inventory.export": {"GET": (LOGIN, 403, 200, 200)},
    "inventory.remind": {"POST": (LOGIN, 403, 302, 302)},
    "inventory.close": {"POST": (LOGIN, 403, 302, 302)},
    "transfer.import_file": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 400, 400, 400)},
    "transfer.commit_import": {"POST": (LOGIN, 404, 404, 404)},
    "transfer.template": {"GET": (LOGIN, 200, 200, 200)},
    "transfer.export_registry": {"GET": (LOGIN, 200, 200, 200)},
    "transfer.export_matrix": {"GET": (LOGIN, 403, 200, 200)},
    "transfer.export_workload": {"GET": (LOGIN, 403, 200, 200)},
    "transfer.export_calendar": {"GET": (LOGIN, 200, 200, 200)},
    "transfer.export_employees": {"GET": (LOGIN, 403, 200, 200)},
    # The roster: everyone reads it, managers change it, administrators anonymise
    # (refused here, and sent back to the page: the employee has not left).
    "employees.index": {"GET": (LOGIN, 200, 200, 200)},
    "employees.new": {"GET": (LOGIN, 403, 200, 200), "POST": (LOGIN, 403, 400, 400)},
    "employees.show": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 403, 302, 302)},
    "employees.anonymise": {"POST": (LOGIN, 403, 403, 302)},
    "employees.personal_data": {"GET": (LOGIN, 403, 403, 200)},
    "api.list_employees": {"GET": (401, 200, 200, 200), "POST": (401, 403, 422, 422)},
    "api.create_employee": {"POST": (401, 403, 422, 422)},
    "api.get_employee": {"GET": (401, 200, 200, 200), "PATCH": (401, 403, 200, 200)},
    "api.update_employee": {"PATCH": (401, 403, 200, 200)},
    # The event webhook: a delivery without a signature is refused whoever sends it.
    "webhooks.receive_event": {"POST": (401, 401, 401, 401)},
    "api.webhook_secret_state": {"GET": (401, 403, 403, 200)},
    "api.generate_webhook_secret": {"POST": (401, 403, 403, 201)},
    "event_webhook.page": {"GET": (LOGIN, 403, 403, 200)},
    "event_webhook.generate_secret": {"POST": (LOGIN, 403, 403, 200)},
    "admin.calendar": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 400)},
    "company.profile": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 400)},
    "price_book.index": {"GET": (LOGIN, 403, 200, 200)},
    "price_book.save_price": {"POST": (LOGIN, 403, 403, 400)},  # no prices sent
    "price_book.reset_price": {"POST": (LOGIN, 403, 403, 302)},
    "price_book.save_rates": {"POST": (LOGIN, 403, 403, 302)},  # empty: the shipped figures
    "admin.delete_closed_day": {"POST": (LOGIN, 403, 403, 302)},
    "admin.people": {"GET": (LOGIN, 403, 403, 200)},
    "admin.new_person": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 200)},
    "admin.person": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 200)},
    "admin.revoke_token": {"POST": (LOGIN, 403, 403, 302)},
    "admin.personal_data": {"GET": (LOGIN, 403, 403, 200)},
    # person_id is the staff member, still active: refused with a message.
    "admin.anonymise": {"POST": (LOGIN, 403, 403, 302)},
    "admin.audit": {"GET": (LOGIN, 403, 403, 200)},
    "api.list_audit_entries": {"GET": (401, 403, 403, 200)},
    "admin.audit_export": {"GET": (LOGIN, 403, 403, 200)},
    "api.export_audit_entries": {"GET": (401, 403, 403, 200)},
    "account.index": {"GET": (LOGIN, 200, 200, 200)},
    "account.change_password": {"POST": (LOGIN, 400, 400, 400)},
    "account.create_token": {"POST": (LOGIN, 200, 200, 200)},
    "account.revoke_token": {"POST": (LOGIN, 302, 404, 404)},
    "account.sign_out_everywhere": {"POST": (LOGIN, 302, 302, 302)},
    "account.start_second_factor": {"POST": (LOGIN, 403, 200, 200)},
    "account.confirm_second_factor": {"POST": (LOGIN, 302, 400, 400)},
    "account.disable_second_factor": {"POST": (LOGIN, 400, 400, 400)},
    "auth.second_factor": {"GET": (302, 302, 302, 302), "POST": (302, 302, 302, 302)},
    "api.openapi": {"GET": (200, 200, 200, 200)},
    "api.list_tasks": {"GET": (401, 200, 200, 200), "POST": (401, 422, 422, 422)},
    "api.create_task": {"POST": (401, 422, 422, 422)},
    "api.get_task": {"GET": (401, 200, 200, 200), "PATCH": (401, 200, 200, 200)},
    "api.get_task_other": {"GET": (401, 404, 404, 200)},
    "api.update_task": {"PATCH": (401, 200, 200, 200)},
    "api.list_occurrences": {"GET": (401, 200, 200, 200)},
    "api.complete_occurrence": {"POST": (401, 200, 200, 200)},
    # The admin archived that task above (tasks.archive_other), which cancelled it.
    "api.complete_occurrence_other": {"POST": (401, 404, 404, 422)},
    "api.skip_occurrence": {"POST": (401, 422, 422, 422)},
    "api.reopen_occurrence": {"POST": (401, 200, 200, 200)},
    # The body is checked first: an empty one names the decision.
    "api.review_occurrence": {"POST": (401, 422, 422, 422)},
    "api.review_occurrence_other": {"POST": (401, 404, 404, 422)},
    "api.occurrence_reviews": {"GET": (401, 200, 200, 200)},
    "api.occurrence_reviews_other": {"GET": (401, 404, 404, 200)},
    "api.preview_recurrence": {"GET": (401, 422, 422, 422)},
    "api.get_owners": {"GET": (401, 200, 200, 200)},
    "api.get_owners_other": {"GET": (401, 404, 404, 200)},
    "api.put_owners": {"PUT": (401, 422, 422, 422)},
    "api.coverage": {"GET": (401, 200, 200, 200)},
    "api.list_absences": {"GET": (401, 200, 200, 200), "POST": (401, 422, 422, 422)},
    "api.create_absence": {"POST": (401, 422, 422, 422)},
    "api.get_absence": {"GET": (401, 200, 200, 200)},
    "api.update_absence": {"PATCH": (401, 200, 200, 200)},
    "api.delete_absence": {"DELETE": (401, 204, 204, 204)},
    "api.workload": {"GET": (401, 200, 200, 200)},
    "api.get_cost_profile": {"GET": (401, 200, 200, 200)},
    "api.get_cost_profile_other": {"GET": (401, 404, 404, 200)},
    "api.put_cost_profile": {"PUT": (401, 403, 200, 200)},
    "api.get_assessment": {"GET": (401, 200, 200, 200)},
    "api.get_assessment_other": {"GET": (401, 404, 404, 200)},
    "api.put_assessment": {"PUT": (401, 422, 422, 422)},  # the owner, an empty body
    "api.put_assessment_other": {"PUT": (401, 404, 404, 422)},
    "api.get_estimate": {"GET": (401, 200, 200, 200)},
    "api.list_suggestions": {"GET": (401, 200, 200, 200)},
    "api.review_suggestion": {"POST": (401, 403, 422, 422)},
    "api.list_notifications": {"GET": (401, 200, 200, 200)},
    "api.read_notification": {"POST": (401, 200, 404, 404)},
    "api.list_people": {"GET": (401, 403, 403, 200), "POST": (401, 403, 403, 422)},
    "api.create_person": {"POST": (401, 403, 403, 422)},
    "api.get_person": {"GET": (401, 403, 403, 200), "PATCH": (401, 403, 403, 200)},
    "api.update_person": {"PATCH": (401, 403, 403, 200)},
    "api.list_departments": {"GET": (401, 200, 200, 200), "POST": (401, 403, 403, 422)},
    "api.create_department": {"POST": (401, 403, 403, 422)},
    "api.get_department": {"GET": (401, 200, 200, 200)},
    "api.get_company": {"GET": (401, 200, 200, 200)},
    "api.put_company": {"PUT": (401, 403, 403, 200)},  # {} changes nothing
    "api.get_price_book": {"GET": (401, 200, 200, 200)},
    "api.put_price": {"PUT": (401, 403, 403, 422)},  # {} has no prices
    "api.reset_price": {"DELETE": (401, 403, 403, 200)},
    "api.get_automation_rates": {"GET": (401, 200, 200, 200)},
    "api.put_automation_rates": {"PUT": (401, 403, 403, 200)},  # {} changes nothing
    "api.list_catalogue": {"GET": (401, 200, 200, 200)},
    "api.list_event_types": {"GET": (401, 200, 200, 200)},
    "api.get_department_other": {"GET": (401, 404, 404, 200)},
    "api.update_department": {"PATCH": (401, 403, 403, 200)},
    "api.get_department_cost_profile": {"GET": (401, 403, 403, 200)},
    "api.put_department_cost_profile": {"PUT": (401, 403, 403, 200)},
    "api.my_work": {"GET": (401, 200, 200, 200)},
    "api.overdue": {"GET": (401, 403, 200, 200)},
    "api.risk": {"GET": (401, 403, 200, 200)},
    "api.plan_training": {"POST": (401, 403, 422, 422)},
    "api.docs": {"GET": (200, 200, 200, 200)},
    "api.docs_asset": {"GET": (200, 200, 200, 200)},
    # The checklist (one step each task, from _make_ids) and its evidence.
    "checklists.task_steps": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 302, 302, 302)},
    "checklists.task_steps_other": {"GET": (LOGIN, 404, 404, 200)},
    "api.get_checklist": {"GET": (401, 200, 200, 200)},
    "api.get_checklist_other": {"GET": (401, 404, 404, 200)},
    "api.tick_item": {"POST": (401, 200, 200, 200)},
    # The admin archived that task above (tasks.archive_other), which cancelled it.
    "api.tick_item_other": {"POST": (401, 404, 404, 409)},
    "api.list_evidence": {"GET": (401, 200, 200, 200)},
    "api.list_evidence_other": {"GET": (401, 404, 404, 200)},
    "api.attach_evidence": {"POST": (401, 422, 422, 422)},  # no file
    "api.attach_evidence_other": {"POST": (401, 404, 404, 422)},
    "api.get_evidence": {"GET": (401, 200, 200, 200)},
    "api.get_evidence_other": {"GET": (401, 404, 404, 200)},
    "evidence.get_file": {"GET": (LOGIN, 200, 200, 200)},
    "evidence.get_file_other": {"GET": (LOGIN, 404, 404, 200)},
    # Only the uploader (staff) deletes; the page's row after it finds the file gone.
    "api.delete_evidence": {"DELETE": (401, 204, 403, 403)},
    "api.delete_evidence_other": {"DELETE": (401, 404, 404, 403)},
    "evidence.delete": {"POST": (LOGIN, 404, 302, 302)},
    "evidence.delete_other": {"POST": (LOGIN, 404, 404, 302)},
    "evidence.attach": {"POST": (LOGIN, 302, 302, 302)},  # no file: said on the page
    "evidence.attach_other": {"POST": (LOGIN, 404, 404, 302)},
    # The period lock (締め): forms without their token go back to the page;
    # API bodies and queries left out are 422 (see tests/periods for the rest).
    "periods.index": {"GET": (LOGIN, 200, 200, 200)},
    "periods.close": {"POST": (LOGIN, 302, 302, 302)},
    "periods.close_other": {"POST": (LOGIN, 403, 403, 302)},
    "periods.reopen": {"POST": (LOGIN, 302, 302, 302)},
    "periods.evidence_pack": {"GET": (LOGIN, 403, 400, 400)},  # no month given
    "periods.evidence_pack_other": {"GET": (LOGIN, 403, 403, 400)},
    "api.close_period": {"POST": (401, 422, 422, 422)},
    "api.reopen_period": {"POST": (401, 422, 422, 422)},
    "api.list_periods": {"GET": (401, 422, 422, 422)},
    "api.evidence_pack": {"GET": (401, 422, 422, 422)},
    "checklists.tick": {"POST": (LOGIN, 302, 302, 302)},
    "checklists.tick_other": {"POST": (LOGIN, 404, 404, 302)},
    # Last among the API rows: archiving cancels the task's future occurrences,
    # which the rows above use.
    "api.archive_task": {"POST": (401, 403, 200, 200)},
    "api.adopt_measured_effort": {"POST": (401, 403, 422, 422)},
    "api.adopt_measured_effort_other": {"POST": (401, 403, 404, 422)},
    "api.archive_task_other": {"POST": (401, 404, 404, 200)},
    "api.restore_task": {"POST": (401, 403, 200, 200)},
    "api.procedure_versions": {"GET": (401, 200, 200, 200)},
    "api.procedure_versions_other": {"GET": (401, 404, 404, 200)},
    "api.procedure_reviewed": {"POST": (401, 200, 200, 200)},
    "api.handover_plan": {"GET": (401, 403, 200, 200)},
    "api.handover_plan_other": {"GET": (401, 403, 404, 200)},
    "api.apply_handover": {"POST": (401, 403, 422, 422)},
    "api.list_closures": {"GET": (401, 200, 200, 200), "POST": (401, 403, 403, 422)},
    "api.create_closure": {"POST": (401, 403, 403, 422)},
    # admin.delete_closed_day above already removed the closure for the admin.
    "api.delete_closure": {"DELETE": (401, 403, 403, 404)},
    "api.list_inventory": {"GET": (401, 200, 200, 200)},
    "api.start_inventory": {"POST": (401, 403, 422, 422)},
    "api.get_inventory": {"GET": (401, 200, 200, 200)},
    "api.get_inventory_other": {"GET": (401, 404, 404, 200)},
    "api.get_inventory_answer": {"GET": (401, 200, 200, 200)},
    "api.get_inventory_answer_other": {"GET": (401, 404, 404, 200)},
    # The page's "close" above already closed the cycle for managers and admins.
    "api.put_inventory_answer": {"PUT": (401, 200, 409, 409)},
    "api.remind_inventory": {"POST": (401, 403, 409, 409)},
    "api.retire_inventory_task": {"POST": (401, 403, 409, 409)},
    "api.close_inventory": {"POST": (401, 403, 200, 200)},
    # Events are the company's, not a department's: staff follow runs, managers record.
    # Event types: everyone reads them; only administrators change them. In
    # this order, so that the step removed on the page is back for the API.
    "event_types.index": {"GET": (LOGIN, 200, 200, 200)},
    "event_types.new": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 400)},
    "event_types.show": {"GET": (LOGIN, 200, 200, 200)},
    "event_types.save_titles": {"POST": (LOGIN, 403, 403, 400)},
    "event_types.reset": {"POST": (LOGIN, 403, 403, 302)},
    "event_types.new_step": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 400)},
    "event_types.edit_step": {"GET": (LOGIN, 403, 403, 200), "POST": (LOGIN, 403, 403, 400)},
    "event_types.remove_step": {"POST": (LOGIN, 403, 403, 302)},
    "event_types.reset_step": {"POST": (LOGIN, 403, 403, 302)},
    "api.get_event_type": {"GET": (401, 200, 200, 200)},
    "api.post_event_type": {"POST": (401, 403, 403, 422)},
    "api.patch_event_type": {"PATCH": (401, 403, 403, 200)},
    "api.post_event_step": {"POST": (401, 403, 403, 422)},
    "api.put_event_step": {"PUT": (401, 403, 403, 422)},
    "api.reset_event_step": {"POST": (401, 403, 403, 200)},
    "api.delete_event_step": {"DELETE": (401, 403, 403, 204)},
    "events.index": {"GET": (LOGIN, 200, 200, 200)},
    "events.new": {"GET": (LOGIN, 403, 200, 200), "POST": (LOGIN, 403, 200, 200)},
    "events.show": {"GET": (LOGIN, 200, 200, 200)},
    "events.cancel": {"GET": (LOGIN, 403, 200, 200), "POST": (LOGIN, 403, 302, 302)},
    "api.record_event": {"POST": (401, 403, 422, 422)},
    "api.list_events": {"GET": (401, 200, 200, 200)},
    "api.get_event": {"GET": (401, 200, 200, 200)},
    "api.cancel_event": {"POST": (401, 403, 200, 200)},
    "static": {"GET": (200, 200, 200, 200)},
}


def _make_ids(world) -> dict:  # noqa: ANN001
    """Records of both departments for the rules' path parameters."""
    staff = db.session.get(User, world.staff)
    token, _ = tokens.create_token(staff)
    _, feed = tokens.create_token(staff, kind=tokens.CALENDAR)
    first = {task_id: db.session.scalar(
        select(Occurrence.id).where(Occurrence.task_id == task_id)
        .order_by(Occurrence.due_date).limit(1))
        for task_id in (world.payroll_task, world.accounting_task)}
    ids = {"token": token.id, "feed": feed, "occurrence": first[world.payroll_task],
           "other_occurrence": first[world.accounting_task],
           "closed_day": db.session.scalar(select(ClosedDay.id).limit(1))}
    notice = Notification(dedupe_key="test", kind="reminder", channel="inbox",
                          status="sent", recipient_id=world.staff,
                          send_after=datetime(2026, 12, 1, tzinfo=timezone.utc))
    db.session.add(notice)
    db.session.flush()
    ids["notification"] = notice.id
    employee = Employee(number="A-1", name="山田\u3000太郎")
    db.session.add(employee)
    db.session.flush()
    ids["employee"] = employee.id
    # Each task has its proposal since it was saved.
    for key, task in (("suggestion", world.payroll_task),
                      ("other_suggestion", world.accounting_task)):
        ids[key] = db.session.scalar(select(Suggestion.id).where(Suggestion.task_id == task))
    for key, department, task in (("cycle", world.payroll, world.payroll_task),
                                  ("other_cycle", world.accounting, world.accounting_task)):
        cycle = InventoryCycle(department_id=department, name="棚卸",
                               due_date=date(2027, 4, 30), started_by_id=world.admin)
        cycle.answers.append(InventoryAnswer(task_id=task, effort_minutes_before=30,
                                             respondent_id=world.staff))
        db.session.add(cycle)
        db.session.flush()
        ids[key], ids[key.replace("cycle", "answer")] = cycle.id, cycle.answers[0].id
    for key in ("absence", "api_absence"):
        absence = Absence(user_id=world.staff, start_date=date(2027, 1, 4),
                          end_date=date(2027, 1, 5))
        db.session.add(absence)
        db.session.flush()
        ids[key] = absence.id
    db.session.commit()
    other_absence = Absence(user_id=world.other_staff, start_date=date(2027, 1, 4),
                            end_date=date(2027, 1, 5))
    db.session.add(other_absence)
    db.session.flush()
    ids["other_absence"] = other_absence.id
    event = Event(type_key="leave", date=date(2026, 12, 15), employee_id=ids["employee"],
                  recorded_by_id=world.manager)
    db.session.add(event)
    db.session.flush()
    ids["event"] = event.id
    for task_id in (world.payroll_task, world.accounting_task):
        db.session.add(TaskStep(task_id=task_id, position=1, text="確認する"))
    for key, person, occurrence in (("evidence", world.staff, ids["occurrence"]),
                                    ("other_evidence", world.other_staff,
                                     ids["other_occurrence"])):
        ids[key] = evidence_service.attach(
            db.session.get(User, person), db.session.get(Occurrence, occurrence),
            evidence_service.Upload("a.pdf", b"%PDF-1.4\n%%EOF\n")).id
    db.session.commit()
    return ids


def _params(rule, world, ids, other: bool) -> dict:  # noqa: ANN001
    api = rule.endpoint.startswith("api.")
    values = {
        "department_id": world.accounting if other else world.payroll,
        "absence_id": ids["other_absence"] if other else (
            ids["api_absence"] if api else ids["absence"]),
        "notification_id": ids["notification"],
        "suggestion_id": ids["other_suggestion"] if other else ids["suggestion"],
        "task_id": world.accounting_task if other else world.payroll_task,
        "occurrence_id": ids["other_occurrence"] if other else ids["occurrence"],
        "person_id": world.other_staff if other else world.staff,
        "cycle_id": ids["other_cycle"] if other else ids["cycle"],
        "answer_id": ids["other_answer"] if other else ids["answer"],
        "token_id": ids["token"],
        "token": ids["feed"],
        "closed_day_id": ids["closed_day"],
        "event_id": ids["event"],
        "employee_id": ids["employee"],
        "evidence_id": ids["other_evidence"] if other else ids["evidence"],
        "item_id": 1,
        "filename": "css/app.css",
        "fmt": "xlsx",
        "kind": "tasks",
        "upload": "0" * 32,
        "key": "payroll",
        "path": "Users",
    }
    if "step_key" in rule.arguments or rule.endpoint.startswith("event_types.") or (
            rule.endpoint.endswith(("_event_type", "_event_step"))):
        values.update(key="leave", step_key="accounts-removal")
    if rule.endpoint == "api.docs_asset":
        values["filename"] = "swagger-ui.css"
    return {name: values[name] for name in rule.arguments}


def test_every_rule_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    listed = {name.removesuffix("_other") for name in EXPECTED}
    assert endpoints - listed == set(), "add the new endpoint to EXPECTED"
    assert listed - endpoints == set(), "remove the endpoint that no longer exists"


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_each_role_gets_the_expected_status(app, client, auth, world, role_index):
    role = ROLES[role_index]
    with app.app_context():
        ids = _make_ids(world)
    email = {"staff": "staff@example.com", "manager": "manager@example.com",
             "admin": "admin@example.com"}.get(role)
    if email:
        auth.login(email)
    csrf = auth.csrf_token("/login") if role == "anonymous" else auth.csrf_token("/account/")
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    failures = []
    # Signing out last, since it ends the session the other requests use.
    last = ("account.sign_out_everywhere", "auth.logout")
    for name, methods in sorted(EXPECTED.items(),
                                key=lambda item: last.index(item[0]) + 1 if item[0] in last
                                else 0):
        endpoint = name.removesuffix("_other")
        rule = rules[endpoint]
        with app.test_request_context():
            from flask import url_for

            path = url_for(endpoint, **_params(rule, world, ids, name.endswith("_other")))
        for method, statuses in methods.items():
            expected = statuses[role_index]
            if method == "GET":
                response = client.get(path)
            elif path.startswith("/api/"):
                response = client.open(path, method=method,
                                       json={} if method != "DELETE" else None,
                                       headers={"X-CSRFToken": csrf})
            else:
                response = client.open(path, method=method, data={"csrf_token": csrf})
            response.close()
            if response.status_code != expected:
                failures.append(f"{method} {path}: {response.status_code} != {expected}")
            if response.status_code >= 500:
                failures.append(f"{method} {path}: server error")
    assert failures == []


SCOPED = {"department_id", "task_id", "occurrence_id", "person_id", "cycle_id", "answer_id",
          "absence_id", "suggestion_id", "evidence_id"}


@pytest.mark.parametrize("email", ["staff@example.com", "manager@example.com"])
def test_another_departments_ids_are_refused_on_every_route(app, client, auth, world, email):
    """Every rule that takes a record of a department, every method, with the
    accounting department's records, as payroll staff and a payroll manager:
    never an answer that shows or changes the record."""
    with app.app_context():
        ids = _make_ids(world)
    auth.login(email)
    csrf = auth.csrf_token("/account/")
    failures, tried = [], 0
    for rule in app.url_map.iter_rules():
        if not rule.arguments & SCOPED:
            continue
        with app.test_request_context():
            from flask import url_for

            path = url_for(rule.endpoint, **_params(rule, world, ids, other=True))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            tried += 1
            if path.startswith("/api/"):
                response = client.open(path, method=method,
                                       json={} if method != "DELETE" else None,
                                       headers={"X-CSRFToken": csrf})
            else:
                response = client.open(path, method=method, data={"csrf_token": csrf})
            response.close()
            if response.status_code not in (403, 404):
                failures.append(f"{method} {path}: {response.status_code}")
    assert tried > 60
    assert failures == []
