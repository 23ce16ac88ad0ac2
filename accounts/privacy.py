# ruff: noqa: E501  (the notices are prose: one sentence per string, for the translators)
"""The privacy notices (Oman's Personal Data Protection Law, Royal Decree 6/2022): one per
audience, in Arabic and English, linked from the forms that collect personal data.

Each notice says who holds the data, what is collected and why, who receives it, how long it is
kept, and the person's rights with where to exercise them. The texts are translated through the
catalogue like every other string, so both languages stay one source.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Notice:
    title: Promise
    who: Promise
    collected: tuple[Promise, ...]
    why: tuple[Promise, ...]
    shared_with: tuple[Promise, ...]
    kept: tuple[Promise, ...]


CONTROLLER = _(
    "The Ministry of Labour of the Sultanate of Oman holds this data and answers for it. Its data "
    "protection officer answers questions and requests at privacy@mol.gov.om."
)

RIGHTS = (
    _("See and download everything the portal holds about you."),
    _("Ask for a correction of anything that is wrong; the ministry tells you the outcome."),
    _(
        "Object to a use of your data, or withdraw a consent you gave (a Sanad consent, for example)."
    ),
    _(
        "Complain to the data protection officer, and then to the personal data protection authority."
    ),
)

NOTICES: dict[str, Notice] = {
    "people": Notice(
        title=_("Privacy notice for citizens, jobseekers and workers"),
        who=_("You, when you register, sign in, look for work or work in the private sector."),
        collected=(
            _(
                "Your civil or resident number, name, date of birth and nationality, from the civil registry."
            ),
            _(
                "Your mobile number: the one the civil registry holds, and any you confirm yourself."
            ),
            _("Your jobseeker profile: education, skills, experience and the work you look for."),
            _(
                "Your employment record: permits, contracts, salaries, resignations and other cases."
            ),
            _("The text messages the portal sends you, and when they were delivered."),
        ),
        why=(
            _("To prove who you are before anything is done in your name."),
            _(
                "To issue and renew work permits and to keep the employment record the law requires."
            ),
            _("To recommend you to vacancies that match you, if you are looking for work."),
            _("To tell you of every decision and case that concerns you."),
        ),
        shared_with=(
            _("The civil registry and the Royal Oman Police (identity, residence and visas)."),
            _("The Social Protection Fund (insurance records and salaries)."),
            _(
                "Your employer, for your own employment only; an employer sees your name and profile as a candidate only after you apply or agree to be contacted."
            ),
            _("The text message provider, which receives your number and the message only."),
        ),
        kept=(
            _("Sign-in codes and their addresses: a few days."),
            _("Your employment record and permits: as long as the labour law requires."),
            _("Scans of your documents: until a set time after the permit they belong to ends."),
        ),
    ),
    "employers": Notice(
        title=_("Privacy notice for employers and their representatives"),
        who=_("Owners, authorised signatories and the representatives they appoint."),
        collected=(
            _("The representative's civil or resident number, name and mobile number."),
            _(
                "What the establishment files about its workers: permits, contracts, salary files and cases."
            ),
            _("Who did what and when, in the establishment's audit trail."),
        ),
        why=(
            _("To let only the people the establishment authorised act for it."),
            _("To decide permits, contracts and cases under the labour law."),
        ),
        shared_with=(
            _(
                "The commerce registry and the chamber of commerce (the establishment's registration)."
            ),
            _("The Royal Oman Police and the Social Protection Fund, as the law requires."),
        ),
        kept=(
            _(
                "The audit trail is kept; personal fields of people whose records have expired are pseudonymised."
            ),
            _("Uploaded workforce files: until a set time after they were imported."),
        ),
    ),
    "sanad": Notice(
        title=_("Privacy notice for people served at a Sanad centre"),
        who=_("You, when a Sanad clerk acts for you at the counter."),
        collected=(
            _(
                "Your consent: which services the clerk may use for you, for how long, and how you proved who you are."
            ),
            _("Every act the clerk does for you, with a receipt sent to your mobile."),
        ),
        why=(
            _(
                "To let a clerk act for you only while you are present and only for what you agreed."
            ),
        ),
        shared_with=(_("The Sanad centre sees only what the services you consented to need."),),
        kept=(_("Closed consents and their receipts: for a set time after the session ended."),),
    ),
}
