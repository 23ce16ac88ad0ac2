"""The SMS ledger (outbox), Twilio delivery receipts and citizen sign-in by SMS code.

Empty until the notifications issue; the platform only reserves its place.
"""
