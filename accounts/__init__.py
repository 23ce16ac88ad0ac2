"""Identity and roles: the portal's user model, sign-in, the staff second factor and sessions.

Why an app of its own: who a person is and which role they hold is used by every business app
(employers, permits, jobseekers, Sanad delegation), and none of them can own it without the
others importing it. DOMAIN.md section 2 lists the roles; `accounts.models.User.Role` holds them.
"""
