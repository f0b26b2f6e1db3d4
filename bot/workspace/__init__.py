"""The adults' work: the IRO's dashboard and the workers' ``/reviews``
(``dashboard``), opening a child's My Review with what is new and the read mark
(``reading``), the report and after-meeting buttons (``reminder_buttons``),
recording the meeting (``held``), writing to the child (``summaries``, checked by
``jargon``), the IRO's profile (``profile``), feedback the day after
(``feedback``), their notices (``notices``), the annual figures (``stats``) and
the document for the case record (``export``).
"""
