"""A person's copy of their data (the right of access, Personal Data Protection Law): asked for
on /accounts/my-data/, built by a Celery task from every app's section (core.personal_data) as
a JSON file (machine-readable, field codes as keys) and a PDF (Arabic, then English), kept
under PRIVATE_FILES_ROOT and downloaded only by the person, every download audited.

A person may ask at most EXPORTS_PER_DAY times in 24 hours and not while one is being built.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import DataExport, User
from core.exceptions import ApplicationError
from core.pdf import render_pdf
from core.personal_data import sections
from core.private_files import private_file_write
from core.runs import run_fail, run_progress, run_start, run_succeed
from core.services import audit_record

EXPORTS_PER_DAY = 3
FOLDER = "data-exports"


class DataExportError(ApplicationError):
    pass


@transaction.atomic
def data_export_request(*, person: User) -> DataExport:
    """Queue a copy of the person's data; refused (nothing written) while one is being built or
    after EXPORTS_PER_DAY in 24 hours."""
    from accounts.tasks import data_export_task

    person = User.objects.select_for_update().get(pk=person.pk)  # one request at a time
    recent = DataExport.objects.filter(
        person=person, created_at__gte=timezone.now() - datetime.timedelta(days=1)
    )
    if recent.filter(status__in=[DataExport.Status.QUEUED, DataExport.Status.RUNNING]).exists():
        raise DataExportError(_("Your copy is being prepared: wait for it to finish."))
    if recent.count() >= EXPORTS_PER_DAY:
        raise DataExportError(
            _("You can ask for a copy of your data %(n)s times a day: try again tomorrow.")
            % {"n": EXPORTS_PER_DAY}
        )
    export = DataExport.objects.create(person=person, total=len(sections()))
    audit_record(actor=person, action="accounts.data_export_requested", obj=export, subject=person)
    export_id = export.pk
    transaction.on_commit(lambda: data_export_task.delay(export_id))
    return export


def data_export_build(*, export_id: int) -> DataExport:
    """Gather every section of the person's data, write the JSON file and the PDF, and finish
    the run (or fail it with the reason; nothing half-written is offered)."""
    export = run_start(DataExport, export_id, resume=False)
    if export is None:
        return DataExport.objects.get(pk=export_id)
    person = export.person
    try:
        gathered: list[tuple[Any, list[dict[str, Any]]]] = []
        for done, section in enumerate(sections(), start=1):
            gathered.append((section, section.collect(person)))
            run_progress(DataExport, export_id, processed=done)
        generated = timezone.now()
        document = {
            "format": "labor-portal-personal-data/1",
            "generated_at": generated.isoformat(),
            "person": {"civil_id": person.civil_id, "username": person.username},
            "sections": {
                section.code: {"title": _title(section, "en"), "rows": found}
                for section, found in gathered
            },
        }
        stem = f"{FOLDER}/{uuid.uuid4().hex}"
        private_file_write(
            f"{stem}.json", json.dumps(document, ensure_ascii=False, indent=2).encode()
        )
        private_file_write(
            f"{stem}.pdf", _pdf(person=person, gathered=gathered, generated=generated)
        )
    except Exception as error:
        run_fail(DataExport, export_id, f"{type(error).__name__}: {error}")
        raise
    run_succeed(
        DataExport,
        export_id,
        processed=len(gathered),
        json_path=f"{stem}.json",
        pdf_path=f"{stem}.pdf",
    )
    return DataExport.objects.get(pk=export_id)


def _title(section: Any, language: str) -> str:
    with translation.override(language):
        return str(section.title)


def _pdf(
    *, person: User, gathered: list[tuple[Any, list[dict[str, Any]]]], generated: datetime.datetime
) -> bytes:
    parts = []
    for language in ("ar", "en"):
        with translation.override(language):
            parts.append(
                {
                    "language": language,
                    "direction": "rtl" if language == "ar" else "ltr",
                    "sections": [
                        {
                            "title": str(section.title),
                            "rows": [
                                [(section.label(code), value) for code, value in row.items()]
                                for row in found
                            ],
                        }
                        for section, found in gathered
                    ],
                }
            )
    return render_pdf(
        "accounts/data_export.html", {"person": person, "parts": parts, "generated": generated}
    )


def data_export_downloaded(*, export: DataExport, actor: User, kind: str) -> None:
    audit_record(
        actor=actor,
        action="accounts.data_export_downloaded",
        obj=export,
        subject=export.person,
        after={"kind": kind},
    )
