"""The conversation: what the product does with each kind of update, for any channel.

A channel (the Telegram handlers, the web chat) turns what a person did into
plain values and calls one function here; each function is one database
transaction, committed before the channel sends anything, and returns the
``Reply`` values to draw. The functions are synchronous (the database driver
is); channels run them in a worker thread so the event loop keeps serving.

* ``speaker``: who is speaking; strangers are answered in one place;
* ``commands``: ``/start``, ``/help``, ``/myreview``, ``/reviews``, ``/held``…;
* ``typed``: words, photos, voice notes and anything else a person sends;
* ``buttons``: every tapped button, parsed strictly and routed by its kind;
* ``exports``: the Export button, in two steps so the channel can fetch photos;
* ``safety``: every word screened for signs a child is not safe, files too big;
* ``membership``: someone blocked the bot, or unblocked it.
"""
