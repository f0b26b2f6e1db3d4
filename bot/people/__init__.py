"""People: adding them and linking children to their workers (``records``),
invites and the lockout against guessing them (``invites``, ``lockout``), the
words a child chose for their own life (``own_words``: Language that Cares), and
who is speaking in an update, on whose behalf (``turns``).
"""
