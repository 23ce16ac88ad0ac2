"""Identity: the national identity provider (OIDC), the civil registry, step-up proofs.

The provider is reached at IDENTITY_PROVIDER_ISSUER (the stub of `manage.py run_stub_idp` on
the embedded default). The portal authenticates to it by private_key_jwt with its own ES256 key
(IDENTITY_CLIENT_PRIVATE_JWK, a JSON Web Key; a development key is made and kept in
.data/identity/ when unset, and production refuses to start without one) and publishes the
public half at /.well-known/jwks.json, where the provider fetches it. ID tokens encrypted to
the portal (ECDH-ES+A256KW) are decrypted with IDENTITY_CLIENT_ENCRYPTION_JWK (same rule).
"""

from labor_portal.env import env

IDENTITY_PROVIDER_ISSUER = env.str("IDENTITY_PROVIDER_ISSUER", default="http://127.0.0.1:8040")
IDENTITY_CLIENT_ID = env.str("IDENTITY_CLIENT_ID", default="labor-portal")
IDENTITY_CLIENT_PRIVATE_JWK = env.str("IDENTITY_CLIENT_PRIVATE_JWK", default="")
IDENTITY_CLIENT_ENCRYPTION_JWK = env.str("IDENTITY_CLIENT_ENCRYPTION_JWK", default="")
# Explicit timeouts (seconds) for every call to the provider.
IDENTITY_PROVIDER_TIMEOUT = env.float("IDENTITY_PROVIDER_TIMEOUT", default=5.0)
# The provider's discovery document and JWKS are cached this long; an ID token signed by a key
# id the cached JWKS does not hold fetches the JWKS once more (key rotation), at most every
# IDENTITY_JWKS_MIN_REFRESH_SECONDS.
IDENTITY_METADATA_CACHE_SECONDS = env.int("IDENTITY_METADATA_CACHE_SECONDS", default=3600)
IDENTITY_JWKS_MIN_REFRESH_SECONDS = env.int("IDENTITY_JWKS_MIN_REFRESH_SECONDS", default=10)
# Clock skew allowed on exp/iat/nbf (seconds).
IDENTITY_CLOCK_SKEW_SECONDS = env.int("IDENTITY_CLOCK_SKEW_SECONDS", default=60)
# A sign-in started at the provider must come back within this many seconds.
IDENTITY_FLOW_MAX_SECONDS = env.int("IDENTITY_FLOW_MAX_SECONDS", default=600)

# A proof before an act that binds a person (resigning, accepting a contract, agreeing to a
# transfer, objecting, granting a Sanad consent) counts for this many seconds.
STEP_UP_MAX_AGE_SECONDS = env.int("STEP_UP_MAX_AGE_SECONDS", default=300)

# Wrong SMS codes of one account across codes before its code sign-in locks (lifted by a
# sign-in through the identity provider).
SMS_CODE_ACCOUNT_MAX_FAILURES = env.int("SMS_CODE_ACCOUNT_MAX_FAILURES", default=10)
# Registration, SMS sign-in and identity-code requests answer no sooner than this (ms), so the
# answer for a known number takes as long as for an unknown one.
IDENTITY_ANSWER_FLOOR_MS = env.int("IDENTITY_ANSWER_FLOOR_MS", default=600)
# A registry answer older than this is fetched again (a legal notice may use an older one when
# the registry is down; a consent code never does).
CIVIL_REGISTRY_MAX_AGE_SECONDS = env.int("CIVIL_REGISTRY_MAX_AGE_SECONDS", default=86400)
