"""Integrations with government entities: where their feeds are, timeouts, retries, paging.

Every entity is reached at INTEGRATIONS_STUB_URL (the stub entities of `manage.py
run_stub_entities`) unless INTEGRATIONS_<ENTITY>_URL names its own base URL. The civil registry
is not a feed: the portal asks it about one person at a time, on demand
(integrations.clients.civil_registry).
"""

from labor_portal.env import env

INTEGRATIONS_STUB_URL = env.str("INTEGRATIONS_STUB_URL", default="http://127.0.0.1:8030")
INTEGRATIONS_BASE_URLS: dict[str, str] = {
    code: env.str(f"INTEGRATIONS_{code.upper()}_URL", default="")
    for code in (
        "commerce_registry",
        "social_insurance",
        "wage_protection",
        "passport_directorate",
        "health_ministry",
        "chamber_of_commerce",
    )
}
# Explicit timeouts (seconds): connecting, and between two reads of an answer.
INTEGRATIONS_CONNECT_TIMEOUT = env.float("INTEGRATIONS_CONNECT_TIMEOUT", default=3.0)
INTEGRATIONS_READ_TIMEOUT = env.float("INTEGRATIONS_READ_TIMEOUT", default=30.0)
# The civil registry (the mobile it holds for a civil or resident number): its own base URL, else
# INTEGRATIONS_STUB_URL. Someone waits on each lookup, so its read timeout is short (seconds);
# connecting uses INTEGRATIONS_CONNECT_TIMEOUT.
INTEGRATIONS_CIVIL_REGISTRY_URL = env.str("INTEGRATIONS_CIVIL_REGISTRY_URL", default="")
CIVIL_REGISTRY_READ_TIMEOUT = env.float("CIVIL_REGISTRY_READ_TIMEOUT", default=5.0)
# Records asked for per page; each page is upserted with the watermark in one transaction.
INTEGRATIONS_PAGE_SIZE = env.int("INTEGRATIONS_PAGE_SIZE", default=20_000)
INTEGRATIONS_STREAM_CHUNK_BYTES = env.int("INTEGRATIONS_STREAM_CHUNK_BYTES", default=256 * 1024)
# A page that fails (outage, timeout, 429, cut-off answer) is tried this many times in all,
# waiting base * 2^n seconds (at most MAX, at least what Retry-After asks) between attempts;
# then the run fails with the reason and the next run resumes from the watermark.
INTEGRATIONS_MAX_ATTEMPTS = env.int("INTEGRATIONS_MAX_ATTEMPTS", default=4)
INTEGRATIONS_BACKOFF_BASE_SECONDS = env.float("INTEGRATIONS_BACKOFF_BASE_SECONDS", default=2.0)
INTEGRATIONS_BACKOFF_MAX_SECONDS = env.float("INTEGRATIONS_BACKOFF_MAX_SECONDS", default=60.0)
# A run stops after the page that passes this many seconds and queues its continuation, so a
# first sync of millions of records stays within Celery's time limit.
INTEGRATIONS_RUN_MAX_SECONDS = env.float("INTEGRATIONS_RUN_MAX_SECONDS", default=600.0)
# Raw payloads of rejected records are kept up to this many characters.
INTEGRATIONS_REJECTED_PAYLOAD_CHARS = env.int("INTEGRATIONS_REJECTED_PAYLOAD_CHARS", default=2000)
