"""SMS: provider, callbacks, retries and the relay's timings.

SMS_BACKEND: `twilio` (the SDK; against Twilio, or the fake provider when TWILIO_API_BASE_URL
points at it) or `console` (prints messages; development only).
"""

from labor_portal.env import env

SMS_BACKEND = env.str("SMS_BACKEND", default="twilio")
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="AC00000000000000000000000000000000")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="fake-provider-auth-token")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="MOL")
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
# Empty: Twilio itself. The embedded default points it at the fake provider on loopback.
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="")
# Public base URL Twilio calls for delivery receipts, exactly as Twilio sees it (the signature
# covers it). Empty: no receipts are asked for.
SMS_STATUS_CALLBACK_BASE_URL = env.str("SMS_STATUS_CALLBACK_BASE_URL", default="")
SMS_PROVIDER_TIMEOUT = env.float("SMS_PROVIDER_TIMEOUT", default=10.0)
# Retries of temporary errors: exponential from SMS_RETRY_BASE_SECONDS, at most
# SMS_RETRY_MAX_DELAY_SECONDS apart, until SMS_RETRY_HORIZON_SECONDS after the message was
# written (GOV.UK Notify gives up after about 4 hours).
SMS_RETRY_BASE_SECONDS = env.float("SMS_RETRY_BASE_SECONDS", default=30.0)
SMS_RETRY_MAX_DELAY_SECONDS = env.float("SMS_RETRY_MAX_DELAY_SECONDS", default=30 * 60.0)
SMS_RETRY_HORIZON_SECONDS = env.float("SMS_RETRY_HORIZON_SECONDS", default=4 * 3600.0)
# The sweeper re-sends rows left in `created` this long (a lost publish), and reconciles rows
# left in `sending` this long (a killed worker, a lost answer) against the provider.
SMS_SWEEP_CREATED_AFTER_SECONDS = env.float("SMS_SWEEP_CREATED_AFTER_SECONDS", default=30.0)
SMS_SWEEP_SENDING_AFTER_SECONDS = env.float("SMS_SWEEP_SENDING_AFTER_SECONDS", default=120.0)
SMS_BATCH_SIZE = env.int("SMS_BATCH_SIZE", default=100)
# Broadcasts (notifications.broadcasts) are throttled: their rows fall due this many a second,
# and the relay (nudged at once for the first second, then by the sweeper) sends them as due.
SMS_BROADCAST_PER_SECOND = env.int("SMS_BROADCAST_PER_SECOND", default=100)
# After a failed publish, requests stop trying the broker for this long (the sweeper sends).
SMS_BROKER_BACKOFF_SECONDS = env.float("SMS_BROKER_BACKOFF_SECONDS", default=30.0)
# One-time sign-in codes.
SMS_CODE_VALID_SECONDS = env.int("SMS_CODE_VALID_SECONDS", default=600)
SMS_CODE_MAX_FAILURES = env.int("SMS_CODE_MAX_FAILURES", default=5)
SMS_CODE_LIMIT_PER_NUMBER = env.int("SMS_CODE_LIMIT_PER_NUMBER", default=3)  # per 15 minutes
SMS_CODE_LIMIT_PER_ADDRESS = env.int("SMS_CODE_LIMIT_PER_ADDRESS", default=10)  # per hour

# The portal's public address, for links in text messages (a worker's transfer consent).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
