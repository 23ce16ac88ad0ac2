"""Pages of accommodation, by audience: the worker's check-in (`worker`), the operator's sites
and residents (`operator`), the employer's declarations (`employer`), the staff worklist
(`staff`)."""
