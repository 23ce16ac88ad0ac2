"""Demo accounts, one per role, for `manage.py seed_demo`. Idempotent by username."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from accounts.services import user_create

# Meets the ASVS level 2 policy (12+ characters, not a common password). Demo data only:
# seed_demo refuses to run with production settings.
DEMO_PASSWORD = "Oman-Labour-Demo-2026"  # noqa: S105  # pragma: allowlist secret


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    name_en: str
    name_ar: str
    civil_id: str | None = None
    mobile: str = ""
    superuser: bool = False


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "jobseeker",
        User.Role.JOBSEEKER,
        "Maryam Al Balushi",
        "مريم البلوشي",
        "90000001",
        "+96891000001",
    ),
    DemoAccount(
        "employer",
        User.Role.EMPLOYER,
        "Khalid Al Harthy",
        "خالد الحارثي",
        "90000002",
        "+96891000002",
    ),
    DemoAccount(
        "employer2",
        User.Role.EMPLOYER,
        "Aisha Al Rawahi",
        "عائشة الرواحي",
        "90000003",
        "+96891000003",
    ),
    DemoAccount("officer", User.Role.OFFICER, "Salim Al Busaidi", "سالم البوسعيدي"),
    DemoAccount("approver", User.Role.APPROVER, "Huda Al Hinai", "هدى الهنائي"),
    DemoAccount("policy", User.Role.POLICY, "Nasser Al Maskari", "ناصر المسكري"),
    DemoAccount("analyst", User.Role.ANALYST, "Zainab Al Saadi", "زينب السعدي"),
    DemoAccount("inspector", User.Role.INSPECTOR, "Hamed Al Amri", "حامد العامري"),
    DemoAccount("supervisor", User.Role.WORKSITE_SUPERVISOR, "Yousuf Al Shukaili", "يوسف الشكيلي"),
    DemoAccount("guard", User.Role.ACCOMMODATION_GUARD, "Badar Al Mamari", "بدر المعمري"),
    DemoAccount("dormitory", User.Role.ACCOMMODATION_OPERATOR, "Rashid Al Balushi", "راشد البلوشي"),
    DemoAccount(
        "college",
        User.Role.TRAINING_INSTITUTION,
        "Muscat Technical College",
        "الكلية التقنية بمسقط",
    ),
    DemoAccount(
        "sanad", User.Role.SANAD_CLERK, "Talal Al Kindi", "طلال الكندي", "90000009", "+96891000009"
    ),
    DemoAccount(
        "tenderboard", User.Role.API_CLIENT, "Tender Board (system)", "مجلس المناقصات (نظام)"
    ),
    DemoAccount(
        "passport",
        User.Role.API_CLIENT,
        "Passport and Residence Directorate (system)",
        "المديرية العامة للجوازات والإقامة (نظام)",
    ),
    DemoAccount("admin", "", "Portal administrator", "مدير البوابة", superuser=True),
]


def seed_demo_accounts() -> tuple[dict[str, User], int]:
    """Create the demo accounts that are missing. Returns all of them by username, and how many
    were created."""
    users: dict[str, User] = {}
    created = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                mobile_verified_at=timezone.now() if account.mobile else None,
                password=DEMO_PASSWORD,
                role=account.role,
                full_name_en=account.name_en,
                full_name_ar=account.name_ar,
                civil_id=account.civil_id,
                # the demo people are in the stub identity provider and civil registry
                # (integrations/stubs/people.py) with these numbers: proven as by a sign-in there
                identity_proven_at=timezone.now() if account.civil_id else None,
                identity_proof_method="idp" if account.civil_id else "",
                mobile=account.mobile,
                is_staff=account.superuser,
                is_superuser=account.superuser,
            )
            created += 1
        users[account.username] = user
    return users, created


# The demo tender board's API key. Demo data only: seed_demo refuses production settings.
DEMO_TENDER_BOARD_KEY = "0000000000aa.Demo-key-for-the-tender-board-never-in-prod"


# The demo passport directorate's API key (permits:read and permits:visa-write).
DEMO_PASSPORT_DIRECTORATE_KEY = "0000000000bb.Demo-key-for-passport-directorate-not-prod1"


def seed_demo_api_client(
    *,
    user: User,
    key: str = DEMO_TENDER_BOARD_KEY,
    name: str = "Tender Board (demo)",
    scopes: tuple[str, ...] = ("omanization:read",),
) -> str:
    """Give a demo system account its API key with `scopes`; returns the key."""
    from accounts.api_keys import _digest
    from accounts.models import ApiClient

    prefix, secret = key.split(".")
    ApiClient.objects.update_or_create(
        user=user,
        defaults={
            "name": name,
            "scopes": list(scopes),
            "key_prefix": prefix,
            "key_hash": _digest(secret),
        },
    )
    return key
