"""Worker status codes (issue 20): a green or red code for every foreign worker, fused from work
(permit, establishment, the lead agencies' allow and deny lists, absconding), health (the health
ministry's fitness results and health orders) and residency (the declared accommodation), with
machine-readable reasons, recomputed for the whole workforce on a schedule and for each worker
an event touches, shown to the worker with a rotating QR, to the employer, to scanners at
worksites and gates, to staff and to other agencies over G2G.

Its own app because the code is fused from apps that sit side by side (permits, employment,
integrations, employers) and none of them may read the others' data in both directions: the
code has no existing home. It sits above all of them in the layers (.importlinter); the lower
apps tell it of their events through `core.signals`-style hooks (`workstatus.hooks`), never by
importing it.
"""
