"""The company profile and the catalogue as this company sees it."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import get_locale

from planner.company import domain
from planner.company import operations as company
from planner.company.domain import Profile
from planner.company.forms import CompanyForm
from planner.core import openapi
from planner.core.api import api_user, bp, requires_role
from planner.core.api_forms import form_from_json, require_valid
from planner.core.roles import Role


def company_json(profile: Profile) -> dict[str, Any]:
    return {**profile.as_dict(), "fiscal_year_start_month": profile.fiscal_year_start_month}


def _move_json(move: company.Move) -> dict[str, Any]:
    return {"task_id": move.task.id, "title": move.task.title,
            "old": move.old.isoformat() if move.old else None,
            "new": move.new.isoformat() if move.new else None}


@bp.get("/company")
def get_company():  # noqa: ANN201
    return jsonify(company_json(company.get_profile()))


@bp.put("/company")
@requires_role(Role.ADMIN)
def put_company():  # noqa: ANN201
    """Fields left out keep their value. With ?dry_run=1 nothing is saved: the
    answer lists the deadlines that would move."""
    current = company.get_profile().as_dict()
    form = require_valid(form_from_json(CompanyForm, request.get_json(silent=True), base=current))
    profile = form.profile()
    dry_run = request.args.get("dry_run") in ("1", "true")
    moves = company.preview(profile)
    if not dry_run:
        company.save_profile(api_user(), profile)
    return jsonify({**company_json(profile if not dry_run else company.get_profile()),
                    "dry_run": dry_run, "moves": [_move_json(m) for m in moves]})


@bp.get("/catalogue")
def list_catalogue():  # noqa: ANN201
    """Every entry, whether it applies to this company and its next legal dates."""
    language = "ja" if str(get_locale()).startswith("ja") else "en"
    entries = company.company_catalogue(language)
    return jsonify({"items": [{
        "key": shown.key, "title": shown.title, "legal_basis": shown.legal_basis,
        "applies": shown.applies, "next_due": [day.isoformat() for day in shown.next_due],
        "deadline_basis": shown.entry["deadline_basis"],
        "per_event": shown.entry["per_event"],
        "source": shown.entry["source"] or None,
    } for shown in entries], "total": len(entries)})


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    form = openapi.blank_form(CompanyForm)
    company_schema = {
        "fiscal_year_end_month": {"type": "integer", "minimum": 1, "maximum": 12},
        "fiscal_year_start_month": {"type": "integer", "minimum": 1, "maximum": 12},
        "corporate_tax_extension_months": {"type": "integer", "minimum": 0,
                                           "maximum": domain.EXTENSION_MAX_MONTHS},
        "consumption_tax_extension": openapi.BOOLEAN,
        "special_withholding": openapi.BOOLEAN,
        "special_resident_tax": openapi.BOOLEAN,
        "labour_insurance_association": openapi.BOOLEAN,
        "consumption_tax_interim_filings": {"type": "integer",
                                            "enum": list(domain.INTERIM_FILINGS)},
        "headcount": openapi.nullable({"type": "integer", "minimum": 0,
                                       "maximum": domain.HEADCOUNT_MAX}),
        **{name: openapi.nullable({"type": "integer", "minimum": 0,
                                   "maximum": domain.VOLUME_MAX})
           for name in domain.VOLUME_DRIVERS},
    }
    return {
        "Company": openapi.object_of(company_schema),
        "CompanyChange": openapi.object_of({
            **company_schema, "dry_run": openapi.BOOLEAN,
            "moves": {"type": "array", "items": openapi.object_of({
                "task_id": openapi.INTEGER, "title": openapi.STRING,
                "old": openapi.nullable(openapi.DATE), "new": openapi.nullable(openapi.DATE)})},
        }),
        "CompanyInput": openapi.form_schema(form, required=False),
        "CatalogueEntry": openapi.object_of({
            "key": openapi.STRING, "title": openapi.STRING, "legal_basis": openapi.STRING,
            "applies": openapi.BOOLEAN,
            "next_due": {"type": "array", "items": openapi.DATE, "maxItems": 3},
            "deadline_basis": {"type": "string", "enum": ["internal", "statutory"]},
            "per_event": openapi.nullable(openapi.STRING),
            "source": openapi.nullable(openapi.STRING),
        }),
        "Catalogue": openapi.object_of({
            "items": {"type": "array", "items": openapi.ref("CatalogueEntry")},
            "total": openapi.INTEGER}),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    dry_run = openapi.query_param(
        "dry_run", {"type": "string", "enum": ["0", "1", "true", "false"]},
        "1: save nothing, only list the deadlines that would move")
    return {
        "/company": {
            "get": openapi.op("The company profile", openapi.ok("Company"), (), tag="Company"),
            "put": openapi.op(
                "Change the company profile (administrators)", openapi.ok("CompanyChange"),
                (403, 422), body=openapi.ref("CompanyInput"), parameters=[dry_run],
                tag="Company",
                description="Fields left out keep their value. `employees` (everyone paid) "
                            "and the monthly volumes are what outsourcing estimates scale "
                            "with; null: not known yet. The open future occurrences "
                            "of tasks started from the catalogue move with the fiscal year; "
                            "`moves` lists them (next three dates of each task). With "
                            "`dry_run=1` nothing is saved."),
        },
        "/catalogue": {
            "get": openapi.op(
                "The catalogue of statutory deadlines for this company", openapi.ok("Catalogue"),
                (), tag="Company",
                description="`applies` follows the company profile; `next_due` holds the next "
                            "three legal due dates, shifted on the statutory calendar "
                            "(empty for a deadline that runs from an event)."),
        },
    }
