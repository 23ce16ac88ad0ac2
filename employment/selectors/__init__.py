"""Reads of the employment lifecycle, by subject: `cases` (terminations, absconding reports,
objections) and `violations`."""
