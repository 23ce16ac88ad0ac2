"""Work permits: application, pre-checks, officer queue, decisions, certificates, renewals.

Empty until the work-permits issue; the platform only reserves its place.
"""
