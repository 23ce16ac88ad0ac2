"""Employer views (`employer.py`), ministry staff views (`staff.py`), the public check."""
