"""The Celery application. Periodic tasks are declared here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labor_portal.settings.local")

app = Celery("labor_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The hours (Muscat time) of the full recompute of the worker status codes: several times a day,
# configurable without code (WORKSTATUS_RECOMPUTE_HOURS="0,6,12,18").
WORKSTATUS_RECOMPUTE_HOURS = os.environ.get("WORKSTATUS_RECOMPUTE_HOURS", "0,4,8,12,16,20")

app.conf.beat_schedule = {
    # 02:30 Muscat time: the monthly partitions of this month and the next three exist
    # (core.partitions); 02:40: personal data past its retention period is deleted or
    # anonymised (core.retention), in batches, with one audit event of the counts.
    "core-partitions-ensure": {
        "task": "core.tasks.partitions_ensure_task",
        "schedule": crontab(hour="2", minute="30"),
    },
    # 03:10 Muscat time: late fines, invoices for counter fees and confirmed fines, checkout
    # sessions whose callback never came, and yesterday's settlement file (payments).
    "payments-daily": {
        "task": "payments.tasks.daily_payments_task",
        "schedule": crontab(hour="3", minute="10"),
    },
    "core-retention-sweep": {
        "task": "core.tasks.retention_sweep_task",
        "schedule": crontab(hour="2", minute="40"),
    },
    # Every minute: notices and contract codes owed to workers that waited for the civil
    # registry (an outage loses nothing: they are sent once it answers).
    "employment-worker-notices-retry": {
        "task": "employment.tasks.worker_notices_retry_task",
        "schedule": 60.0,
    },
    # Every minute: the SMS ledger's safety net (rows stuck in created or sending).
    "notifications-sweep-sms": {
        "task": "notifications.tasks.sweep_sms_task",
        "schedule": 60.0,
    },
    # Omanization compliance of every establishment, four times a day (one set-based statement;
    # seconds at national scale), so that the employer's page and statistics stay current.
    "omanization-recompute-compliance": {
        "task": "omanization.tasks.recompute_compliance_task",
        "schedule": crontab(hour="1,7,13,19", minute="30"),
    },
    # 00:20 Muscat time, just after the date changes: permits entering the renewal window become
    # expiring, and permits past their end date expire (each through the transition path).
    "permits-expiry-sweep": {
        "task": "permits.tasks.permit_expiry_sweep_task",
        "schedule": crontab(hour="0", minute="20"),
    },
    # 00:05 Muscat time, just after a day ends: objection windows close at the end of their last
    # day, so terminations and absconding reports left unobjected become upheld (absconding:
    # the worker's permit ends). Hourly runs would change nothing more.
    "employment-close-expired-objection-windows": {
        "task": "employment.tasks.cases_close_expired_windows_task",
        "schedule": crontab(hour="0", minute="5"),
    },
    # 00:10 Muscat time: contract offers the worker did not answer in time are declined.
    "employment-expire-contract-offers": {
        "task": "employment.tasks.contract_offers_expire_task",
        "schedule": crontab(hour="0", minute="10"),
    },
    # 00:15 Muscat time: contracts in force whose end date has passed become ended.
    "employment-end-contracts-past-their-date": {
        "task": "employment.tasks.contracts_end_past_their_date_task",
        "schedule": crontab(hour="0", minute="15"),
    },
    # 00:25 Muscat time: resignations the employer left unanswered are accepted, contracts of
    # workers past their last working day end, unused no-objection records lapse.
    "employment-resignations-nightly": {
        "task": "employment.tasks.resignations_nightly_task",
        "schedule": crontab(hour="0", minute="25"),
    },
    # 03:00 Muscat time, after the night's sweeps: the labour market rollups are rebuilt and
    # the open datasets released (lmi).
    "lmi-rollups-nightly": {
        "task": "lmi.tasks.rollup_nightly_task",
        "schedule": crontab(hour="3", minute="0"),
    },
    # 03:00 Muscat time on the 15th: the wage protection check of the last salary month whose
    # pay-by date has passed (employment.services.wage_protection): warnings, violations,
    # suspensions and their lifting. Idempotent: a second run of the month changes nothing.
    "employment-wage-protection-monthly": {
        "task": "employment.tasks.wage_protection_monthly_task",
        "schedule": crontab(day_of_month="15", hour="3", minute="0"),
    },
    # 04:00 Muscat time on the 20th, after the wage protection check of the 15th: next month's
    # inspection plan of every governorate is computed by the risk weights in force on its
    # first day, for supervisors to approve before the month starts (inspections). Running it
    # again builds nothing more.
    "inspections-plans-monthly": {
        "task": "inspections.tasks.plans_monthly_task",
        "schedule": crontab(day_of_month="20", hour="4", minute="0"),
    },
    # 00:30 Muscat time: vacancies past their closing date close.
    "jobseekers-close-vacancies": {
        "task": "jobseekers.tasks.vacancies_close_past_their_date_task",
        "schedule": crontab(hour="0", minute="30"),
    },
    # Every minute: Sanad consents past their expiry are closed and the person gets the summary
    # (access already ends at the exact second; this only tidies and tells).
    "sanad-expire-consents": {
        "task": "sanad.tasks.consent_expire_due_task",
        "schedule": 60.0,
    },
    # 08:00 Muscat time: each jobseeker who wants alerts gets one SMS of the new vacancies of the
    # last day that fit them (never the same vacancy twice; opted-out people get none).
    "jobseekers-job-alerts": {
        "task": "jobseekers.tasks.job_alerts_task",
        "schedule": crontab(hour="8", minute="0"),
    },
    # 09:00 Muscat time, in working hours: employers with applications unanswered for 14 days.
    "jobseekers-remind-employers": {
        "task": "jobseekers.tasks.applications_remind_unanswered_task",
        "schedule": crontab(hour="9", minute="0"),
    },
    # 03:10 Muscat time, when traffic is lowest: drop expired sessions.
    "accounts-purge-expired-sessions": {
        "task": "accounts.tasks.purge_expired_sessions",
        "schedule": crontab(hour="3", minute="10"),
    },
    # Synchronisation with government entities, each from its watermark (a run reads only what
    # changed; a paused entity is skipped; two runs of one entity never overlap). Staggered so
    # they do not start together. Departures end permits and registry closures bar
    # establishments, so those two run most often.
    "integrations-sync-passport-directorate": {
        "task": "integrations.tasks.sync_entity_task",
        "schedule": crontab(minute="*/10"),
        "args": ["passport_directorate"],
    },
    "integrations-sync-commerce-registry": {
        "task": "integrations.tasks.sync_entity_task",
        "schedule": crontab(minute="2-59/15"),
        "args": ["commerce_registry"],
    },
    "integrations-sync-health-ministry": {
        "task": "integrations.tasks.sync_entity_task",
        "schedule": crontab(minute="4-59/30"),
        "args": ["health_ministry"],
    },
    "integrations-sync-health-orders": {
        "task": "integrations.tasks.sync_entity_task",
        "schedule": crontab(minute="*/5"),
        "args": ["health_orders"],
    },
    # Social insurance and the wage protection files change monthly: hourly is ample.
    "integrations-sync-social-insurance": {
        "task": "integrations.tasks.sync_entity_task",
        "schedule": crontab(minute="20"),
        "args": ["social_insurance"],
    },
    "integrations-sync-wage-protection": {
        "task": "integrations.tasks.sync_entity_task",
        "schedule": crontab(minute="40"),
        "args": ["wage_protection"],
    },
    # 02:50 Muscat time: chamber of commerce memberships change rarely.
    "integrations-sync-chamber-of-commerce": {
        "task": "integrations.tasks.sync_entity_task",
        "schedule": crontab(hour="2", minute="50"),
        "args": ["chamber_of_commerce"],
    },
    # 03:30 Muscat time, after the night's syncs: reconciliation of the synchronised records
    # with the portal's (one set-based statement per kind; data-quality cases raised once).
    "integrations-reconcile": {
        "task": "integrations.tasks.reconcile_task",
        "schedule": crontab(hour="3", minute="30"),
    },
    # Worker status codes (issue 20): the full set-based recompute several times a day, the
    # workers whose health records a sync wrote every minute, the SMS to workers turned red
    # (a safety net: they are sent after each recompute's commit), the employers' digest.
    "workstatus-recompute-all": {
        "task": "workstatus.tasks.recompute_all_task",
        "schedule": crontab(hour=WORKSTATUS_RECOMPUTE_HOURS, minute="45"),
    },
    "workstatus-health-feed-catch-up": {
        "task": "workstatus.tasks.health_feed_catch_up_task",
        "schedule": 60.0,
    },
    "workstatus-notify-red": {
        "task": "workstatus.tasks.notify_red_changes_task",
        "schedule": 300.0,
    },
    "workstatus-digest": {
        "task": "workstatus.tasks.digest_task",
        "schedule": crontab(hour="7", minute="30"),
    },
}
