"""Establishments, their representatives (memberships) and their workforce register."""
