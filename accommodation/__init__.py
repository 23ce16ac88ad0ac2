"""Accommodation: the places foreign workers live (issue 21, DOMAIN.md section 10).

A new app because no existing capability homes dormitories: `employers` keeps the register of
workers, not the buildings they sleep in, and `workstatus` only reads residency to compute a
code. Accommodation operators (a role; an establishment may operate its own) register sites
with blocks, rooms, capacity and licence; employers declare where each worker lives; operators
confirm or dispute the residents; workers check in by scanning their room's QR code; residents
of a site under a movement rule leave with exit passes. `workstatus` compares the three records
(employer, operator, last check-in) for the residency component.
"""
