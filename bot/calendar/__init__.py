"""When things happen: working days and bank holidays (``workdays``), statutory
timescales (``timescales``), each review's deadlines (``deadlines``), scheduling,
moving, cancelling and holding reviews (``reviews``), and the reminder plan:
every notification a review needs, as rows (``planner``, ``notification_kinds``).

What a reminder says lives in ``bot.reminders``; sending it, in ``bot.outbox``.
"""
