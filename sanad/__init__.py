"""Sanad service centres: clerks acting for a present, consenting citizen or employer.

A separate app because none of the fixed apps owns this: centres, their clerks and the consents
a person gives by SMS code concern every citizen- and employer-facing service at once
(ADR 0015). The delegation itself is a middleware (`sanad.middleware`) that lets a clerk with
an active, unexpired, in-scope consent work inside the person's portal.
"""
