"""The browser tier: journeys in headless Chromium from Debian, driven by Playwright's Python
API against the portal served by pytest-django's live server. Every page a journey visits is
checked for `dir="rtl"` (the journeys run in Arabic) and by axe-core (no serious or critical
violation), and a screenshot of each step is kept under `BROWSER_ARTEFACTS`
(default `artefacts/browser/`) for CI to publish.

Chromium: `CHROMIUM` or /usr/bin/chromium (Debian's package `chromium`, which `.ci/run` installs).
Without it the tier is skipped on a developer's machine and fails under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if path and Path(path).exists() else None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's guard against ORM calls
    # from async code would then refuse the test's own database setup (this tier only).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_settings(settings: Any, tmp_path: Path) -> None:
    # The live server answers plain HTTP on loopback; the session cookie must travel over it.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Uploaded documents go to a temporary folder (as in tests/permits/conftest.py).
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def registry(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The in-process civil registry (tests/permits/registry.py) that permits and Sanad ask; the
    live server runs in this process, so it answers the browser's requests too."""
    from tests.permits.registry import install

    return install(request, monkeypatch)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Journey:
    """One audience's journey: a browser page with the person's session, that checks and
    photographs every page it visits."""

    def __init__(self, page: Any, base_url: str, name: str, language: str = "ar") -> None:
        self.page = page
        self.language = language
        self.base_url = base_url
        self.folder = Path(os.environ.get("BROWSER_ARTEFACTS", "artefacts/browser")) / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.visited: list[str] = []

    def tab(self, name: str) -> Journey:
        """Another tab in the same browser (the same session), photographed in its own folder."""
        return Journey(
            self.page.context.new_page(), self.base_url, f"{self.folder.name}-{name}", self.language
        )

    def open(self, path: str) -> Any:
        """Go to `path`, check the page, and return Playwright's response (for its status)."""
        response = self.page.goto(self.base_url + path)
        self.check(path)
        return response

    def check(self, label: str) -> None:
        """The page now shown: in the journey's language (Arabic unless said), right to left for
        Arabic and Urdu, no serious axe-core violation, and a screenshot."""
        self.page.wait_for_load_state("load")
        self.step += 1
        self.page.screenshot(
            path=str(self.folder / f"{self.step:02d}-{_slug(label) or 'page'}.png"), full_page=True
        )
        html = self.page.locator("html")
        rtl = self.language in django_settings.LANGUAGES_BIDI
        assert html.get_attribute("dir") == ("rtl" if rtl else "ltr"), self.page.url
        assert (html.get_attribute("lang") or "").startswith(self.language), self.page.url
        self.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        serious = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{self.page.url}: {json.dumps(serious, ensure_ascii=False)}"
        self.visited.append(self.page.url)

    def submit(self, button_text: str, label: str) -> None:
        """Click a submit button by its text and check the page it leads to."""
        # A tab in the background has its animation frames throttled, which Playwright's click
        # waits on: the tab a person clicks in is the one in front.
        self.page.bring_to_front()
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button_text).first.click()
        self.check(label)


@pytest.fixture
def journey(chromium: Any, live_server: Any, request: pytest.FixtureRequest) -> Any:
    """journey(client, name): a Journey whose browser carries `client`'s signed-in session."""
    contexts = []

    def make(client: Client | None, name: str, language: str = "ar") -> Journey:
        # bypass_csp: only so that axe-core can be injected; the pages still send their CSP.
        context = chromium.new_context(
            locale="ar-OM", viewport={"width": 1280, "height": 900}, bypass_csp=True
        )
        contexts.append(context)
        if client is not None:
            session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [
                    {
                        "name": django_settings.SESSION_COOKIE_NAME,
                        "value": session,
                        "url": live_server.url,
                    }
                ]
            )
        return Journey(context.new_page(), live_server.url, f"{request.node.name}-{name}", language)

    yield make
    for context in contexts:
        context.close()
