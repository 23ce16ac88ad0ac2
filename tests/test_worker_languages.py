"""Issue 21 (worker languages): the pages a worker uses and the SMS sent to workers are written in
Hindi, Bengali, Urdu (right to left), Malayalam, Tamil and Filipino beside Arabic and English.

The rule holds by construction: a worker's page is a view marked `@worker_page`, and these tests
walk the URL map for marked views and fail when a message of their templates (with everything
they extend or include) or of their modules lacks a translation in a worker language; every SMS
template marked for workers must have a text in each of them, and a notice to a worker refuses a
template that is not."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import timezone

from core.worker_languages import page_of, worker_facing_files, worker_pages
from employment.services.notices import worker_notify
from notifications.models import SmsTemplate, placeholders_in
from notifications.services import SmsTemplateError, sms_enqueue
from tests.conftest import sign_in
from tests.factories import EmployeeFactory, UserFactory

WORKER_LANGUAGES = [code for code, _name in settings.WORKER_LANGUAGES]
LOCALE = Path(settings.BASE_DIR) / "locale"


def test_the_worker_languages_are_the_largest_groups_and_urdu_reads_right_to_left():
    assert WORKER_LANGUAGES == ["hi", "bn", "ur", "ml", "ta", "fil"]
    assert "ur" in settings.LANGUAGES_BIDI


def test_the_pages_workers_use_are_marked():
    names = {name for name, _mark in worker_pages()}
    assert {
        "employment:my-employment",
        "employment:my-resignation-new",
        "employment:my-resignation",
        "employment:worker-contract",
        "employment:worker-objection",
        "permits:transfer-consent",
        "notifications:my-messages",
    } <= names


def test_every_view_of_a_worker_module_is_a_worker_page_or_says_why_not():
    """A view in a module written for workers (employment/views/worker_*.py) is a worker's page,
    except a PDF or a POST-only action (they show no page of text)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    exempt = {"my-resignation-withdraw", "my-resignation-noc", "verify-noc"}
    missing = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                marked = page_of(pattern.callback) is not None
                if ".worker_" in module and pattern.name not in exempt and not marked:
                    missing.append(pattern.name)

    walk(get_resolver().url_patterns)
    assert missing == []


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_every_message_a_worker_page_shows_has_the_language(language):
    files = worker_facing_files()
    assert "templates/base.html" in files  # what the pages extend is theirs too
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and any(path in files for path, _line in entry.occurrences)
        and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
    ]
    assert untranslated == [], f"{len(untranslated)} messages of worker pages lack {language}"


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_translations_keep_every_placeholder(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    pattern = re.compile(r"%\([a-z_]+\)[sd]")
    wrong = [
        entry.msgid
        for entry in catalogue
        if entry.msgstr
        and "fuzzy" not in entry.flags  # left out when compiled
        and sorted(pattern.findall(entry.msgid)) != sorted(pattern.findall(entry.msgstr))
    ]
    assert wrong == []


@pytest.mark.django_db
def test_every_template_for_workers_has_every_language_with_its_placeholders():
    templates = list(SmsTemplate.objects.filter(for_workers=True))
    assert {t.code for t in templates} >= {
        "termination_notice",
        "absconding_notice",
        "contract_offer",
        "permit_transfer_consent",
        "case_decision",
    }
    for template in templates:
        assert set(template.worker_bodies) == set(WORKER_LANGUAGES), template.code
        for language, text in template.worker_bodies.items():
            assert placeholders_in(text) == set(template.placeholders), (template.code, language)
        template.full_clean()


@pytest.mark.django_db
def test_a_worker_s_sms_is_written_in_their_language_and_other_sms_fall_back_to_english():
    worker = UserFactory.create(
        mobile="+96891000777", mobile_verified_at=timezone.now(), preferred_language="ur"
    )

    notice = sms_enqueue(
        template_code="case_decision",
        context={"case": "X-1", "decision": "Y"},
        idempotency_key="worker-language-ur",
        recipient=worker,
    )
    other = sms_enqueue(
        template_code="application_status",
        context={"employer": "E", "vacancy": "V", "status": "S"},
        idempotency_key="worker-language-ur-other",
        recipient=worker,
    )

    assert notice.language == "ur"
    assert notice.rendered_text.startswith("X-1 پر فیصلہ ہو گیا: Y")
    english = SmsTemplate.objects.get(code="application_status").body_en
    assert other.rendered_text.startswith(english.format(employer="E", vacancy="V", status="S"))


@pytest.mark.django_db
def test_a_notice_to_a_worker_refuses_a_template_not_written_for_workers():
    employee = EmployeeFactory.create()

    with pytest.raises(SmsTemplateError):
        worker_notify(
            employee=employee,
            template_code="application_status",
            key="not-for-workers",
            context_for={"employer": "E", "vacancy": "V", "status": "S"},
        )


@pytest.mark.django_db
def test_a_worker_page_in_urdu_reads_right_to_left_and_offers_every_language(client):
    sign_in(client, UserFactory.create())

    body = client.get("/ur/accounts/my-messages/").content.decode()

    assert '<html lang="ur" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body
    assert "میرے پیغامات" in body  # "My messages"
    for code, _name in settings.LANGUAGES:
        if code != "ur":
            assert f'value="{code}"' in body, code


@pytest.mark.django_db
def test_a_page_no_worker_needs_reads_in_english_in_a_worker_language(client):
    body = client.get("/hi/vacancies/").content.decode()

    assert '<html lang="hi" dir="ltr">' in body
    assert "private sector advertised through the ministry" in body
    assert "وظائف القطاع الخاص في عُمان" not in body  # not Django's fallback to Arabic
    assert 'value="bn"' not in body  # the switch offers Arabic and English here
    assert 'value="ar"' in body
    assert 'value="en"' in body


@pytest.mark.django_db
def test_the_worker_s_own_page_in_hindi(client):
    sign_in(client, UserFactory.create())

    body = client.get("/hi/my/employment/").content.decode()

    assert '<html lang="hi" dir="ltr">' in body
    assert "मुख्य सामग्री पर जाएँ" in body  # the skip link
