"""The stub entities' data: one deterministic world, generated from a seed at a chosen scale.

Nothing is stored per record except its version: a record is a pure function of (seed, entity,
index, version), so 2,000,000 social-insurance records cost a few arrays of integers, and the
same seed always gives the same answers.

The world: `scale` social-insurance records (insured person x month, three months); a person
works at one of `scale // 30` establishments (CR numbers from 5000001, apart from the demo
data's); the passport directorate and the health ministry each hold one record per five
persons, their passports shared, so a departure and a fitness result can concern one worker.

Each entity keeps a change feed: `log_index[p]` is the record that changed at sequence
number p + 1, `log_version[p]` the version it reached. A record's current entry is the one at
`seq_of[index]`; older entries are stale and skipped (unless the feed is told to serve them, to
imitate a source that reports a record changed twice between two syncs). `since=<seq>` is
therefore an O(changes) scan: the 1%-changed sync reads only the changed records.

Inconsistencies for reconciliation are added as structured overrides (`put`: fields of record
i replaced from now on) and extra records (`add`), each a change in the feed like any other, so
a test can plant them with known answers.
"""

from __future__ import annotations

import datetime
import json
import math
from array import array
from collections.abc import Callable
from typing import Any

from integrations.entities import GOVERNORATES, SPECS, Entity

MONTHS = ("2026-08", "2026-09", "2026-10")
NATIONALITIES = ("IND", "BGD", "PAK", "EGY", "PHL", "NPL", "LKA")
ACTIVITIES = ("4711", "4100", "5610", "4930", "8121", "4520", "1071", "4390")
FIRST_CR = 5_000_001
FIRST_CIVIL_ID = 60_000_000
FIRST_PASSPORT = 7_000_000
# the registry's owners and signatories of establishment i (every 8-digit number is a person of
# the stub civil registry, integrations/stubs/people.py)
FIRST_OWNER = 80_000_000
FIRST_SIGNATORY = 85_000_000
EPOCH = datetime.date(2026, 1, 1)
MASK = (1 << 64) - 1


def mix(seed: int, index: int, salt: int) -> int:
    """A 64-bit hash of (seed, index, salt) (splitmix64's finaliser): cheap, well spread."""
    z = (seed * 0x9E3779B97F4A7C15 + index * 0xBF58476D1CE4E5B9 + salt * 0x94D049BB133111EB) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def _day(offset: int) -> str:
    return (EPOCH + datetime.timedelta(days=offset)).isoformat()


class World:
    """The population behind every entity's records."""

    def __init__(self, *, seed: int, scale: int) -> None:
        self.seed = seed
        self.scale = max(scale, 1)
        self.persons = max(1, math.ceil(self.scale / len(MONTHS)))
        self.establishments = max(1, self.scale // 30)
        self.travellers = max(1, self.persons // 5)
        self._last_person: tuple[int, tuple[str, int]] = (-1, ("", 0))

    def counts(self) -> dict[str, int]:
        return {
            Entity.COMMERCE_REGISTRY: self.establishments,
            Entity.SOCIAL_INSURANCE: self.scale,
            Entity.WAGE_PROTECTION: self.scale,
            Entity.PASSPORT_DIRECTORATE: self.travellers,
            Entity.HEALTH_MINISTRY: self.travellers,
            Entity.CHAMBER_OF_COMMERCE: self.establishments,
            Entity.HEALTH_ORDERS: max(1, self.travellers // 4),
        }

    def cr_of_person(self, person: int) -> str:
        return str(FIRST_CR + mix(self.seed, person, 1) % self.establishments)

    # -- one function per entity: the record at `index` after `version` changes ----------------

    def commerce_registry(self, index: int, version: int) -> dict[str, Any]:
        h = mix(self.seed, index, 11)
        status, changed = "active", _day(-2000 + h % 1500)
        if version:
            roll = mix(self.seed, index, 100 + version) % 10
            status = "closed" if roll == 0 else "suspended" if roll == 1 else "active"
            changed = _day(200 + version % 90)
        owners = f"{FIRST_OWNER + index}:owner"
        if h % 3 == 0:
            owners += f",{FIRST_SIGNATORY + index}:signatory"
        return {
            "cr_number": str(FIRST_CR + index),
            "name_ar": f"مؤسسة رقم {index}",
            "name_en": f"Establishment {index}",
            "activity_code": ACTIVITIES[h % len(ACTIVITIES)],
            "status": status,
            "status_changed_on": changed,
            "governorate": GOVERNORATES[(h >> 8) % len(GOVERNORATES)],
            "address": f"Building {h % 900 + 1}, Way {(h >> 12) % 4000 + 1}",
            "capital": f"{(h >> 20) % 500 * 1000 + 1000 * version + 5000}.000",
            "registered_on": _day(-2500 + h % 2400),
            "owners": owners,
        }

    def _insured(self, person: int) -> tuple[str, int]:
        """(CR number, base salary) of a person; the last one is remembered, since a person's
        three months follow each other in the feed."""
        last = self._last_person  # one read: another request's thread may replace it
        if last[0] != person:
            last = (person, (self.cr_of_person(person), 325 + mix(self.seed, person, 2) % 1700))
            self._last_person = last
        return last[1]

    def social_insurance(self, index: int, version: int) -> dict[str, Any]:
        person, month = divmod(index, len(MONTHS))
        cr_number, salary = self._insured(person)
        return {
            "civil_id": str(FIRST_CIVIL_ID + person),
            "cr_number": cr_number,
            "month": MONTHS[month],
            "salary": f"{salary + 10 * version}.000",
            "insured_name": f"Insured person {person}",
        }

    def social_insurance_line(self, index: int, version: int, seq: int) -> bytes:
        """The JSON line of `social_insurance(index, version)`, formatted directly: the
        benchmark's 2,000,000 records would otherwise spend most of the stub's time in json."""
        person, month = divmod(index, len(MONTHS))
        cr_number, salary = self._insured(person)
        return (
            f'{{"civil_id":"{FIRST_CIVIL_ID + person}","cr_number":"{cr_number}",'
            f'"month":"{MONTHS[month]}","salary":"{salary + 10 * version}.000",'
            f'"insured_name":"Insured person {person}","version":{version},"seq":{seq}}}'
        ).encode()

    def wage_protection(self, index: int, version: int) -> dict[str, Any]:
        person, month = divmod(index, len(MONTHS))
        due = 325 + mix(self.seed, person, 2) % 1700
        roll = mix(self.seed, index, 21) % 20
        status = "paid" if version or roll > 1 else "late" if roll == 1 else "unpaid"
        return {
            "cr_number": self.cr_of_person(person),
            "civil_id": str(FIRST_CIVIL_ID + person),
            "month": MONTHS[month],
            "salary_due": f"{due}.000",
            "salary_paid": f"{due if status != 'unpaid' else 0}.000",
            "payment_status": status,
            "paid_on": None if status == "unpaid" else _day(240 + 30 * month + roll),
            "file_reference": f"WPS-{index:09d}",
        }

    def passport_directorate(self, index: int, version: int) -> dict[str, Any]:
        h = mix(self.seed, index, 31)
        kind = ("visa_application", "clearance", "arrival", "departure")[h % 4]
        status = {
            "visa_application": "issued" if version else "applied",
            "clearance": "cleared",
            "arrival": "recorded",
            "departure": "recorded",
        }[kind]
        return {
            "reference": f"PD-{index:09d}",
            "kind": kind,
            "nationality": NATIONALITIES[h % len(NATIONALITIES)],
            "passport_number": f"P{FIRST_PASSPORT + index}",
            "person_name": f"Traveller {index}",
            "occurred_on": _day(h % 290),
            "status": status,
        }

    def health_ministry(self, index: int, version: int) -> dict[str, Any]:
        h = mix(self.seed, index, 41)
        unfit = (h % 15 == 0) != bool(version % 2)
        return {
            "reference": f"MF-{index:09d}",
            "nationality": NATIONALITIES[mix(self.seed, index, 31) % len(NATIONALITIES)],
            "passport_number": f"P{FIRST_PASSPORT + index}",
            "person_name": f"Traveller {index}",
            "result": "unfit" if unfit else "fit",
            "examined_on": _day(h % 280),
        }

    def chamber_of_commerce(self, index: int, version: int) -> dict[str, Any]:
        h = mix(self.seed, index, 51)
        return {
            "cr_number": str(FIRST_CR + index),
            "membership_number": f"OCCI-{index:07d}",
            "grade": 1 + (h + version) % 5,
            "valid_until": _day(365 + h % 700 + 365 * version),
            "status": "expired" if (h + version) % 9 == 0 else "active",
        }

    def health_orders(self, index: int, version: int) -> dict[str, Any]:
        """One order per four travellers (the same passports as the fitness results); a new
        version lifts an order or puts a new one in force."""
        h = mix(self.seed, index, 61)
        start = _day(h % 300)
        return {
            "reference": f"HO-{index:09d}",
            "nationality": NATIONALITIES[mix(self.seed, index, 31) % len(NATIONALITIES)],
            "passport_number": f"P{FIRST_PASSPORT + index}",
            "kind": ("isolation", "sick_leave", "test_due")[h % 3],
            "valid_from": start,
            "valid_until": _day(h % 300 + 7 + h % 14),
            "status": "lifted" if version % 2 else "in_force",
        }

    def generator(self, entity: str) -> Callable[[int, int], dict[str, Any]]:
        return getattr(self, str(entity))


MALFORMATIONS = (
    "wrong_type",
    "oversized",
    "script",
    "missing_key",
    "not_json",
    "not_object",
    "bad_date",
)


def malformed_line(entity: str, record: dict[str, Any], variant: int) -> bytes:
    """`record` broken in one of MALFORMATIONS' ways, as the line a careless source sends."""
    spec = SPECS[entity]
    kind = MALFORMATIONS[variant % len(MALFORMATIONS)]
    broken = dict(record)
    if kind == "wrong_type":
        broken[spec.value_field] = {"$gt": ["not", "a", "value"]}
    elif kind == "oversized":
        broken[spec.text_field] = "A" * 50_000
    elif kind == "script":
        broken[spec.text_field] = '<script>alert("pwned")</script>'
    elif kind == "missing_key":
        broken.pop(spec.keys[0], None)
    elif kind == "not_json":
        return json.dumps(broken).encode()[:40] + b'\xff", {'
    elif kind == "not_object":
        return json.dumps(f"record {record.get('seq')} lost its fields").encode()
    elif kind == "bad_date":
        broken[spec.date_field] = "2026-13-45" if spec.date_field != "month" else "2026-13"
    return json.dumps(broken, ensure_ascii=False, separators=(",", ":")).encode()


class Feed:
    """One entity's records and change feed (see the module docstring)."""

    def __init__(self, *, world: World, entity: str) -> None:
        self.world = world
        self.entity = entity
        self.generate = world.generator(entity)
        count = world.counts()[entity]
        self.base = count
        self.versions = array("l", [0]) * count
        self.seq_of = array("q", range(1, count + 1))
        self.log_index = array("q", range(count))
        self.log_version = array("l", [0]) * count
        self.fast_line: Callable[[int, int, int], bytes] | None = getattr(
            world, f"{entity}_line", None
        )
        self.overrides: dict[int, dict[str, Any]] = {}
        self.extra: list[dict[str, Any]] = []
        self.ticks = 0

    @property
    def count(self) -> int:
        return len(self.versions)

    @property
    def max_seq(self) -> int:
        return len(self.log_index)

    def record(self, index: int, version: int, seq: int) -> dict[str, Any]:
        if index < self.base:
            record = self.generate(index, version)
        else:
            record = dict(self.extra[index - self.base])
        if index in self.overrides:
            record.update(self.overrides[index])
        record["version"] = version
        record["seq"] = seq
        return record

    def line(self, index: int, version: int, seq: int) -> bytes:
        """The record as the JSON line the entity sends."""
        if self.fast_line is not None and index < self.base and index not in self.overrides:
            return self.fast_line(index, version, seq)
        return json.dumps(
            self.record(index, version, seq), ensure_ascii=False, separators=(",", ":")
        ).encode()

    def change(self, index: int) -> None:
        version = self.versions[index] + 1
        self.versions[index] = version
        self.log_index.append(index)
        self.log_version.append(version)
        self.seq_of[index] = len(self.log_index)

    def tick(self, *, changes: int = 0, indices: list[int] | None = None, times: int = 1) -> int:
        """Change `changes` records chosen from the seed and the tick number (or `indices`),
        each `times` times. Returns how many records changed."""
        self.ticks += 1
        chosen = list(indices or [])
        if not chosen and changes:
            n = self.count
            changes = min(changes, n)
            start = mix(self.world.seed, self.ticks, 99) % n
            step = 7919
            while math.gcd(step, n) != 1:
                step += 2
            chosen = [(start + j * step) % n for j in range(changes)]
        for _ in range(times):
            for index in chosen:
                self.change(index)
        return len(chosen)

    def put(self, index: int, fields: dict[str, Any]) -> None:
        self.overrides.setdefault(index, {}).update(fields)
        self.change(index)

    def add(self, fields: dict[str, Any]) -> int:
        self.extra.append(dict(fields))
        self.versions.append(0)
        self.log_index.append(self.count - 1)
        self.log_version.append(0)
        self.seq_of.append(len(self.log_index))
        return self.count - 1

    def entries(
        self, *, cursor: int, limit: int, stale: bool
    ) -> tuple[list[tuple[int, int, int]], int]:
        """(index, version, seq) of up to `limit` entries after `cursor`, and the new cursor."""
        found: list[tuple[int, int, int]] = []
        position = max(cursor, 0)
        end = len(self.log_index)
        while position < end and len(found) < limit:
            index = self.log_index[position]
            if stale or self.seq_of[index] == position + 1:
                found.append((index, self.log_version[position], position + 1))
            position += 1
        return found, position

    def summary(self) -> dict[str, Any]:
        """What a complete sync must end with: the live record count and a checksum."""
        return {
            "count": self.count,
            "max_seq": self.max_seq,
            "version_sum": sum(self.versions),
        }
