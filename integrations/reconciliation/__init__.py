"""Reconciliation: the synchronised records of other entities compared with the portal's own,
each disagreement raised once as a data-quality case for staff to work (ADR 0013).

`checks` holds one set-based SQL query per kind of disagreement, `services` runs them and
resolves cases, `selectors` reads them."""
