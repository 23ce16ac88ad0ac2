"""Digits as people type them: Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) are the
same numbers as 0-9. Civil IDs, mobile numbers and one-time codes all go through here."""

_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def ascii_digits(text: str) -> str:
    """'٩١٢٣ ٤٥٦٧' -> '9123 4567'; other characters are kept as they are."""
    return text.translate(_TO_ASCII)
