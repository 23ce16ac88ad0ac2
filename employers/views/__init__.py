"""Employer views (`employer.py`, establishment-scoped) and staff views (`staff.py`)."""
