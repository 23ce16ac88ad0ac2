"""One journey per audience, in Arabic, in headless Chromium (see conftest.py): each page is
right to left, passes axe-core without a serious or critical violation, and is photographed."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from core.models import AuditEvent
from employers.models import Establishment
from jobseekers.models import Application
from jobseekers.services.profiles import ProfileData, profile_save
from jobseekers.services.vacancies import VacancyData, vacancy_post
from notifications.models import SmsMessage
from permits.models import Permit, PermitDocument
from permits.services import permit_approve
from sanad.models import Consent, SanadReceipt
from tests.conftest import sign_in, sign_in_staff, wait_until
from tests.factories import TEST_PASSWORD, EstablishmentFactory, UserFactory
from tests.permits.builders import representative
from tests.permits.employer_helpers import PDF
from tests.permits.registry import registry_mobile_of
from tests.permits.staff_helpers import barred_establishment, queued_case
from tests.sanad.helpers import clerk, person

# serialized_rollback: the pages need the data the migrations load (occupations, SMS templates,
# rule sets), which the flush after a transactional test would otherwise leave empty.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_jobseeker_searches_in_arabic_applies_and_withdraws(journey: Any) -> None:
    establishment = EstablishmentFactory.create()
    vacancy = vacancy_post(
        establishment=establishment,
        posted_by=representative(establishment),
        data=VacancyData(
            title_en="Building electrician",
            title_ar="كهربائي مباني",
            occupation="7411",
            required_skills="electrical wiring",
            optional_skills="",
            education_min="secondary",
            experience_min_years=2,
            governorate="Muscat",
            salary_min="450",
            salary_max="600",
            openings=1,
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
        ),
    )
    person = UserFactory.create(
        role=User.Role.JOBSEEKER, civil_id="70000777", mobile="+96892000777"
    )
    profile = profile_save(
        user=person,
        data=ProfileData(
            education_level="diploma",
            years_experience=4,
            governorate="muscat",
            occupations="electrician",
            skills="electrical wiring",
        ),
    )
    browser = journey(sign_in(Client(), person), "jobseeker")

    # search in Arabic
    browser.open("/ar/vacancies/")
    browser.page.get_by_label("المسمى الوظيفي أو المهارة أو صاحب العمل").first.fill("كهربائي")
    browser.submit("بحث", "search-results")
    browser.page.get_by_role("link", name="كهربائي مباني").first.click()
    browser.check("vacancy")
    # apply
    browser.submit("تقديم الطلب", "applied")
    application = Application.objects.get(profile=profile, vacancy=vacancy)
    assert application.status == Application.Status.APPLIED
    # withdraw from my applications
    browser.open("/ar/my/applications/")
    browser.submit("سحب", "withdrawn")
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


# --- an employer's representative: a work permit, from the application to its certificate ------


def test_an_employer_files_a_work_permit_with_its_documents_and_downloads_the_certificate(
    journey: Any, fake_sms: Any, tmp_path: Path
) -> None:
    # an establishment barred for now: the application waits for a ministry decision
    establishment = barred_establishment()
    applicant = representative(establishment)
    passport = tmp_path / "passport.pdf"
    passport.write_bytes(PDF)
    contract = tmp_path / "contract.pdf"
    contract.write_bytes(PDF)
    qualification = tmp_path / "diploma.pdf"
    qualification.write_bytes(PDF)
    today = timezone.localdate()
    browser = journey(sign_in(Client(), applicant), "employer")

    # the permits of the establishment, then the application form
    browser.open(f"/ar/employer/{establishment.pk}/permits/")
    browser.page.get_by_role("link", name="تقديم طلب ترخيص عمل").first.click()
    browser.check("apply")
    form = browser.page
    form.get_by_label("اسم العامل بالعربية").fill("راجيش كومار")
    form.get_by_label("اسم العامل بالإنجليزية").fill("Rajesh Kumar")
    form.get_by_label("الجنسية").select_option("IND")
    form.get_by_label("رقم جواز السفر").fill("N7000777")
    form.get_by_label("تاريخ انتهاء صلاحية جواز السفر").fill(
        (today + datetime.timedelta(days=5 * 365)).isoformat()
    )
    form.get_by_label("تاريخ الميلاد").fill("1990-05-17")
    form.get_by_label("المهنة (رمز ISCO-08)").fill("7411")
    form.get_by_label("المستوى الوظيفي").select_option("4")
    form.get_by_label("الراتب الشهري (OMR)").fill("250.500")
    form.get_by_label("تاريخ بدء العمل").fill((today + datetime.timedelta(days=14)).isoformat())
    form.get_by_label("نسخة من جواز السفر").set_input_files(str(passport))
    form.get_by_label("عقد العمل (اختياري)").set_input_files(str(contract))
    browser.submit("تقديم الطلب", "applied")

    permit = Permit.objects.get(establishment=establishment)
    assert permit.status == Permit.Status.SUBMITTED
    assert permit.applied_by == applicant
    assert permit.passport_number == "N7000777"
    assert browser.page.url.endswith(f"/ar/employer/{establishment.pk}/permits/{permit.pk}/")
    assert [check["code"] for check in permit.failed_checks] == ["not_barred"]

    # one more supporting document, uploaded on the application's page while it waits
    upload = browser.page.locator("#documents form")
    upload.get_by_label("المستند").select_option(PermitDocument.Kind.QUALIFICATION)
    upload.get_by_label("الملف").set_input_files(str(qualification))
    browser.submit("رفع المستند", "document-added")
    documents = {document.kind: document.original_filename for document in permit.documents.all()}
    assert documents == {
        PermitDocument.Kind.PASSPORT: "passport.pdf",
        PermitDocument.Kind.CONTRACT: "contract.pdf",
        PermitDocument.Kind.QUALIFICATION: "diploma.pdf",
    }
    for name in documents.values():
        assert browser.page.get_by_role("link", name=name).count() == 1
    assert browser.page.get_by_role("link", name="تنزيل الترخيص (PDF)").count() == 0

    # meanwhile the bar is lifted and an approver issues the permit (the ministry's side)
    Establishment.objects.filter(pk=establishment.pk).update(permits_barred=False, bar_reason="")
    permit_approve(
        permit=permit, approver=UserFactory.create(role=User.Role.APPROVER), reason="Bar lifted"
    )
    permit.refresh_from_db()
    assert permit.status == Permit.Status.ACTIVE

    # the representative comes back and downloads the certificate
    browser.open(f"/ar/employer/{establishment.pk}/permits/{permit.pk}/")
    with browser.page.expect_download() as download_info:
        browser.page.get_by_role("link", name="تنزيل الترخيص (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{permit.number}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    content = saved.read_bytes()
    assert content.startswith(b"%PDF-")
    assert b"%%EOF" in content[-1024:]
    event = AuditEvent.objects.get(action="permits.certificate_downloaded")
    assert event.actor == applicant
    assert event.object_id == str(permit.pk)


# --- the ministry: an officer recommends, two approvers decide (four eyes) ----------------------


def _sign_in_with_authenticator(
    browser: Any, user: User, device: TOTPDevice, next_path: str
) -> None:
    """The staff sign-in page, then the code the person's authenticator app shows now."""
    browser.open(f"/ar/accounts/sign-in/?next={next_path}")
    browser.page.get_by_label("اسم المستخدم أو الرقم المدني").fill(user.username)
    browser.page.get_by_label("كلمة المرور").fill(TEST_PASSWORD)
    browser.submit("تسجيل الدخول", "password")
    assert "/ar/accounts/two-factor/" in browser.page.url
    browser.page.get_by_label("الرمز المكوّن من 6 أرقام من تطبيق المصادقة").fill(
        f"{totp(device.bin_key):06d}"
    )
    browser.submit("متابعة", "authenticator-code")
    assert browser.page.url.endswith(next_path), browser.page.url


def test_an_officer_recommends_and_two_approvers_decide_a_queued_permit(
    journey: Any, fake_sms: Any
) -> None:
    permit = queued_case()  # the establishment is barred: the `not_barred` check failed
    officer = UserFactory.create(role=User.Role.OFFICER)
    first = UserFactory.create(role=User.Role.APPROVER, full_name_ar="عائشة البلوشية")
    second = UserFactory.create(role=User.Role.APPROVER, full_name_ar="بدر الكندي")
    devices = {
        approver.pk: TOTPDevice.objects.create(user=approver, name="app", confirmed=True)
        for approver in (first, second)
    }
    case = f"/ar/staff/permits/{permit.pk}/"

    # the officer takes the case from the queue and recommends it; an officer cannot decide
    officer_client = Client()
    sign_in_staff(officer_client, officer)
    browser = journey(officer_client, "officer")
    browser.open("/ar/staff/permits/")
    browser.page.get_by_role("link", name=permit.number).click()
    browser.check("case")
    browser.submit("إسناده إليّ", "assigned")
    recommend = browser.page.locator(
        "form", has=browser.page.get_by_role("button", name="تسجيل التوصية")
    )
    recommend.get_by_label("موافقة").check()
    recommend.get_by_label("السبب").fill("المنشأة سددت الأجور المتأخرة")
    browser.submit("تسجيل التوصية", "recommended")
    permit.refresh_from_db()
    assert permit.status == Permit.Status.UNDER_REVIEW
    assert permit.assigned_to == officer
    assert permit.recommendation == "approve"
    assert permit.recommended_by == officer
    # an officer is offered no decision (only approvers decide)
    assert browser.page.get_by_label("سبب القرار").count() == 0
    assert browser.page.get_by_role("button", name="اقتراح استثناء").count() == 0

    # the first approver signs in with the authenticator and proposes the exception; a second
    # tab with the same case, opened before, stays as it was
    approver = journey(None, "first-approver")
    _sign_in_with_authenticator(approver, first, devices[first.pk], case)
    stale = approver.tab("stale")
    stale.open(case)
    approver.page.get_by_label("سبب القرار").fill("رُفع الحظر عن المنشأة هذا الأسبوع")
    approver.submit("اقتراح استثناء", "proposed")
    permit.refresh_from_db()
    assert permit.status == Permit.Status.UNDER_REVIEW
    assert permit.override_requested_by == first
    assert permit.awaiting_second_approver
    assert permit.decided_by is None
    four_eyes = approver.page.locator("#four-eyes")
    assert "أنت من اقترح هذا الاستثناء: يجب أن يؤكده معتمد آخر" in four_eyes.inner_text()
    assert approver.page.get_by_role("button", name="تأكيد الاستثناء").count() == 0

    # the same approver, from the stale tab, cannot confirm their own exception
    stale.page.get_by_label("سبب القرار").fill("أؤكد الاستثناء")
    stale.submit("اقتراح استثناء", "refused")
    assert "أنت من اقترح هذا الاستثناء: يجب أن يؤكده معتمد ثانٍ (مبدأ التحقق المزدوج)." in (
        stale.page.locator("body").inner_text()
    )
    permit.refresh_from_db()
    assert permit.status == Permit.Status.UNDER_REVIEW
    assert permit.decided_by is None
    assert not AuditEvent.objects.filter(action="permits.approved").exists()

    # a second approver signs in with their own authenticator and confirms
    confirmer = journey(None, "second-approver")
    _sign_in_with_authenticator(confirmer, second, devices[second.pk], case)
    assert "عائشة البلوشية" in confirmer.page.locator("#four-eyes").inner_text()
    confirmer.page.get_by_label("سبب القرار").fill("تم التحقق مع مكتب الأجور")
    confirmer.submit("تأكيد الاستثناء (المعتمد الثاني)", "issued")
    permit.refresh_from_db()
    assert permit.status == Permit.Status.ACTIVE
    assert permit.decided_by == second
    assert permit.override_requested_by == first
    assert "رُفع الحظر عن المنشأة هذا الأسبوع" in permit.decision_reason
    assert "تم التحقق مع مكتب الأجور" in permit.decision_reason
    assert permit.valid_from is not None
    assert permit.valid_until is not None
    assert AuditEvent.objects.get(action="permits.approved").actor == second
    assert SmsMessage.objects.filter(
        recipient=permit.applied_by, rendered_text__contains=permit.number
    ).exists()
    assert confirmer.page.get_by_role("button", name="تأكيد الاستثناء").count() == 0


# --- a Sanad clerk acts for the person at the counter -------------------------------------------


def test_a_sanad_clerk_acts_for_a_consenting_person_and_ends_the_session(
    journey: Any, fake_sms: Any
) -> None:
    worker = clerk()
    citizen = person()
    assert citizen.civil_id
    phone = registry_mobile_of(citizen.civil_id)  # the mobile the civil registry holds
    browser = journey(sign_in(Client(), worker), "sanad-clerk")

    # the clerk asks for the person's consent to their preferences and messages
    browser.open("/ar/sanad/start/")
    browser.page.get_by_label("الرقم المدني أو رقم بطاقة الإقامة للشخص الموجود أمامك").fill(
        citizen.civil_id
    )
    browser.page.get_by_label("التفضيلات والرسائل").check()
    browser.submit("إرسال الرمز", "code-sent")
    consent = Consent.objects.get(clerk=worker)
    assert consent.status == Consent.Status.PENDING
    assert consent.person == citizen

    # the person, in front of the clerk, reads the code from the SMS on their phone
    assert wait_until(lambda: bool(_sms_to(fake_sms, phone)), timeout=5)
    (sms,) = _sms_to(fake_sms, phone)
    code = re.search(r"\b(\d{6})\b", sms)
    assert code is not None
    browser.page.get_by_label("الرمز الذي قرأه الشخص من الرسالة النصية").fill(code.group(1))
    browser.submit("تأكيد", "consented")
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ACTIVE
    banner = browser.page.get_by_role("region", name="جلسة سند")
    assert citizen.display_name in banner.inner_text()

    # one act for the person: SMS alerts off, audited for the clerk on the person's behalf
    browser.open("/ar/accounts/preferences/")
    browser.page.get_by_label(
        "أرغب في تلقي تنبيهات عبر الرسائل النصية، مثل الوظائف الشاغرة الجديدة المطابقة لملفي"
    ).uncheck()
    browser.submit("حفظ", "preferences-saved")
    citizen.refresh_from_db()
    assert citizen.sms_alerts_opt_out is True
    receipts = list(SanadReceipt.objects.filter(consent=consent).select_related("audit_event"))
    assert receipts
    for receipt in receipts:
        assert receipt.person == citizen
        assert receipt.audit_event.actor == worker
        assert receipt.audit_event.on_behalf_of == citizen

    # the fee the centre charged, then the end of the session
    browser.page.get_by_role("link", name="تسجيل رسوم").click()
    browser.check("fee")
    browser.page.get_by_label("المبلغ (ر.ع)").fill("2.000")
    browser.page.get_by_label("مقابل").fill("تعديل التفضيلات")
    browser.submit("سجّل الرسوم", "fee-recorded")
    assert str(consent.fees.get().amount) == "2.000"
    browser.submit("إنهاء الجلسة", "ended")
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ENDED
    assert browser.page.url.endswith("/ar/sanad/sessions/")
    assert browser.page.get_by_role("region", name="جلسة سند").count() == 0
    summary = SmsMessage.objects.get(idempotency_key=f"sanad-summary:{consent.pk}")
    assert summary.recipient == citizen
    assert "2.000" in summary.rendered_text

    # the person's pages are closed to the clerk again
    response = browser.open("/ar/accounts/preferences/")
    assert response.status == 403


def _sms_to(fake_sms: Any, number: str) -> list[str]:
    return [message["body"] for message in fake_sms.state.messages if message["to"] == number]
