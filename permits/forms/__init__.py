"""Forms of work permits: `employer` (applications, documents) and `staff` (the ministry queue
and decisions)."""
