"""The composition root: the one module that knows every feature. It builds
the application from core's subsystems, then each feature's pages, API routes
and commands."""
from __future__ import annotations

from typing import Any

from flask import Flask

from planner import cli, jobs
from planner.account import views as account_views
from planner.admin import api as admin_api
from planner.admin import views as admin_views
from planner.calendar import api as calendar_api
from planner.calendar import wording
from planner.checklists import api as checklists_api
from planner.checklists import views as checklist_views
from planner.company import api as company_api
from planner.company import subscriptions as company_subscriptions
from planner.company import views as company_views
from planner.core import ROOT, api, api_docs, audit, db, i18n, openapi, runtime, web
from planner.core.transaction import TransactionalFlask
from planner.costing import api as costing_api
from planner.costing import (
    assessment_api,
    assessment_views,
    portfolio_views,
    price_book_api,
    price_book_views,
)
from planner.costing import subscriptions as costing_subscriptions
from planner.costing import views as costing_views
from planner.coverage import api as coverage_api
from planner.coverage import subscriptions as coverage_subscriptions
from planner.coverage import views as coverage_views
from planner.demo import web as demo_web
from planner.employees import api as employees_api
from planner.employees import views as employee_views
from planner.events import api as events_api
from planner.events import runs_api as event_runs_api
from planner.events import subscriptions as event_subscriptions
from planner.events import type_views as event_type_views
from planner.events import views as event_views
from planner.events import webhook_api, webhook_views
from planner.evidence import api as evidence_api
from planner.evidence import subscriptions as evidence_subscriptions
from planner.evidence import views as evidence_views
from planner.handover import api as handover_api
from planner.handover import subscriptions as handover_subscriptions
from planner.handover import views as handover_views
from planner.identity import leaving as identity_leaving
from planner.identity import oidc, scim
from planner.identity import provisioning as identity_provisioning
from planner.identity import views as identity_views
from planner.inventory import api as inventory_api
from planner.inventory import subscriptions as inventory_subscriptions
from planner.inventory import views as inventory_views
from planner.notifications import api as notifications_api
from planner.notifications import leases as notification_leases
from planner.notifications import subscriptions as notification_subscriptions
from planner.notifications import views as notification_views
from planner.notifications import web as notifications_web
from planner.overview import views as overview_views
from planner.people import api as people_api
from planner.people import auth_views, security, tokens
from planner.periods import api as periods_api
from planner.periods import subscriptions as period_subscriptions
from planner.periods import views as period_views
from planner.procedures import api as procedures_api
from planner.procedures import subscriptions as procedure_subscriptions
from planner.procedures import views as procedure_views
from planner.signoff import api as signoff_api
from planner.signoff import subscriptions as signoff_subscriptions
from planner.signoff import views as signoff_views
from planner.tasks import api as tasks_api
from planner.tasks import views as task_views
from planner.transfer import views as transfer_views
from planner.work import api as work_api
from planner.work import feed_views
from planner.work import subscriptions as work_subscriptions
from planner.work import views as work_views

BLUEPRINTS = (auth_views.bp, task_views.bp, work_views.bp, coverage_views.bp, costing_views.bp,
              portfolio_views.bp, admin_views.bp, account_views.bp, feed_views.bp,
              transfer_views.bp, handover_views.bp, inventory_views.bp, notification_views.bp,
              company_views.bp, price_book_views.bp, employee_views.bp, event_views.bp,
              event_type_views.bp, webhook_views.bp, webhook_api.receiver, signoff_views.bp,
              checklist_views.bp, evidence_views.bp, period_views.bp, overview_views.bp,
              identity_views.bp, scim.bp)
# Imported for what importing them does: the routes they add to the API blueprint
# (and procedures' pages to the tasks blueprint, the assessment's to costing's), the
# audit log's flush hook, and the features' signal receivers.
REGISTERED_ON_IMPORT = (api_docs, openapi, calendar_api, company_api, costing_api,
                        price_book_api, assessment_api, assessment_views, coverage_api,
                        handover_api, inventory_api, notifications_api, people_api,
                        procedures_api, tasks_api, work_api, events_api, event_runs_api,
                        employees_api, webhook_api, procedure_views, audit,
                        work_subscriptions, notification_subscriptions, procedure_subscriptions,
                        coverage_subscriptions, costing_subscriptions, handover_subscriptions,
                        inventory_subscriptions, company_subscriptions, event_subscriptions,
                        signoff_api, signoff_subscriptions, checklists_api, evidence_api,
                        evidence_subscriptions, admin_api, periods_api,
                        period_subscriptions, identity_leaving)


def build(config: object | str | None = None, **overrides: Any) -> Flask:
    app = TransactionalFlask(
        "planner",
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or "config.Config")
    app.config.update(overrides)
    notification_leases.init_app(app)  # first: a bad lease stops start-up before anything runs
    identity_provisioning.init_app(app)  # so does a bad SCIM_ROLE_GROUPS
    # PLANNER_INSTANCE's folder (config's INSTANCE_PATH): uploads waiting for
    # their commit are kept there, beside the database, not under the code.
    app.instance_path = str(app.config.get("INSTANCE_PATH", app.instance_path))
    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    notifications_web.init_app(app)
    wording.init_app(app)
    demo_web.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    oidc.init_app(app)  # sign-in with OpenID Connect: its routes, and the client when set
    api.init_app(app, tokens.authenticate_token)
    jobs.init_app(app)
    cli.init_app(app)
    runtime.init_app(app)  # last: freezes what the steps above built
    return app
