"""What reminders say, rendered at the moment they are sent (``texts``, ``status``,
``message``), and what happens when someone can no longer be reached
(``reachability``).

When each reminder is due is planned in ``bot.calendar.planner``; sending it
once is ``bot.outbox``'s job.
"""
