"""My Review's core: the rules, with no channel in them.

Each subpackage is a room with one purpose; they stack (docs/architecture.md),
and import-linter keeps them so (``make lint``):

* ``platform``: settings, database, runtime, clock, errors, the values a channel
  draws (``Reply``, ``Button``, typed button data), the data key, the access
  check and the audit record;
* ``people``: people and their links, invites, the child's own words, turns;
* ``calendar``: working days, timescales, reviews and the reminder plan (when);
* ``safeguarding``: reading every word for signs a child is not safe, alerts;
* ``consultation``: the child's first conversation and My Review itself, and the
  view of it an adult reads;
* ``reminders``: what each reminder says, and who can no longer be reached;
* ``workspace``: the IRO's and social worker's work: reading, ``/held``,
  summaries, profile, feedback, the figures, exports;
* ``privacy``: ``/mydata``, the audit trail, retention, deactivation, keys;
* ``caseload``: bringing a council's caseload in from a CSV file;
* ``outbox``: the dispatcher, which sends every notification once;
* ``conversation``: one entry point per kind of update, for any channel;
* ``cli``: the operator's ``myreview`` command, on top of it all.

The core never imports ``telegram``; ``handlers/`` is the Telegram channel.
"""
