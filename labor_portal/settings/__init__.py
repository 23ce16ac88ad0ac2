"""Settings: `base` holds everything, `local`/`test`/`production` switch what differs.

`DJANGO_SETTINGS_MODULE` chooses one; `manage.py` defaults to `labor_portal.settings.local`.
"""
