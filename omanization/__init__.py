"""Omanization rule sets with effective dates, compliance, what-if and projection.

Empty until the employers-and-Omanization issue; the platform only reserves its place.
"""
