"""Settings of the server the permits benchmark starts: the test settings (no Redis, fast
password hashing, warnings-only logging) with the floor view's URLconf. The database comes from
DATABASE_URL, which the benchmark points at its throwaway database."""

from labor_portal.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
