"""Bulk import of the workforce register from CSV or Excel, as an employer sees it."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditEvent
from employers import services
from employers.models import Employee, WorkforceImport
from employers.services import workforce_import_process
from employers.validators import COLUMNS
from tests.conftest import sign_in
from tests.employers.conftest import csv_bytes, foreign_row, row, xlsx_bytes
from tests.factories import EmployeeFactory, EstablishmentFactory, WorkforceImportFactory

pytestmark = pytest.mark.django_db


def _only_import() -> WorkforceImport:
    return WorkforceImport.objects.get()


class TestGoodFiles:
    def test_csv_adds_omani_and_foreign_employees(self, upload, establishment):
        # given a file with one Omani and one foreign worker
        content = csv_bytes([row(), foreign_row()])

        # when it is uploaded
        response = upload(content)

        # then both are on the register with every column as written
        body = response.content.decode()
        assert response.redirected_to.endswith(f"/imports/{_only_import().pk}/")
        assert "Finished" in body
        omani = Employee.objects.get(establishment=establishment, civil_id="12345678")
        assert omani.name_en == "Salim bin Khalid Al Harthy"
        assert omani.monthly_salary == Decimal("1500.500")
        assert omani.job_level == 1
        assert omani.contract_end is None
        foreign = Employee.objects.get(establishment=establishment, passport_number="K1234567")
        assert foreign.nationality == "IND"
        assert foreign.contract_start == datetime.date(2024, 3, 1)
        assert foreign.contract_end == datetime.date(2026, 2, 28)
        imported = _only_import()
        assert (imported.status, imported.created_count, imported.rejected_count) == (
            "succeeded",
            2,
            0,
        )
        assert imported.processed == imported.total == 2

    def test_header_in_any_order_and_case_with_a_bom(self, upload, establishment):
        header = [
            " CONTRACT_END",
            "Contract_Start ",
            "disability",
            "working_time",
            "monthly_salary",
            "job_level",
            "occupation_code",
            "name_en",
            "name_ar",
            "nationality",
            "passport_number",
            "civil_id",
        ]

        upload(csv_bytes([row()], header=header, bom=True))

        assert Employee.objects.filter(establishment=establishment).count() == 1

    def test_xlsx_with_date_and_number_cells(self, upload, establishment):
        values = row()
        cells = [values[c] for c in ("civil_id", "passport_number", "nationality")]
        cells += [values["name_ar"], values["name_en"], 7112, 4, 350.5, "Part", "YES"]
        cells += [datetime.datetime(2024, 5, 1), datetime.date(2027, 4, 30)]

        upload(xlsx_bytes([cells]), name="staff.xlsx")

        employee = Employee.objects.get(establishment=establishment)
        assert employee.occupation_code == "7112"
        assert employee.monthly_salary == Decimal("350.500")
        assert employee.is_full_time is False
        assert employee.has_disability is True
        assert employee.contract_start == datetime.date(2024, 5, 1)
        assert employee.contract_end == datetime.date(2027, 4, 30)
        assert _only_import().file_format == "xlsx"

    def test_known_people_are_updated_not_doubled(self, upload, establishment):
        EmployeeFactory(establishment=establishment, civil_id="12345678", nationality="OMN")
        EmployeeFactory(establishment=establishment, passport_number="K1234567", nationality="IND")

        upload(csv_bytes([row(monthly_salary="999"), foreign_row(job_level="3")]))

        assert Employee.objects.filter(establishment=establishment).count() == 2
        assert Employee.objects.get(civil_id="12345678").monthly_salary == Decimal("999")
        assert Employee.objects.get(passport_number="K1234567").job_level == 3
        assert (_only_import().created_count, _only_import().updated_count) == (0, 2)

    def test_same_passport_of_another_nationality_is_another_person(self, upload, establishment):
        EmployeeFactory(establishment=establishment, passport_number="K1234567", nationality="PAK")

        upload(csv_bytes([foreign_row()]))

        assert Employee.objects.filter(passport_number="K1234567").count() == 2

    def test_another_establishments_employee_is_never_touched(self, upload, establishment):
        canary = EmployeeFactory(
            establishment=EstablishmentFactory(),
            civil_id="12345678",
            nationality="OMN",
            name_en="Canary Person",
        )

        upload(csv_bytes([row()]))

        canary.refresh_from_db()
        assert canary.name_en == "Canary Person"
        assert Employee.objects.filter(establishment=establishment).count() == 1

    def test_the_import_is_audited_once_with_its_counts(self, upload, employer_user):
        upload(csv_bytes([row(), foreign_row(), row(civil_id="123")]))

        event = AuditEvent.objects.get(action="employers.workforce_imported")
        assert event.actor == employer_user
        assert event.after["created"] == 2
        assert event.after["rejected"] == 1
        assert event.object_id == str(_only_import().pk)

    def test_the_stored_file_is_private_and_uuid_named(self, upload, private_files):
        upload(csv_bytes([row()]), name="../../etc/passwd.csv")

        imported = _only_import()
        stored = private_files / imported.stored_path
        assert stored.is_file()
        assert stored.parent == private_files / "workforce-imports"
        assert len(stored.stem) == 32
        assert imported.original_filename == "passwd.csv"

    def test_batches_commit_progress_one_after_another(self, upload, establishment, monkeypatch):
        monkeypatch.setattr(services, "IMPORT_BATCH_SIZE", 2)
        rows = [row(civil_id=f"1000000{n}", name_en=f"Person {'ABCDE'[n]}") for n in range(5)]

        upload(csv_bytes(rows))

        imported = _only_import()
        assert (imported.processed, imported.created_count) == (5, 5)

    def test_a_redelivered_task_resumes_after_the_committed_batches(
        self, employer_user, establishment, private_files, monkeypatch
    ):
        # given an import whose first batch (2 rows) was committed before the worker died
        monkeypatch.setattr(services, "IMPORT_BATCH_SIZE", 2)
        rows = [row(civil_id=f"1000000{n}") for n in range(5)]
        path = private_files / "workforce-imports" / "resume.csv"
        path.parent.mkdir(parents=True)
        path.write_bytes(csv_bytes(rows))
        running = WorkforceImportFactory(
            establishment=establishment,
            uploaded_by=employer_user,
            stored_path="workforce-imports/resume.csv",
            status=WorkforceImport.Status.RUNNING,
            total=5,
            processed=2,
            created_count=2,
            rejected_count=0,
            rejected_rows=[],
        )

        # when the task runs again
        workforce_import_process(import_id=running.pk)

        # then only the remaining rows are imported
        running.refresh_from_db()
        assert running.status == "succeeded"
        assert (running.processed, running.created_count) == (5, 5)
        assert set(Employee.objects.values_list("civil_id", flat=True)) == {
            "10000002",
            "10000003",
            "10000004",
        }

    def test_a_finished_import_is_left_alone(self, employer_user, establishment):
        done = WorkforceImportFactory(establishment=establishment, created_count=7)

        workforce_import_process(import_id=done.pk)

        done.refresh_from_db()
        assert done.created_count == 7

    def test_a_missing_file_fails_the_import_and_says_so(self, employer_user, establishment):
        queued = WorkforceImportFactory(
            establishment=establishment,
            uploaded_by=employer_user,
            status=WorkforceImport.Status.QUEUED,
            language="en",
        )

        workforce_import_process(import_id=queued.pk)

        queued.refresh_from_db()
        assert queued.status == "failed"
        assert "unexpected error" in queued.failure_reason
        assert AuditEvent.objects.filter(action="employers.workforce_import_failed").exists()


class TestWholeFileRefused:
    @pytest.mark.parametrize(
        ("header", "named"),
        [
            (["civil_id", "passport", "nationality"], ["Missing columns:", "passport_number"]),
            ([*COLUMNS, "dob"], ["Unknown column: dob"]),
            ([*COLUMNS, "name_en"], ["written more than once: name_en"]),
        ],
    )
    def test_wrong_columns_save_nothing_and_are_named(self, upload, header, named):
        response = upload(csv_bytes([row()], header=header))

        body = response.content.decode()
        assert response.status_code == 200
        assert 'id="error-summary"' in body
        assert "nothing was imported" in body
        for text in named:
            assert text in body
        assert not WorkforceImport.objects.exists()
        assert not Employee.objects.exists()

    @pytest.mark.parametrize(
        "content",
        [
            "civil_id\u00e9".encode("latin-1"),
            b"civil_id,passport_number\x00\n",
            b"PK\x03\x04 this is not a workbook",
            b"\x89PNG\r\n\x1a\n",
        ],
        ids=["latin-1", "nul-bytes", "fake-zip", "image"],
    )
    def test_files_that_are_not_csv_or_xlsx(self, upload, content):
        response = upload(content, name="workforce.csv")

        assert (
            "neither an Excel workbook (.xlsx) nor a CSV file in UTF-8" in response.content.decode()
        )
        assert not WorkforceImport.objects.exists()

    def test_a_workbook_named_csv_is_still_read_as_a_workbook(self, upload, establishment):
        values = row()
        upload(xlsx_bytes([[values[c] for c in values]]), name="workforce.csv")

        assert Employee.objects.filter(establishment=establishment).count() == 1

    def test_too_many_rows(self, upload):
        rows = [row(civil_id=f"{10_000_000 + n}") for n in range(20_001)]

        response = upload(csv_bytes(rows))

        assert "more than 20,000 employees" in response.content.decode()
        assert not Employee.objects.exists()

    def test_a_header_without_rows(self, upload):
        response = upload(csv_bytes([]))

        assert "has a header but no employees" in response.content.decode()

    def test_too_large(self, upload):
        response = upload(b"x" * (5 * 1024 * 1024 + 1))

        assert "larger than 5 MB" in response.content.decode()
        assert not WorkforceImport.objects.exists()


MIXED = [
    row(civil_id="11111111", name_en="Good Omani"),  # row 2
    foreign_row(passport_number="G7654321", name_en="Good Foreigner"),  # row 3
    row(civil_id="22222222", contract_end="31/02/2025"),  # row 4: no such date
    row(civil_id="33333333", occupation_code="9999"),  # row 5: unknown occupation
    foreign_row(passport_number="D1111111"),  # row 6: duplicated with row 8
    row(civil_id="44444444", name_ar="Salim Al Harthy"),  # row 7: Latin in the Arabic name
    foreign_row(passport_number="D1111111", name_en="Another Name"),  # row 8
    row(civil_id="55555555", name_en="سالم الحارثي"),  # row 9: Arabic in the English name
    foreign_row(passport_number="N5555555", nationality="XYZ"),  # row 10: no such country
    row(civil_id="", name_en="No Civil"),  # row 11: Omani without civil ID
]


class TestMixedFile:
    def test_each_bad_row_is_reported_and_only_good_rows_are_saved(self, upload, establishment):
        response = upload(csv_bytes(MIXED))

        # only the two good rows are on the register
        assert set(
            Employee.objects.filter(establishment=establishment).values_list("name_en", flat=True)
        ) == {"Good Omani", "Good Foreigner"}
        imported = _only_import()
        assert (imported.created_count, imported.rejected_count) == (2, 8)
        reasons = {(p["row"], p["column"]): p for p in imported.rejected_rows}
        assert reasons[(4, "contract_end")]["reason"] == (
            "31/02/2025 is not a date (use YYYY-MM-DD or DD/MM/YYYY)."
        )
        assert reasons[(4, "contract_end")]["value"] == "31/02/2025"
        assert "9999 is not an ISCO-08 occupation" in reasons[(5, "occupation_code")]["reason"]
        assert "also in row 8" in reasons[(6, "passport_number")]["reason"]
        assert "also in row 6" in reasons[(8, "passport_number")]["reason"]
        assert "not written in Arabic letters" in reasons[(7, "name_ar")]["reason"]
        assert "not written in Latin letters" in reasons[(9, "name_en")]["reason"]
        assert "XYZ is not a country code" in reasons[(10, "nationality")]["reason"]
        assert "needs a civil ID number" in reasons[(11, "civil_id")]["reason"]
        # and the employer sees them on the page
        body = response.content.decode()
        assert 'id="rejected-rows"' in body
        assert "31/02/2025 is not a date" in body
        assert "Salim Al Harthy" in body

    def test_the_rejection_report_downloads_as_csv_for_excel(
        self, upload, employer_client, establishment
    ):
        upload(csv_bytes(MIXED))
        imported = _only_import()

        response = employer_client.get(
            reverse(
                "employers:employer-workforce-import-rejections",
                kwargs={"establishment_id": establishment.pk, "import_id": imported.pk},
            )
        )

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        assert response.content.startswith(b"\xef\xbb\xbf")
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert lines[0] == ["row", "column", "value", "reason"]
        assert ["7", "name_ar", "Salim Al Harthy"] in [line[:3] for line in lines]
        assert sorted({int(line[0]) for line in lines[1:]}) == [4, 5, 6, 7, 8, 9, 10, 11]

    def test_an_id_already_held_by_another_employee_rejects_the_row(self, upload, establishment):
        EmployeeFactory(
            establishment=establishment, civil_id="12345678", nationality="OMN", name_en="Holder"
        )

        upload(csv_bytes([foreign_row(civil_id="12345678")]))

        imported = _only_import()
        assert imported.rejected_count == 1
        assert "Holder already has the civil ID 12345678" in imported.rejected_rows[0]["reason"]
        assert Employee.objects.filter(establishment=establishment).count() == 1

    def test_the_uploaders_language_is_kept_for_the_messages(self, client, employer_user):
        from django.core.files.uploadedfile import SimpleUploadedFile

        sign_in(client, employer_user)
        establishment = employer_user.memberships.get().establishment

        client.post(
            f"/ar/employer/{establishment.pk}/workforce/imports/new/",
            {"file": SimpleUploadedFile("w.csv", csv_bytes([row()]))},
        )

        assert _only_import().language == "ar"


class TestStatusPage:
    def test_progress_partial_polls_while_running(self, employer_client, establishment):
        running = WorkforceImportFactory(
            establishment=establishment,
            status=WorkforceImport.Status.RUNNING,
            total=1000,
            processed=500,
            rejected_rows=[],
        )
        url = f"/en/employer/{establishment.pk}/workforce/imports/{running.pk}/progress/"

        body = employer_client.get(url, HTTP_HX_REQUEST="true").content.decode()

        assert 'hx-trigger="every 1s"' in body
        assert f'hx-get="{url}"' in body
        assert "500 of 1000 rows checked" in body
        assert 'value="50"' in body

    def test_progress_partial_stops_polling_and_shows_counts_when_done(
        self, employer_client, establishment
    ):
        done = WorkforceImportFactory(
            establishment=establishment, created_count=3, updated_count=2, rejected_count=1
        )

        body = employer_client.get(
            f"/en/employer/{establishment.pk}/workforce/imports/{done.pk}/progress/"
        ).content.decode()

        assert "hx-trigger" not in body
        assert 'id="import-counts"' in body
        assert 'Employees added</dt><dd class="col-sm-8">3' in body
        assert "Bad civil ID." in body

    def test_without_javascript_a_refresh_link_is_offered_while_running(
        self, employer_client, establishment
    ):
        running = WorkforceImportFactory(
            establishment=establishment, status=WorkforceImport.Status.QUEUED
        )
        done = WorkforceImportFactory(establishment=establishment)
        base = f"/en/employer/{establishment.pk}/workforce/imports"

        running_body = employer_client.get(f"{base}/{running.pk}/").content.decode()
        done_body = employer_client.get(f"{base}/{done.pk}/").content.decode()

        assert f'href="{base}/{running.pk}/">Refresh</a>' in running_body
        assert 'hx-trigger="every 1s"' in running_body
        assert ">Refresh</a>" not in done_body
        assert "hx-trigger" not in done_body

    def test_the_history_lists_this_establishments_imports_only(
        self, employer_client, establishment
    ):
        WorkforceImportFactory(establishment=establishment, original_filename="ours.csv")
        WorkforceImportFactory(original_filename="CANARY-theirs.csv")

        body = employer_client.get(
            f"/en/employer/{establishment.pk}/workforce/imports/"
        ).content.decode()

        assert "ours.csv" in body
        assert "CANARY" not in body
