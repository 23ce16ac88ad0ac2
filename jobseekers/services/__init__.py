"""Writes of jobseekers, vacancies and applications (split by subdomain)."""
