"""Stub government entities: deterministic data (world.py) served on loopback (server.py)."""
