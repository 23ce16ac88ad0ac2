"""Exchanges with other government entities: stub entities, syncs, reconciliation, G2G API.

Empty until the integrations issue; the platform only reserves its place.
"""
