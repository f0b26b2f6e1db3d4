"""Sending every notification exactly once: the dispatcher claims what is due
(``dispatcher``), asks the room that owns each kind what it says (``compose``),
and sends it through a ``Sender`` (``sender``) that a channel provides.
"""
