"""The portal's user: one account type per role of DOMAIN.md section 2."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from core.models import BaseModel
from core.runs import BackgroundRun


class ProofMethod(models.TextChoices):
    """How a person proved who they are (for a binding, a sign-in, or the receipt of an act)."""

    IDP = "idp", _("national digital identity")
    REGISTRY_SMS = "registry_sms", _("code sent to the civil registry's mobile")
    ACCOUNT_SMS = "account_sms", _("code sent to the account's verified mobile")


class User(AbstractUser):
    """A person or system that signs in. `role` decides the home page and what may be reached.

    Roles:
        JOBSEEKER     A citizen looking for work; sees only their own data.
        EMPLOYER      Representative of one or more establishments (through memberships).
        OFFICER       Ministry officer working a queue of cases.
        APPROVER      Ministry approver deciding cases; exceptions need a second approver.
        POLICY        Policy administrator editing rule sets with effective dates.
        ANALYST       Decision maker or analyst reading aggregated statistics only.
        SANAD_CLERK   Clerk of a Sanad service centre acting for a present, consenting person.
        INSPECTOR     Labour inspector checking workers' passes and recording violations.
        WORKSITE_SUPERVISOR   Checks workers' status codes at a worksite (scanner page only).
        ACCOMMODATION_GUARD   Checks workers' status codes at an accommodation's gate (scanner
                              page only).
        ACCOMMODATION_OPERATOR  Acts for an accommodation operator: its sites, rooms and
                      residents (accommodation); an establishment housing its own workers
                      operates through its representatives instead.
        API_CLIENT    Another government system calling the G2G API with its own scopes.
        TRAINING_INSTITUTION  Staff of a technical college or vocational centre: the skills
                      demand report and their institution's courses (lmi).

    Ministry staff (officer, approver, policy, analyst, inspector) must pass a TOTP second factor
    before any staff page (accounts.middleware.StaffSecondFactorMiddleware).
    """

    class Role(models.TextChoices):
        JOBSEEKER = "jobseeker", _("Jobseeker")
        EMPLOYER = "employer", _("Employer representative")
        OFFICER = "officer", _("Ministry officer")
        APPROVER = "approver", _("Ministry approver")
        POLICY = "policy", _("Policy administrator")
        ANALYST = "analyst", _("Analyst")
        SANAD_CLERK = "sanad_clerk", _("Sanad clerk")
        INSPECTOR = "inspector", _("Inspector")
        API_CLIENT = "api_client", _("API client")
        WORKSITE_SUPERVISOR = "worksite_supervisor", _("Worksite supervisor")
        ACCOMMODATION_GUARD = "accommodation_guard", _("Accommodation guard")
        TRAINING_INSTITUTION = "training_institution", _("Training institution")
        ACCOMMODATION_OPERATOR = "dormitory_operator", _("Accommodation operator")

    STAFF_ROLES: ClassVar[frozenset[str]] = frozenset(
        {Role.OFFICER, Role.APPROVER, Role.POLICY, Role.ANALYST, Role.INSPECTOR}
    )

    # Empty only for a platform administrator (superuser), who holds no business role.
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, blank=True, db_index=True
    )
    civil_id = models.CharField(
        _("civil ID number"), max_length=20, unique=True, null=True, blank=True
    )
    full_name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    full_name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    mobile = PhoneNumberField(_("mobile number"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )
    mobile_verified_at = models.DateTimeField(_("mobile verified"), null=True, blank=True)
    sms_alerts_opt_out = models.BooleanField(
        _("no SMS alerts"),
        default=False,
        help_text=_("Alerts such as new matching vacancies are not sent. Official notices are."),
    )
    # Identity (DOMAIN.md section 7). A civil or resident number is an identifier, not a proof:
    # `civil_id` counts as this person's only once `identity_proven_at` is set, by the national
    # identity provider (`idp_subject` is its stable subject) or by a code sent to the mobile the
    # civil registry holds for the number. Accounts registered before proof was required keep
    # working for low-risk pages and prove again before any worker-side act.
    idp_subject = models.CharField(
        _("national identity subject"), max_length=255, unique=True, null=True, blank=True
    )
    identity_proven_at = models.DateTimeField(_("identity proven"), null=True, blank=True)
    identity_proof_method = models.CharField(
        _("identity proven by"), max_length=20, choices=ProofMethod.choices, blank=True
    )
    # Raised to end every session of the account at once (a reclaimed civil ID, a revoked
    # binding): it is part of the session's auth hash.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Wrong SMS codes counted across codes; at SMS_CODE_ACCOUNT_MAX_FAILURES the account's code
    # sign-in locks until the person signs in through the identity provider.
    sms_code_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    sms_code_locked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="") | models.Q(is_superuser=True),
                name="user_has_role_unless_superuser",
            )
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    def get_session_auth_hash(self) -> str:
        """The password's hash (Django's default) mixed with `session_epoch`, so raising the
        epoch ends every session of the account."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    @property
    def identity_proven(self) -> bool:
        """The account's civil or resident number was bound by proof, not typed."""
        return bool(self.civil_id) and self.identity_proven_at is not None

    @property
    def is_ministry_staff(self) -> bool:
        return self.role in self.STAFF_ROLES

    @property
    def needs_second_factor(self) -> bool:
        return self.is_ministry_staff or self.is_superuser

    @property
    def display_name(self) -> str:
        if translation.get_language() == "en":
            name = self.full_name_en or self.full_name_ar
        else:
            name = self.full_name_ar or self.full_name_en
        return name or self.get_username()


class SmsCode(models.Model):
    """A one-time code sent by SMS: to sign in, to verify a mobile, to prove a civil or resident
    number (sent to the civil registry's mobile for it), or to confirm a binding act (step-up).

    Only a keyed hash of the code is kept. A code is valid for SMS_CODE_VALID_SECONDS, works
    once, and is locked after SMS_CODE_MAX_FAILURES wrong tries. Codes stand on their own: asking
    for a new one does not cancel one that another session is using. Wrong codes also count
    against the account across codes (User.sms_code_failures), which locks its code sign-in.
    """

    class Purpose(models.TextChoices):
        LOGIN = "login", _("Sign in")
        VERIFY_MOBILE = "verify_mobile", _("Verify a mobile number")
        # to the civil registry's mobile of a number: registration, binding, reclaim
        PROVE_IDENTITY = "prove_identity", _("Prove who you are")
        # a fresh proof before an act that binds the person
        STEP_UP = "step_up", _("Confirm an act")

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sms_codes"
    )
    phone = models.CharField(_("mobile number"), max_length=16, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The civil or resident number the code proves (PROVE_IDENTITY, STEP_UP), when it is sent
    # to the registry's mobile for that number.
    civil_id = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} code for {self.phone}"


class RegistryRecord(models.Model):
    """What the civil registry last said about a civil or resident number: its mobile, names.

    Kept so that a registry outage does not stop a legal notice that has already gone out once
    to the same number; a consent code is only ever sent to a number the registry has just
    confirmed (accounts.registry.registry_person(fresh=True)).
    """

    civil_id = models.CharField(_("civil or resident number"), max_length=20, unique=True)
    mobile = models.CharField(_("registered mobile"), max_length=16, blank=True)
    name_ar = models.CharField(max_length=200, blank=True)
    name_en = models.CharField(max_length=200, blank=True)
    nationality = models.CharField(max_length=3, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    fetched_at = models.DateTimeField()

    class Meta:
        verbose_name = _("civil registry record")
        verbose_name_plural = _("civil registry records")

    def __str__(self) -> str:
        return self.civil_id


class ApiClient(models.Model):
    """Another government system (tender board, passport directorate, ...) calling the G2G API.

    It acts as a User of role API_CLIENT, so its calls are audited like anybody's. It
    authenticates with `Authorization: Api-Key <prefix>.<secret>`: the prefix finds the row, and
    only a SHA-256 of the secret is stored (the secret is 256 random bits, so a slow hash adds
    nothing). The key is shown once, when it is made. `scopes` name what it may call.
    """

    user = models.OneToOneField(
        User, verbose_name=_("account"), on_delete=models.PROTECT, related_name="api_client"
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    scopes = ArrayField(models.CharField(max_length=50), verbose_name=_("scopes"), default=list)
    key_prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name


class RefusedAttempt(models.Model):
    """Refused anonymous attempts counted per kind, key, address and minute: a G2G call without
    a valid key, a sign-in with a username nobody has. Anonymous traffic cannot grow the
    append-only audit trail (one row per attempt); it adds to a count here instead, which staff
    read to see an attack and which retention may delete whole. The username typed is never
    kept (people type passwords into it)."""

    class Kind(models.TextChoices):
        G2G = "g2g", _("G2G call without a valid key")
        SIGN_IN = "sign_in", _("Sign-in with an unknown username")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(
        _("key"), max_length=40, blank=True, help_text=_("The key's public prefix, or missing.")
    )
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    minute = models.DateTimeField(_("minute"))
    count = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-minute"]
        verbose_name = _("refused attempts")
        verbose_name_plural = _("refused attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "address", "minute"],
                name="refused_attempt_one_row_per_minute",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["minute"], name="refused_attempt_minute")]

    def __str__(self) -> str:
        return f"{self.kind} {self.address} {self.minute:%Y-%m-%d %H:%M}: {self.count}"


class DataExport(BackgroundRun, BaseModel):
    """A person's copy of everything the portal holds about them (Personal Data Protection Law,
    the right of access): built in the background from every app's section
    (core.personal_data) as a JSON file and a bilingual PDF, kept privately, downloaded only by
    the person. `processed` and `total` count the sections."""

    PROGRESS_TEXT = _("%(done)s of %(total)s parts gathered")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    json_path = models.CharField(_("JSON file"), max_length=200, blank=True, editable=False)
    pdf_path = models.CharField(_("PDF file"), max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("copy of my data")
        verbose_name_plural = _("copies of my data")

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d %H:%M}"


class CorrectionRequest(BaseModel):
    """A person's request to correct a field of their data they cannot edit themselves (the
    right to correction): a case for ministry staff, applied by the owning app's service
    (core.personal_data.Correctable) and told to the person by SMS.

    States:
        SUBMITTED   Waiting for an officer.
        ACCEPTED    The officer applied the correction. Terminal.
        REFUSED     The officer refused it, with the reason. Terminal.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the ministry")
        ACCEPTED = "accepted", _("Corrected")
        REFUSED = "refused", _("Refused")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.REFUSED}),
        Status.ACCEPTED: frozenset(),
        Status.REFUSED: frozenset(),
    }
    OPEN: ClassVar[frozenset[str]] = frozenset({Status.SUBMITTED})

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    field = models.SlugField(_("what to correct"), max_length=40)
    current_value = models.CharField(_("held now"), max_length=300, blank=True)
    requested_value = models.CharField(_("correct value"), max_length=300)
    reason = models.TextField(_("why it is wrong"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("reason for the decision"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "field"],
                condition=models.Q(status="submitted"),
                name="one_open_correction_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.field} ({self.status})"
