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
