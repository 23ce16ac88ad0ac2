"""Arabic as written in Oman: a point before the baisas (RO 201.000), as on ministry fee
schedules and receipts. Django's Arabic default (a comma) reads 201,000 as two hundred and one
thousand to a Gulf reader. Dates and the rest come from Django's Arabic formats."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
