"""The occupation classification (ISCO-08) shared by the whole portal.

Why an app of its own: the workforce register (employers), work permits (reserved occupations,
fees), vacancies and jobseeker profiles (jobseekers) all name occupations by the same codes, and
none of those apps owns the list. It is reference data, loaded from `taxonomy/data/isco08.csv`
by a migration, with English and Arabic titles.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "taxonomy"
    verbose_name = _("Occupation classification")
