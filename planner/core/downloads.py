"""Exports as a browser downloads them: a streamed CSV, an Excel workbook, or a
JSON document (a data-subject request's export)."""
from __future__ import annotations

from io import BytesIO
from tempfile import TemporaryFile
from typing import Any

from flask import Response, abort, current_app, json, send_file, stream_with_context

from planner.core.sheets import XLSX_MIMETYPE, Table, csv_of, write_workbook


def download(tables: list[Table], name: str, fmt: str) -> Response:
    """An export as a streamed CSV (its first table) or an Excel workbook."""
    # ASCII file names: a header cannot carry Japanese without RFC 5987 encoding.
    if fmt == "csv":
        response = Response(stream_with_context(csv_of(tables[0])),
                            mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt != "xlsx":
        abort(404)
    return xlsx_response(lambda target: write_workbook(tables, target), name)


def xlsx_response(write, name: str) -> Response:  # noqa: ANN001 - write(target)
    """The workbook is built on disk (rows stream into openpyxl's write-only
    sheets), then sent: only the compressed file is held, never the rows."""
    with TemporaryFile() as spool:
        write(spool)
        spool.seek(0)
        content = spool.read()
    return send_file(BytesIO(content), download_name=f"{name}.xlsx", as_attachment=True,
                     mimetype=XLSX_MIMETYPE)


def json_download(data: Any, name: str) -> Response:
    """`data` as an attachment `name`.json, Japanese left readable."""
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
