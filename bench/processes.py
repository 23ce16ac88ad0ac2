"""Real processes for benchmarks and tests: Celery workers on the database the caller uses, and
the benchmarks of bench/ run at a small scale. It lives in bench/ because a benchmark runs with
the runtime install alone and never imports tests/ (tests import it from here)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def current_database_url() -> str:
    """A DATABASE_URL for the database this process is connected to (the test database)."""
    from django.db import connection

    db = connection.settings_dict
    credentials = f"{quote(str(db['USER']))}:{quote(str(db['PASSWORD'] or ''))}"
    if str(db["HOST"]).startswith("/"):  # a Unix socket (the embedded server)
        return f"postgres://{credentials}@/{db['NAME']}?host={db['HOST']}&port={db['PORT']}"
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def worker_env(*, redis_url: str, provider_url: str, auth_token: str) -> dict[str, str]:
    """The environment of a worker that shares this process's database, broker and provider."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labor_portal.settings.local",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "TWILIO_API_BASE_URL": provider_url,
        "TWILIO_AUTH_TOKEN": auth_token,
        "SMS_STATUS_CALLBACK_BASE_URL": "",
        "SMS_PROVIDER_TIMEOUT": "5",
        "LOG_LEVEL": "WARNING",
    }


def start_worker_process(
    env: dict[str, str], log: Path, *, concurrency: int = 2
) -> subprocess.Popen[bytes]:
    """`celery worker` (prefork) in its own process group, so one SIGKILL reaches every child."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "labor_portal",
            "worker",
            "-l",
            "warning",
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"portal-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_process_group(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        process.wait(timeout=15)


_template: list[str] = []


def _bench_template() -> str:
    """A migrated database that this process's benchmark runs copy (CREATE DATABASE ...
    TEMPLATE takes a second; migrating takes most of a small-scale run). Built once per process
    by a child that migrates it and exits (a template must have no connection while it is
    copied), and dropped when this process ends."""
    if _template:
        return _template[0]
    import atexit

    name = f"bench_template_{os.getpid()}"
    build = (
        "import sys\n"
        "from bench.harness import setup_django\n"
        "setup_django()\n"
        "from django.db import connection\n"
        "from django.test.utils import setup_databases\n"
        "connection.settings_dict.setdefault('TEST', {})['NAME'] = sys.argv[1]\n"
        "setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=[])\n"
        "connection.close()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "BENCH_TEMPLATE_DATABASE"}
    result = subprocess.run(
        [sys.executable, "-c", build, name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    _template.append(name)
    atexit.register(_drop_template, name)
    return name


def _drop_template(name: str) -> None:
    drop = (
        "import sys\n"
        "from bench.harness import setup_django\n"
        "setup_django()\n"
        "from django.db import connection\n"
        "with connection._nodb_cursor() as cursor:\n"
        "    cursor.execute(f'DROP DATABASE IF EXISTS \"{sys.argv[1]}\" WITH (FORCE)')\n"
    )
    subprocess.run([sys.executable, "-c", drop, name], cwd=ROOT, timeout=120, check=False)


def bench_output(module: str, *args: str) -> str:
    """Run a benchmark of bench/ (`module` like "bench.sync") and return what it printed; a
    benchmark that fails fails the test with its output. The run copies a migrated template
    database instead of migrating its own."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, "BENCH_TEMPLATE_DATABASE": _bench_template()},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def bench_figures(module: str, *args: str) -> dict:
    """Run a benchmark and return its figures: the JSON object it prints as its last line."""
    return json.loads(bench_output(module, *args).strip().splitlines()[-1])
