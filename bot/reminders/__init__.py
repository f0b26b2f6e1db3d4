"""The review calendar and reminders. Reminders are rows, not timers.

* ``timing``: the review cycle's dates (report due, decisions, record, timescales);
* ``kinds``: the vocabulary of notifications;
* ``planner``: derives each review's notifications and keeps the rows in step;
* ``dispatcher``: claims due rows, sends them through a ``sender.Sender``, records;
* ``render``: what each notification says; ``status``: report states for lists;
* ``actions``: the buttons workers tap, and people blocking or unblocking the bot.

Modules are imported directly (``from bot.reminders import planner``); this
package imports nothing, so ``bot.reviews`` can use the planner without cycles.
"""
