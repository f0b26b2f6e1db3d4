"""The web chat's rows, for a child without Telegram (docs/web.md).

The conversation itself is the core's, exactly as in Telegram: the web channel
(``web/``) turns a form into an ``Incoming`` and shows the ``Reply`` values that
come back. This room keeps what a browser needs that Telegram keeps for itself:

* ``access``: opening a web link, the child's secret word (a slow hash, locked
  after a few misses), and signed-in sessions that end when idle or locked;
* ``transcript``: the chat a child reads (the bot's messages and their own), and
  the photos and voice notes they send. All of it is sealed like any answer.
"""
