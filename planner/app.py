"""The composition root: the one module that knows every feature. It builds
the application from core's subsystems, then each feature's pages, API routes
and commands."""
from __future__ import annotations

from typing import Any

from flask import Flask

import planner.core.audit  # noqa: F401 - the audit flush hook
from planner import ROOT, cli, jobs
from planner.core import api, api_docs, db, i18n, openapi, runtime, web  # noqa: F401 - routes on the API blueprint
from planner.core.transaction import TransactionalFlask
from planner.costing import api as costing_api  # noqa: F401 - routes on the API blueprint
from planner.costing import portfolio_views
from planner.costing import views as costing_views
from planner.coverage import api as coverage_api  # noqa: F401 - routes on the API blueprint
from planner.coverage import views as coverage_views
from planner.handover import api as handover_api  # noqa: F401 - routes on the API blueprint
from planner.handover import views as handover_views
from planner.inventory import views as inventory_views
from planner.notifications import api as notifications_api  # noqa: F401 - API routes
from planner.people import account_views, admin_views, auth_views, security
from planner.people import api as people_api  # noqa: F401 - routes on the API blueprint
from planner.tasks import api as tasks_api  # noqa: F401 - routes on the API blueprint
from planner.tasks import views as task_views
from planner.transfer import views as transfer_views
from planner.work import api as work_api  # noqa: F401 - routes on the API blueprint
from planner.work import (
    api_my_work,  # noqa: F401 - routes on the API blueprint
    feed_views,
)
from planner.work import views as work_views

BLUEPRINTS = (auth_views.bp, task_views.bp, work_views.bp, coverage_views.bp, costing_views.bp,
              portfolio_views.bp, admin_views.bp, account_views.bp, feed_views.bp,
              transfer_views.bp, handover_views.bp, inventory_views.bp)


def build(config: object | str | None = None, **overrides: Any) -> Flask:
    app = TransactionalFlask(
        "planner",
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or "config.Config")
    app.config.update(overrides)
    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    api.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    runtime.init_app(app)  # last: freezes what the steps above built
    return app
