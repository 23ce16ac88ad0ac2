"""Policy staff curate the skills list and the synonyms free text is resolved by (issue 24).

Each change is audited and makes every process rebuild its in-memory taxonomy after the
commit (`taxonomy_reset`). Shipped synonyms are reloaded from the data files by migrations; the
ones staff add are marked `shipped=False` and survive a reload, so only those can be removed
here. A synonym that already names another code is refused: the same words cannot mean two
things to the resolver.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.services import audit_record
from taxonomy.models import Skill, Synonym
from taxonomy.text import match_key, script_of

_CODE = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


class TaxonomyError(ApplicationError):
    pass


def _reset_after_commit() -> None:
    from taxonomy.selectors import taxonomy_reset

    transaction.on_commit(taxonomy_reset)


def _labels(label_en: str, label_ar: str) -> tuple[str, str]:
    label_en, label_ar = (label_en or "").strip(), (label_ar or "").strip()
    errors = {}
    if not label_en or script_of(label_en) != "en":
        errors["label_en"] = _("Write the English label in English letters.")
    if not label_ar or script_of(label_ar) != "ar":
        errors["label_ar"] = _("Write the Arabic label in Arabic letters.")
    if errors:
        raise ValidationError(errors)
    return label_en[:200], label_ar[:200]


@transaction.atomic
def skill_add(*, code: str, domain: str, label_en: str, label_ar: str, actor: Any) -> Skill:
    """A new skill with a stable code (lower-case letters, digits and underscores)."""
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise ValidationError(
            {"code": _("Use 3 to 64 lower-case English letters, digits and underscores.")}
        )
    if Skill.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A skill with this code exists already.")})
    label_en, label_ar = _labels(label_en, label_ar)
    for label in (label_en, label_ar):
        _refuse_taken("skill", match_key(label), code, field="label_en")
    skill = Skill.objects.create(
        code=code, domain=(domain or "general").strip()[:32], label_en=label_en, label_ar=label_ar
    )
    audit_record(
        actor=actor,
        action="taxonomy.skill_added",
        obj=skill,
        after={"code": code, "label_en": label_en, "label_ar": label_ar},
    )
    _reset_after_commit()
    return skill


@transaction.atomic
def skill_relabel(*, skill: Skill, label_en: str, label_ar: str, actor: Any) -> Skill:
    """New labels for a skill; its code, and everything that names it, stay."""
    label_en, label_ar = _labels(label_en, label_ar)
    locked = Skill.objects.select_for_update().get(pk=skill.pk)
    before = {"label_en": locked.label_en, "label_ar": locked.label_ar}
    locked.label_en, locked.label_ar = label_en, label_ar
    locked.save(update_fields=["label_en", "label_ar"])
    audit_record(
        actor=actor,
        action="taxonomy.skill_relabelled",
        obj=locked,
        before=before,
        after={"label_en": label_en, "label_ar": label_ar},
    )
    _reset_after_commit()
    return locked


@transaction.atomic
def skill_retire(*, skill: Skill, actor: Any) -> Skill:
    """Retire a skill: free text stops resolving to it (labels and synonyms alike); the
    records that name its code keep it. Raises TaxonomyError when it is retired already."""
    locked = Skill.objects.select_for_update().get(pk=skill.pk)
    if locked.retired_at is not None:
        raise TaxonomyError(_("This skill is retired already."))
    locked.retired_at = timezone.now()
    locked.save(update_fields=["retired_at"])
    audit_record(
        actor=actor,
        action="taxonomy.skill_retired",
        obj=locked,
        after={"code": locked.code, "retired_at": locked.retired_at.isoformat()},
    )
    _reset_after_commit()
    return locked


@transaction.atomic
def skill_restore(*, skill: Skill, actor: Any) -> Skill:
    """Offer a retired skill again. Raises TaxonomyError when it is not retired."""
    locked = Skill.objects.select_for_update().get(pk=skill.pk)
    if locked.retired_at is None:
        raise TaxonomyError(_("This skill is not retired."))
    before = {"retired_at": locked.retired_at.isoformat()}
    locked.retired_at = None
    locked.save(update_fields=["retired_at"])
    audit_record(actor=actor, action="taxonomy.skill_restored", obj=locked, before=before, after={})
    _reset_after_commit()
    return locked


def _refuse_taken(kind: str, key: str, code: str, *, field: str) -> None:
    from taxonomy.selectors import taxonomy_from_database

    taken = taxonomy_from_database().exact_keys(kind).get(key)
    if taken is None:
        taken = (
            Synonym.objects.filter(kind=kind, key=key)
            .exclude(code=code)
            .values_list("code", flat=True)
        ).first()
    if taken is not None and taken != code:
        raise ValidationError(
            {field: _("These words already name another entry (%(code)s).") % {"code": taken}}
        )


@transaction.atomic
def synonym_add(*, kind: str, code: str, text: str, actor: Any) -> Synonym:
    """Another name for a skill (or occupation group...), in Arabic or English."""
    text = " ".join((text or "").split())
    key = match_key(text)
    language = script_of(text)
    if not key or language not in ("ar", "en") or len(text) > 200:
        raise ValidationError(
            {"text": _("Write the synonym in Arabic or in English letters (up to 200).")}
        )
    if kind not in Synonym.Kind.values:
        raise ValidationError({"kind": _("Choose what the synonym names.")})
    _refuse_taken(kind, key, code, field="text")
    if Synonym.objects.filter(kind=kind, code=code, key=key).exists():
        raise TaxonomyError(_("This synonym is there already."))
    synonym = Synonym.objects.create(
        kind=kind, code=code, language=language, text=text, key=key, shipped=False
    )
    audit_record(
        actor=actor,
        action="taxonomy.synonym_added",
        obj=synonym,
        after={"kind": kind, "code": code, "text": text},
    )
    _reset_after_commit()
    return synonym


@transaction.atomic
def synonym_remove(*, synonym: Synonym, actor: Any) -> None:
    """Remove a synonym staff added (shipped ones come back with every reload: refused)."""
    if synonym.shipped:
        raise TaxonomyError(
            _("Synonyms shipped with the portal are changed in its data files, not here.")
        )
    before = {"kind": synonym.kind, "code": synonym.code, "text": synonym.text}
    audit_record(actor=actor, action="taxonomy.synonym_removed", obj=synonym, before=before)
    synonym.delete()
    _reset_after_commit()
