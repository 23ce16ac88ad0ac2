"""Demo data of the employment lifecycle: the demo jobseeker works for the demo employer's
first establishment and has resigned, so that "My employment" and the employer's resignations
page show a real case (only once the demo jobseeker's civil ID is proven, as every resignation
needs; accounts.demo marks the demo citizens proven). Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import ProofMethod, User
from employers.demo import cr_number_for
from employers.models import Employee, Establishment
from employment.models import Resignation
from employment.services.resignations import resignation_submit


@dataclass(frozen=True)
class EmploymentSeed:
    employees_created: int
    resignations_created: int


def seed_employment(*, jobseeker: User) -> EmploymentSeed:
    establishment = Establishment.objects.filter(cr_number=cr_number_for(0)).first()
    if establishment is None or not jobseeker.civil_id:
        return EmploymentSeed(0, 0)
    employee, created = Employee.objects.get_or_create(
        establishment=establishment,
        civil_id=jobseeker.civil_id,
        defaults={
            "name_en": jobseeker.full_name_en or "Maryam Al Balushi",
            "name_ar": jobseeker.full_name_ar or "مريم البلوشي",
            "nationality": Employee.OMANI,
            "occupation_code": "4110",
            "job_level": Employee.JobLevel.OPERATIONAL,
            "monthly_salary": Decimal("650.000"),
            "contract_start": datetime.date(2023, 9, 1),
        },
    )
    resignations = 0
    if jobseeker.identity_proven and not Resignation.objects.filter(employee=employee).exists():
        resignation_submit(
            employee=employee,
            submitted_by=jobseeker,
            last_working_day=timezone.localdate() + datetime.timedelta(days=45),
            statement="I have been offered a post closer to my family in Sohar.",
            proof_method=jobseeker.identity_proof_method or ProofMethod.IDP,
        )
        resignations = 1
    return EmploymentSeed(int(created), resignations)
