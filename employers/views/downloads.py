"""Responses that send a workforce file: shared by the employer and the staff pages."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from employers.exports import CHUNK_SIZE, export_filename, register_csv, register_xlsx
from employers.models import Establishment
from employers.selectors import employee_list_for_establishment

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_download(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def register_csv_response(establishment: Establishment) -> StreamingHttpResponse:
    """The establishment's register as CSV, streamed row by row."""
    employees = employee_list_for_establishment(establishment=establishment)
    response = StreamingHttpResponse(
        register_csv(employees.iterator(chunk_size=CHUNK_SIZE)), content_type=CSV_TYPE
    )
    filename = export_filename(establishment=establishment, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def register_xlsx_response(establishment: Establishment) -> FileResponse:
    """The establishment's register as an Excel workbook."""
    employees = employee_list_for_establishment(establishment=establishment)
    return FileResponse(
        register_xlsx(employees.iterator(chunk_size=CHUNK_SIZE)),
        as_attachment=True,
        filename=export_filename(establishment=establishment, extension="xlsx"),
        content_type=XLSX_TYPE,
    )
