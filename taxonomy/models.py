"""ISCO-08: major groups (1 digit), sub-major (2), minor (3) and unit groups (4 digits)."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Occupation(models.Model):
    """One group of the International Standard Classification of Occupations (ISCO-08).

    The level is the number of digits of the code; a unit group (level 4) is what a worker's
    occupation, a permit or a vacancy names. `parent` is the group one level up.
    """

    class Level(models.IntegerChoices):
        MAJOR = 1, _("Major group")
        SUB_MAJOR = 2, _("Sub-major group")
        MINOR = 3, _("Minor group")
        UNIT = 4, _("Unit group")

    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    title_en = models.CharField(_("title in English"), max_length=250)
    title_ar = models.CharField(_("title in Arabic"), max_length=250)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="occupation_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        if translation.get_language() == "en":
            return self.title_en
        return self.title_ar or self.title_en


class EducationLevel(models.TextChoices):
    """Highest education completed, in Oman's terms; the order is the rank a vacancy's minimum
    is compared with (`taxonomy/data/education_levels.csv` holds the same order)."""

    NONE = "none", _("No formal education")
    PRIMARY = "primary", _("Primary or basic education")
    SECONDARY = "secondary", _("Secondary school (General Education Diploma)")
    DIPLOMA = "diploma", _("Post-secondary diploma")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class Skill(models.Model):
    """One skill of the portal's skills list, with a stable code that profiles, vacancies and
    stored match results name (labels may be reworded; the code never changes)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    domain = models.CharField(_("domain"), max_length=32, db_index=True)
    label_en = models.CharField(_("label in English"), max_length=200)
    label_ar = models.CharField(_("label in Arabic"), max_length=200)
    # A retired skill is no longer offered: free text stops resolving to it, while the
    # profiles, vacancies and stored results that name its code keep it (codes never go).
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if translation.get_language() == "en":
            return self.label_en
        return self.label_ar or self.label_en


class OccupationSkill(models.Model):
    """A skill typical of a unit group: required by most jobs in it, or often asked for.

    `inherited_from` names the broader group the link was authored on ("" when authored on the
    unit group itself), so an explanation can say where a requirement comes from.
    """

    class Relation(models.TextChoices):
        ESSENTIAL = "essential", _("Required")
        OPTIONAL = "optional", _("Optional")

    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation"),
        on_delete=models.CASCADE,
        related_name="skill_links",
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="occupation_links"
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    inherited_from = models.CharField(_("inherited from group"), max_length=4, blank=True)

    class Meta:
        ordering = ["occupation__code", "relation", "skill__code"]
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_once"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.code} {self.skill.code} ({self.relation})"


class Synonym(models.Model):
    """Another name, in Arabic or English, for a skill, an occupation group, an education level
    or a governorate. `key` is the text in the normal form of `taxonomy.text.match_key`, which
    is what free text is looked up by. Shipped synonyms are reloaded from the data file;
    synonyms staff add (`shipped=False`) are kept."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill")
        OCCUPATION = "occupation", _("Occupation")
        EDUCATION = "education", _("Education level")
        GOVERNORATE = "governorate", _("Governorate")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        ARABIC = "ar", _("Arabic")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=64)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.CharField(_("text"), max_length=200)
    key = models.CharField(_("lookup key"), max_length=200)
    shipped = models.BooleanField(_("shipped with the portal"), default=True)

    class Meta:
        ordering = ["kind", "code", "key"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "key"], name="synonym_once_per_code"),
        ]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.text} → {self.kind} {self.code}"
