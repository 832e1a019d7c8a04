"""The portfolio as a spreadsheet: every suggestion, then the savings by fiscal year."""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from planner.core import labels
from planner.core.sheets import CHOICE, DATE, INTEGER, YEN_FORMAT, Column, Table


def portfolio(data, describe: Callable) -> list[Table]:  # noqa: ANN001 - suggestions.Portfolio

    money = {"kind": INTEGER, "number_format": YEN_FORMAT, "width": 14}
    columns = [Column("task", _("Task"), width=30), Column("department", _("Department")),
               Column("kind", _("Suggestion"), CHOICE, choices=labels.SUGGESTION_KIND),
               Column("status", _("Status"), CHOICE, choices=labels.SUGGESTION_STATUS),
               Column("saving", _("Saving a year"), **money), Column("npv", _("NPV"), **money),
               Column("payback", _("Payback (months)"), number_format="0.0", width=10),
               Column("risk", _("Risk score"), INTEGER, width=10),
               Column("owner", _("Owner")), Column("due", _("Due"), DATE, width=12),
               Column("reason", _("Reason"), width=60)]
    # A generator over the chunked rows: the CSV streams, the workbook fills as it reads.
    rows = ([s.task.title, s.task.department.name, s.kind, s.status, s.annual_saving, s.npv,
             s.payback_months, risk, s.owner.name if s.owner else None, s.due_date, describe(s)]
            for s, risk in data.rows)
    totals_columns = [Column("department", _("Department")),
                      Column("year", _("Fiscal year"), INTEGER, width=10),
                      Column("planned", _("Planned saving a year"), **money),
                      Column("realised", _("Realised saving a year"), **money)]
    totals = [[department, year, sums["planned"], sums["realised"]]
              for (department, year), sums in data.totals.items()]
    return [Table(_("Suggestions"), columns, rows),
            Table(_("Savings by fiscal year"), totals_columns, totals)]
