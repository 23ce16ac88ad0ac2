"""Shared fixtures: users of every role, signed-in clients, and a real Redis when one exists."""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import DatabaseError
from django.db.backends.base.creation import BaseDatabaseCreation
from django.test import Client

from accounts.models import User
from bench.support import celery_on_broker, sign_in_staff  # noqa: F401 - tests import them here
from employers.models import Establishment
from notifications.fake_provider import FakeSmsProvider
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language: a request in another one (the test
    client's `/en/` pages) leaves its language active in the thread, and the next test in the
    same worker would otherwise inherit it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: str = User.Role.JOBSEEKER, **kwargs: object) -> User:
        return UserFactory.create(role=role, **kwargs)

    return make


@pytest.fixture
def establishment(db: None) -> Establishment:
    return EstablishmentFactory.create()


@pytest.fixture
def employer_user(establishment: Establishment) -> User:
    user = MembershipFactory.create(establishment=establishment).user
    assert user is not None
    return user


def sign_in(client: Client, user: User, *, method: str = "idp") -> Client:
    """Sign `user` in as the portal's own sign-in would: `method` is how ("idp" for the
    national digital identity, "password", "password+totp", "registry_sms"). Employers'
    representatives and Sanad clerks reach their pages only with "idp" or "password+totp"."""
    client.force_login(user)
    session = client.session
    session["_portal_auth_method"] = method
    session.save()
    return client


@pytest.fixture
def staff_client(client: Client, make_user: Callable[..., User]) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        sign_in_staff(client, make_user(role))
        return client

    return make


# --- identity ------------------------------------------------------------------------------------


def _point_at_stub_entities(settings, url: str) -> None:
    settings.INTEGRATIONS_STUB_URL = url
    settings.INTEGRATIONS_BASE_URLS = {}
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = ""
    settings.INTEGRATIONS_CONNECT_TIMEOUT = 1.0
    settings.INTEGRATIONS_READ_TIMEOUT = 1.0
    settings.CIVIL_REGISTRY_READ_TIMEOUT = 1.0


@pytest.fixture
def stub(settings) -> Iterator[object]:
    """Stub entities (seed 7, 3,000 social-insurance records) that the clients talk to, with
    the sync settings the integration tests use; the civil registry answers on it too."""
    from integrations.stubs.server import StubEntities

    server = StubEntities(seed=7, scale=3000).start()
    _point_at_stub_entities(settings, server.url)
    settings.INTEGRATIONS_PAGE_SIZE = 500
    settings.INTEGRATIONS_MAX_ATTEMPTS = 3
    settings.INTEGRATIONS_BACKOFF_BASE_SECONDS = 0.5
    settings.INTEGRATIONS_BACKOFF_MAX_SECONDS = 30.0
    yield server
    server.stop()


@pytest.fixture
def civil_registry(settings) -> Iterator[object]:
    """The stub government entities on a free loopback port, of which the civil registry answers
    `GET /civil_registry/people/<number>` (integrations/stubs/people.py: every 8-digit number is a
    person with the mobile "+9689" + its last 7 digits, except 99xxxxxx, which belong to nobody)."""
    from integrations.stubs.server import StubEntities

    server = StubEntities(seed=1, scale=50).start()
    _point_at_stub_entities(settings, server.url)
    yield server
    server.stop()


def grant_fresh_proof(client: Client, civil_id: str, method: str = "idp") -> None:
    """The session holds a proof of `civil_id` made just now (as accounts.proofs.proof_record
    writes it), as after a national identity sign-in or a step-up code."""
    import time

    session = client.session
    session["_portal_proof"] = {"at": time.time(), "method": method, "civil_id": civil_id}
    session.save()


# --- Redis ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis_unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but Redis is unavailable: {reason}", pytrace=False)
    pytest.skip(f"needs Redis: {reason} (set REDIS_URL or put redis-server on PATH)")


class RedisServer:
    """A private redis-server on a loopback port, which a test may stop and start again."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = _free_port()
        self.workdir = tempfile.mkdtemp(prefix="portal-redis-")
        self.process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.workdir,
                "--maxmemory-policy",
                "noeviction",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # Wait for the server's own "ready" line rather than polling on a timer.
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if "Ready to accept connections" in line:
                return
        self.process.kill()
        _redis_unavailable("redis-server exited before it was ready")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        _redis_unavailable("redis-server is not on PATH")
        raise AssertionError("unreachable")
    return binary


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis for this test session: REDIS_URL if set, else a private redis-server on loopback."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = RedisServer(_redis_binary())
    server.start()
    try:
        yield server.url
    finally:
        server.cleanup()


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A Redis of this test's own, to stop and restart (outage tests). Needs redis-server."""
    server = RedisServer(_redis_binary())
    server.start()
    try:
        yield server
    finally:
        server.cleanup()


# --- SMS -----------------------------------------------------------------------------------------


@pytest.fixture
def fake_sms(settings) -> Iterator[FakeSmsProvider]:
    """The fake SMS provider on a free loopback port, used through the real twilio SDK."""
    from notifications.clients import _provider

    provider = FakeSmsProvider(auth_token=settings.TWILIO_AUTH_TOKEN, timeout_sleep=1.5).start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_API_BASE_URL = provider.url
    settings.SMS_PROVIDER_TIMEOUT = 0.5
    provider.state.callbacks = False  # tests that want receipts turn them on
    _provider.cache_clear()
    yield provider
    provider.stop()
    _provider.cache_clear()


# --- Celery on a real broker -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _sms_broker_breaker_closed() -> Iterator[None]:
    """Each test starts with the relay's broker circuit breaker closed."""
    import notifications.services

    notifications.services._broker_down_until = 0.0
    yield
    notifications.services._broker_down_until = 0.0


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.05) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass; returns whether it held.
    For waiting on other processes (a worker, a server), which no event of ours can signal."""
    import threading
    import time as _time

    deadline = _time.monotonic() + timeout
    pause = threading.Event()
    while _time.monotonic() < deadline:
        if predicate():
            return True
        pause.wait(interval)
    return predicate()


@pytest.fixture(autouse=True)
def _sms_template_cache_cleared() -> Iterator[None]:
    """Templates are cached per process; each test sees the database as it left it."""
    import notifications.services

    notifications.services._template_cache.clear()
    yield
    notifications.services._template_cache.clear()


@pytest.fixture(autouse=True)
def _omanization_rule_set_cache_cleared() -> Iterator[None]:
    """Each test builds its own rule sets; none may see another test's cached one."""
    from omanization.selectors import rule_set_cache_clear

    rule_set_cache_clear()
    yield
    rule_set_cache_clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a transactional test with serialized_rollback, put the migrations' data back.

    Django flushes the database when such a test ends and reloads the serialized data only when
    the next *transactional* test starts, so an ordinary test that runs next on the same worker
    would find no SMS templates and no occupations. Reloading here keeps the order of tests
    irrelevant.
    """
    result = yield
    marker = item.get_closest_marker("django_db")
    # The last test of a worker tears down the test database too: nothing left to reload,
    # unless the database is kept for the next run (--reuse-db), which must find it whole.
    if nextitem is None and not _database_kept(item.config):
        return result
    if marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback"):
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            with item.config.stash[blocking_manager_key].unblock():
                _reload_emptied_tables(contents)
    return result


def _database_kept(config: pytest.Config) -> bool:
    """The run keeps its test database for the next one (--reuse-db without --create-db)."""
    return bool(config.getvalue("reuse_db") and not config.getvalue("create_db"))


@pytest.fixture(scope="session")
def django_db_createdb(
    request: pytest.FixtureRequest, django_db_modify_db_settings: None, django_db_blocker: Any
) -> bool:
    """--reuse-db keeps the test database, but not one a transactional test's flush left
    without the data the migrations load (SMS templates, rule sets, occupations...): a run
    stopped before its teardown reload (above), or one of an older conftest, leaves it so,
    and every later test that needs that data would fail. Such a database is built again, as
    with --create-db; a whole one is reused as it is."""
    if request.config.getvalue("create_db"):
        return True
    if not _database_kept(request.config):
        return False
    with django_db_blocker.unblock():
        return _kept_database_lost_its_seed()


def _kept_database_lost_its_seed() -> bool:
    """Whether the kept test database exists but has no SMS template (the migrations load
    them, a flush empties every table at once: one table tells)."""
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    from notifications.models import SmsTemplate

    settings = connection.settings_dict
    kept = connection.copy()
    kept.settings_dict["NAME"] = settings["TEST"]["NAME"] or TEST_DATABASE_PREFIX + settings["NAME"]
    table = connection.ops.quote_name(SmsTemplate._meta.db_table)
    try:
        with kept.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608  # nosec B608 - a model's table
            return not cursor.fetchone()[0]
    except DatabaseError:  # no such database or table yet: pytest-django builds it
        return False
    finally:
        kept.close()


def _reload_emptied_tables(contents: str) -> None:
    """Load the serialized rows of every table the flush left empty."""
    from django.db import connection

    _load_into_empty_tables(connection, contents)


@functools.lru_cache(maxsize=2)
def _serialized_records(contents: str) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(contents))


def _load_into_empty_tables(connection: Any, contents: str) -> None:
    """Insert the serialized rows of each model whose table is empty, a thousand rows per
    INSERT, as they were serialized (`raw`: no auto_now, no signals), in one transaction whose
    foreign keys are checked at its end.

    Django's own reload (`deserialize_db_from_string`) saves row by row, an UPDATE and then an
    INSERT each: the migrations' data (about 30,000 rows, 25,000 of them skill synonyms) took a
    transactional test a minute to set up and as long to tear down. A table that is not empty
    (after an ordinary test, or after this reload at the previous teardown) is left as it is."""
    from django.apps import apps
    from django.core import serializers
    from django.db import transaction

    records = _serialized_records(contents)
    empty: dict[str, bool] = {}
    for record in records:
        label = record["model"]
        if label not in empty:
            model = apps.get_model(label)
            empty[label] = not model._base_manager.using(connection.alias).exists()
    wanted = [record for record in records if empty[record["model"]]]
    if not wanted:
        return
    by_model: dict[Any, list[Any]] = {}
    with_relations: list[Any] = []
    for loaded in serializers.deserialize(
        "python", wanted, using=connection.alias, ignorenonexistent=True
    ):
        by_model.setdefault(type(loaded.object), []).append(loaded.object)
        if loaded.m2m_data or loaded.deferred_fields:
            with_relations.append(loaded)
    with transaction.atomic(using=connection.alias), connection.constraint_checks_disabled():
        for model, objects in by_model.items():
            fields = list(model._meta.local_concrete_fields)
            manager = model._base_manager.using(connection.alias)
            for start in range(0, len(objects), 1000):
                manager._insert(objects[start : start + 1000], fields=fields, raw=True)
        for record in with_relations:
            for name, values in record.m2m_data.items():
                getattr(record.object, name).set(values)
            if record.deferred_fields:
                record.save_deferred_fields(using=connection.alias)
        connection.check_constraints(table_names=[m._meta.db_table for m in by_model])


def _fast_deserialize(self: Any, data: str) -> None:
    _load_into_empty_tables(self.connection, data)


# Django reloads the serialized data when a transactional test with serialized_rollback starts:
# the same fast load (a no-op when the previous teardown reloaded already).
BaseDatabaseCreation.deserialize_db_from_string = _fast_deserialize  # type: ignore[method-assign]


# --- Test tiers ---------------------------------------------------------------------------------
# scripts/test runs the fast tier (-m "not slow") and then the slow tier (-m slow). Mark `slow`
# what runs benchmarks, subprocesses, servers or Celery workers, or makes thousands of rows. A test
# on a transactional database (or a live server) is slow without saying so: the hook below marks
# it before -m selects, so a new one cannot land in the fast tier by accident.
_TRANSACTIONAL_FIXTURES = frozenset({"transactional_db", "live_server"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        fixtures = set(getattr(item, "fixturenames", ()))
        if (transactional or fixtures & _TRANSACTIONAL_FIXTURES) and not item.get_closest_marker(
            "slow"
        ):
            item.add_marker(pytest.mark.slow)
        if marker and transactional and not marker.kwargs.get("serialized_rollback"):
            # A transactional test without serialized_rollback ends with a flush that recreates
            # content types under new ids; the next serialized test on the same worker then
            # fails to load id 1 (CI failed this way once, depending on xdist's order).
            raise pytest.UsageError(
                f"{item.nodeid}: django_db(transaction=True) needs serialized_rollback=True "
                "(see tests/conftest.py, pytest_collection_modifyitems)"
            )
