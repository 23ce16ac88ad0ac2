"""Writes of the employment lifecycle, by subject: `cases` (terminations, absconding reports,
objections and their decisions) and `violations` (inspections and fines)."""
