"""Excel exports (openpyxl), with yen number formats."""
from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

YEN = '"¥"#,##0;-"¥"#,##0'


def portfolio_workbook(data, describe: Callable) -> bytes:  # noqa: ANN001 - Portfolio
    from planner.web import labels

    book = Workbook()
    sheet = book.active
    sheet.title = _("Suggestions")[:31]
    headers = [_("Task"), _("Department"), _("Suggestion"), _("Status"), _("Saving a year"),
               _("NPV"), _("Payback (months)"), _("Risk score"), _("Owner"), _("Due"),
               _("Reason")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for s in data.suggestions:
        sheet.append([s.task.title, s.task.department.name, str(labels.SUGGESTION_KIND[s.kind]),
                      str(labels.SUGGESTION_STATUS[s.status]), s.annual_saving, s.npv,
                      s.payback_months, data.risk.get(s.task_id, 0),
                      s.owner.name if s.owner else "", s.due_date, describe(s)])
        row = sheet.max_row
        sheet.cell(row, 5).number_format = YEN
        sheet.cell(row, 6).number_format = YEN
        sheet.cell(row, 7).number_format = "0.0"
        sheet.cell(row, 10).number_format = "yyyy-mm-dd"
    totals = book.create_sheet(_("Savings by fiscal year")[:31])
    totals.append([_("Department"), _("Fiscal year"), _("Planned saving a year"),
                   _("Realised saving a year")])
    for cell in totals[1]:
        cell.font = Font(bold=True)
    for (department, year), sums in data.totals.items():
        totals.append([department, year, sums["planned"], sums["realised"]])
        totals.cell(totals.max_row, 3).number_format = YEN
        totals.cell(totals.max_row, 4).number_format = YEN
    for worksheet in (sheet, totals):
        worksheet.freeze_panes = "A2"
        for index, column in enumerate(worksheet.columns, start=1):
            width = max(len(str(c.value or "")) for c in column)
            worksheet.column_dimensions[get_column_letter(index)].width = min(60, width + 4)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
