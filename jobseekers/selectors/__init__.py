"""Reads of jobseekers, vacancies and applications."""
