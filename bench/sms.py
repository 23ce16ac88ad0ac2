"""SMS throughput: the ledger and relay end to end, against direct SDK calls (the ceiling).

Both measurements talk to the same fake provider process through the twilio SDK, in the same
run. End to end: N messages are written to the ledger (transactions of 500, the relay nudged
in batches on commit) and sent by a real Celery worker (2 processes, Redis broker); the clock
stops when the last row is SENT. Ceiling: 2 threads calling the SDK directly, N messages.
The last line printed is JSON: {"messages", "end_to_end_per_s", "direct_sdk_per_s", "ratio"}.

    .venv/bin/python -m bench.sms --messages 10000
Needs redis-server on PATH (or REDIS_URL).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUTH_TOKEN = "bench-auth-token"  # noqa: S105  # pragma: allowlist secret


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            threading.Event().wait(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def _sent(url: str) -> int:
    with urllib.request.urlopen(f"{url}/_messages", timeout=30) as response:  # noqa: S310
        return len(json.loads(response.read()))


def _post(url: str, path: str, body: dict[str, object]) -> None:
    request = urllib.request.Request(  # noqa: S310
        f"{url}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    urllib.request.urlopen(request, timeout=10).close()  # noqa: S310


def direct_sdk(provider_url: str, messages: int, threads: int) -> float:
    """Messages per second with `threads` threads calling the SDK straight at the provider."""
    from notifications.clients.twilio import TwilioSmsProvider

    def run(offset: int, count: int) -> None:
        client = TwilioSmsProvider(
            account_sid="AC" + "0" * 32,
            auth_token=AUTH_TOKEN,
            sender="MOL",
            messaging_service_sid="",
            base_url=provider_url,
            timeout=10,
        )
        for n in range(offset, offset + count):
            client.send(to=f"+96891{n % 1_000_000:06d}", body=f"direct {n}", status_callback=None)

    share = messages // threads
    workers = [threading.Thread(target=run, args=(i * share, share)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return share * threads / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", "--scale", type=int, default=10_000, dest="messages")
    parser.add_argument(
        "--concurrency", type=int, default=2, help="worker processes and SDK threads"
    )
    args = parser.parse_args(argv)

    os.environ["TWILIO_AUTH_TOKEN"] = AUTH_TOKEN
    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.db import transaction
    from django.test.utils import override_settings

    from bench.processes import start_worker_process, worker_env
    from bench.support import celery_on_broker
    from notifications.models import SmsMessage
    from notifications.services import sms_enqueue

    processes: list[subprocess.Popen[bytes]] = []
    workdir = Path(tempfile.mkdtemp(prefix="bench-sms-"))
    try:
        redis_url = os.environ.get("REDIS_URL", "")
        if not redis_url:
            binary = shutil.which("redis-server")
            if binary is None:
                raise SystemExit("bench.sms needs redis-server on PATH or REDIS_URL")
            redis_port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        binary,
                        "--port",
                        str(redis_port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        str(workdir),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            _wait_port(redis_port)
            redis_url = f"redis://127.0.0.1:{redis_port}/0"

        provider_port = _free_port()
        env = {**os.environ, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "run_fake_sms_provider",
                    "--port",
                    str(provider_port),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait_port(provider_port)
        provider_url = f"http://127.0.0.1:{provider_port}"
        _post(provider_url, "/_control", {"callbacks": False})

        with (
            throwaway_database(),
            override_settings(
                TWILIO_API_BASE_URL=provider_url, TWILIO_AUTH_TOKEN=AUTH_TOKEN, SMS_BATCH_SIZE=100
            ),
            celery_on_broker(redis_url),
        ):
            ceiling = direct_sdk(provider_url, args.messages, args.concurrency)
            _post(provider_url, "/_reset", {})
            _post(provider_url, "/_control", {"callbacks": False})

            worker = start_worker_process(
                worker_env(redis_url=redis_url, provider_url=provider_url, auth_token=AUTH_TOKEN),
                workdir / "worker.log",
                concurrency=args.concurrency,
            )
            processes.append(worker)

            started = time.perf_counter()
            for start in range(0, args.messages, 500):
                with transaction.atomic():
                    for n in range(start, min(start + 500, args.messages)):
                        sms_enqueue(
                            template_code="permit_decision",
                            context={"permit_number": f"WP-{n:06d}", "decision": "approved"},
                            idempotency_key=f"bench-{n}",
                            to_number=f"+96891{n % 1_000_000:06d}",
                        )
            written = time.perf_counter() - started
            sent_states = [SmsMessage.Status.SENT, *SmsMessage.FINAL]
            while SmsMessage.objects.filter(status__in=sent_states).count() < args.messages:
                if time.perf_counter() - started > 600:
                    raise SystemExit("not all messages left within 600 s")
                threading.Event().wait(0.1)
            elapsed = time.perf_counter() - started
            at_provider = _sent(provider_url)
            failed = SmsMessage.objects.exclude(status=SmsMessage.Status.SENT).count()
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except (ProcessLookupError, PermissionError):
                    process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    end_to_end = args.messages / elapsed
    result = {
        "messages": args.messages,
        "end_to_end_per_s": round(end_to_end, 1),
        "direct_sdk_per_s": round(ceiling, 1),
        "ratio": round(end_to_end / ceiling, 3),
    }
    rate = args.messages / written
    print(f"ledger write of {args.messages} messages: {written:.2f} s ({rate:,.0f}/s)")
    print(f"end to end (ledger + relay + {args.concurrency} worker processes): {elapsed:.2f} s")
    print(f"provider received {at_provider} messages for {args.messages} rows; {failed} not sent")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
