# syntax=docker/dockerfile:1
#
# Production image of the labor services portal. One image runs every process of
# docker-compose.yml: gunicorn (the default command), the Celery worker, Celery beat and the
# one-shot migration. Build: `docker build -t labor-portal .`
#
# Settings come from the environment at run time (.env.example lists every variable);
# nothing secret is baked into the image.

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=labor_portal.settings.production

# Debian runtime libraries:
# - WeasyPrint (PDF certificates): pango, pangoft2, fontconfig, and libharfbuzz-subset0, without
#   which font subsetting falls back to fontTools and each certificate takes ~12x longer;
# - fonts-noto-core: Noto Naskh/Kufi Arabic and Noto Sans for Arabic text in PDFs;
# - gettext: msgfmt, for `compilemessages` below.
# Versions are not pinned: bookworm's point releases carry the security fixes we want.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core gettext \
    && rm -rf /var/lib/apt/lists/*

# The application runs as an unprivileged user; the code and static files stay owned by root,
# so the running process cannot change them.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --create-home --home-dir /home/portal \
        --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them. With no
# package folders copied yet this builds an empty `labor-portal` wheel and installs its runtime
# dependencies (no test or dev extras) at the versions pinned in requirements/constraints.txt.
# The code itself runs from /app (PYTHONPATH), the same tree the commands below see.
COPY pyproject.toml README.md ./
COPY requirements/constraints.txt requirements/constraints.txt
RUN pip install --no-cache-dir -c requirements/constraints.txt .

COPY . .

# Compile the message catalogues and collect static files with the production settings.
# Production settings refuse to import without a secret key, a database, Redis and allowed hosts,
# so these steps get placeholder values, exported for this RUN only: nothing is connected to,
# and none of them is set in the image (a container gets the real ones at run time).
RUN export \
        # pragma: allowlist nextline secret (a placeholder; the real key is set at run time)
        DJANGO_SECRET_KEY="build-time-placeholder-never-used-at-run-time-0123456789" \
        DATABASE_URL="postgres://build@127.0.0.1:1/build" \
        REDIS_URL="redis://127.0.0.1:1/0" \
        DJANGO_ALLOWED_HOSTS="localhost" \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput \
    && mkdir -p /app/.data/media /app/.data/private \
    && chown portal:portal /app/.data/media /app/.data/private

# Numeric, so that a runtime enforcing "run as non-root" can verify it without /etc/passwd.
USER 10001:10001

EXPOSE 8000

# /health/ checks the database, the cache and the broker and answers 503 when one is down.
# No curl in the slim image, so Python asks. The Host header is the first entry of
# DJANGO_ALLOWED_HOSTS, otherwise Django would answer 400 (DisallowedHost) to 127.0.0.1.
# /health/ is exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT), so plain HTTP works here.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as r; hosts = [h.strip().lstrip('.') for h in os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',') if h.strip() not in ('', '*')]; req = r.Request('http://127.0.0.1:8000/health/', headers={'Host': (hosts or ['localhost'])[0]}); sys.exit(0 if r.urlopen(req, timeout=4).status == 200 else 1)"]

# 2 sync workers: on 2 cores they beat 4 sync workers and 2x4 gthread by 10-40% (PERFORMANCE.md).
# gunicorn's access log stays off (its default): the application writes one JSON `request` line
# per request itself (core.middleware.RequestLogMiddleware). The worker heartbeat file goes to
# /dev/shm, as gunicorn's docs advise for containers (a disk-backed /tmp can stall workers).
CMD ["gunicorn", "labor_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-tmp-dir", "/dev/shm"]
