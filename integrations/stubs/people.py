"""The people the stub civil registry and the stub national identity provider know.

One population for both stubs, so that a person who signs in through the identity provider is
the person the registry answers for. The demo accounts of `seed_demo` (accounts.demo) are here
by name, with the mobiles seed_demo gives them; a few foreign workers sign in by resident card
number. Every other 8-digit number is a person too, with a mobile derived from the number
("+9689" and its last seven digits, a leading 0 of those made 1), except numbers beginning
with 99, which belong to nobody (for tests of unknown numbers).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    civil_id: str  # civil number (Omanis) or resident card number (foreign residents)
    name_ar: str
    name_en: str
    nationality: str  # ISO 3166 alpha-2
    date_of_birth: datetime.date
    mobile: str  # the mobile the registry holds (E.164)

    @property
    def resident(self) -> bool:
        return self.nationality != "OM"

    @property
    def subject(self) -> str:
        """The identity provider's stable, opaque subject for this person."""
        digest = hashlib.sha256(f"stub-idp-subject:{self.civil_id}".encode()).hexdigest()
        return f"u={digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"

    def as_record(self) -> dict[str, object]:
        return {
            "civil_id": self.civil_id,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "nationality": self.nationality,
            "date_of_birth": self.date_of_birth.isoformat(),
            "mobile": self.mobile,
        }


DEMO_PEOPLE: tuple[Person, ...] = (
    Person(
        "90000001",
        "مريم البلوشي",
        "Maryam Al Balushi",
        "OM",
        datetime.date(1996, 3, 14),
        "+96891000001",
    ),
    Person(
        "90000002",
        "خالد الحارثي",
        "Khalid Al Harthy",
        "OM",
        datetime.date(1981, 7, 2),
        "+96891000002",
    ),
    Person(
        "90000003",
        "عائشة الرواحي",
        "Aisha Al Rawahi",
        "OM",
        datetime.date(1985, 11, 23),
        "+96891000003",
    ),
    Person(
        "90000009",
        "طلال الكندي",
        "Talal Al Kindi",
        "OM",
        datetime.date(1990, 1, 30),
        "+96891000009",
    ),
    Person(
        "90000010", "سعيد العبري", "Said Al Abri", "OM", datetime.date(2001, 5, 9), "+96891000010"
    ),
    Person(
        "70000001", "راجيش كومار", "Rajesh Kumar", "IN", datetime.date(1988, 9, 12), "+96894000001"
    ),
    Person(
        "70000002", "محمد رحمن", "Mohammad Rahman", "BD", datetime.date(1992, 2, 17), "+96894000002"
    ),
    Person(
        "70000003", "ماريا سانتوس", "Maria Santos", "PH", datetime.date(1994, 6, 8), "+96894000003"
    ),
)
_BY_ID = {person.civil_id: person for person in DEMO_PEOPLE}


def person_for(civil_id: str) -> Person | None:
    """The person with this number, or None (numbers beginning with 99 belong to nobody)."""
    if civil_id in _BY_ID:
        return _BY_ID[civil_id]
    if len(civil_id) != 8 or not civil_id.isdigit() or civil_id.startswith("99"):
        return None
    digest = int(hashlib.sha256(civil_id.encode()).hexdigest(), 16)
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=digest % 13_000)
    return Person(
        civil_id=civil_id,
        name_ar=f"مواطن {civil_id}",
        name_en=f"Person {civil_id}",
        nationality="OM" if civil_id[0] in "123456" else "IN",
        date_of_birth=born,
        # +9689 and the last seven digits; +96890 cannot take SMS, so a leading 0 becomes 1
        mobile=f"+9689{'1' if civil_id[-7] == '0' else civil_id[-7]}{civil_id[-6:]}",
    )
