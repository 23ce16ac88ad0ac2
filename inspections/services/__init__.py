"""Writes of the inspections app, one module per subdomain (plans, visits, findings)."""
