"""What every room stands on: settings, the database, the runtime, the clock,
errors, the values a channel draws (``Reply``, ``Button`` and the typed button
data), the data key that seals children's words, and the two rules behind every
read of a child's data: the one access check and the audit record.
"""
