"""Cross-cutting platform pieces that belong to no business app.

Why an app of its own: the audit trail is a table every app writes to (permits, employers,
notifications, Sanad delegation), and it must not belong to any one of them. With it live the
shared base model, the domain exception hierarchy, request logging, health and error pages.
"""
