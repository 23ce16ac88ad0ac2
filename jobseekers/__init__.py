"""Jobseekers, vacancies, the occupation taxonomy and explainable matching.

Empty until the jobseekers-and-vacancies issue; the platform only reserves its place.
"""
