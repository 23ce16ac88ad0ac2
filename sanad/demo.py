"""Demo Sanad centre with the demo clerk `sanad` (its administrator), for `manage.py seed_demo`.
Idempotent by licence number."""

from __future__ import annotations

from accounts.models import User
from sanad.models import CentreMembership, ServiceCentre
from sanad.services import centre_register, clerk_add

DEMO_LICENCE = "SND-MCT-0001"


def seed_sanad(*, clerk: User, approver: User) -> int:
    """Register the demo centre (through the services, as the demo approver) and make the demo
    clerk its administrator. Returns how many rows were created (0 on a second run)."""
    created = 0
    centre = ServiceCentre.objects.filter(licence_number=DEMO_LICENCE).first()
    if centre is None:
        centre = centre_register(
            licence_number=DEMO_LICENCE,
            name_ar="مركز سند الخوير",
            name_en="Al Khuwair Sanad Centre",
            governorate="muscat",
            registered_by=approver,
        )
        created += 1
    if not CentreMembership.objects.filter(centre=centre, clerk=clerk).exists():
        clerk_add(
            centre=centre,
            clerk=clerk,
            added_by=approver,
            role=CentreMembership.Role.ADMINISTRATOR,
        )
        created += 1
    return created
