"""The kinds of notification, who each is for, and which the planner owns.

A kind names one step of one series ("the social worker's reminder on the day
the report is due"), so the dispatcher, the dry run and the messages all speak
the same vocabulary.
"""

from __future__ import annotations

from typing import Final

# --- the child: My Review opens, gentle nudges, and the day before ------------
CHILD_OPEN: Final = "child_open"
CHILD_NUDGE_5: Final = "child_nudge_5"
CHILD_NUDGE_2: Final = "child_nudge_2"
CHILD_TOMORROW: Final = "child_tomorrow"

# --- the social worker: the report due 3 working days before the meeting -----
SW_REPORT_5_DAYS: Final = "sw_report_5_days"
SW_REPORT_1_DAY: Final = "sw_report_1_day"
SW_REPORT_DUE: Final = "sw_report_due"
SW_REPORT_OVERDUE: Final = "sw_report_overdue"
SW_REPORT_SNOOZED: Final = "sw_report_snoozed"

# --- the IRO: a late report, the meeting held, decisions and record -----------
IRO_REPORT_LATE: Final = "iro_report_late"
IRO_HELD_CHECK: Final = "iro_held_check"
IRO_DECISIONS_SOON: Final = "iro_decisions_soon"
IRO_DECISIONS_DUE: Final = "iro_decisions_due"
IRO_RECORD_SOON: Final = "iro_record_soon"
IRO_RECORD_DUE: Final = "iro_record_due"

# --- staff: the Monday digest ----------------------------------------------
STAFF_DIGEST: Final = "staff_digest"

# --- events: raised by people or by failures, not derived from a review ------
IRO_PROBLEM: Final = "iro_problem"
IRO_UNREACHABLE: Final = "iro_unreachable"
IRO_UNDELIVERED: Final = "iro_undelivered"

CHILD_KINDS: Final = frozenset({CHILD_OPEN, CHILD_NUDGE_5, CHILD_NUDGE_2, CHILD_TOMORROW})
SW_REPORT_KINDS: Final = frozenset(
    {SW_REPORT_5_DAYS, SW_REPORT_1_DAY, SW_REPORT_DUE, SW_REPORT_OVERDUE, SW_REPORT_SNOOZED}
)
AFTER_MEETING_KINDS: Final = frozenset(
    {IRO_DECISIONS_SOON, IRO_DECISIONS_DUE, IRO_RECORD_SOON, IRO_RECORD_DUE}
)

PLANNED: Final = (
    CHILD_KINDS | SW_REPORT_KINDS | AFTER_MEETING_KINDS | {IRO_REPORT_LATE, IRO_HELD_CHECK}
)
"""Derived from a review by the planner: re-planning may move or cancel them."""

EVENTS: Final = frozenset({IRO_PROBLEM, IRO_UNREACHABLE, IRO_UNDELIVERED})
"""Raised once by something that happened; re-planning never touches them."""

# --- the IRO's workspace (rendered by bot/notices.py) -----------------
CHILD_READ: Final = "child_read"
"""The child's IRO has read their My Review (once per review)."""
CHILD_SUMMARY: Final = "child_summary"
"""The IRO's message to the child after the meeting."""
IRO_CHILD_REPLY: Final = "iro_child_reply"
"""The child wrote back to their IRO."""
FEEDBACK: Final = "feedback"
"""A few questions the day after the meeting, to the child, social worker and carer."""

UNCHECKED_WORDS: Final = "unchecked_words"
"""To the IRO: the child wrote words the safety check could not read (their language)."""

WORKSPACE: Final = frozenset(
    {CHILD_READ, CHILD_SUMMARY, IRO_CHILD_REPLY, FEEDBACK, UNCHECKED_WORDS}
)
"""Raised by the IRO's workspace; re-planning never touches them."""

# --- safeguarding (bot/safeguarding.py): a child may not be safe -----
SAFEGUARDING_ALERT: Final = "safeguarding_alert"
"""To the child's IRO and social worker: sent at once with the update, re-sent by the
dispatcher only if that send failed."""
SAFEGUARDING_ESCALATION: Final = "safeguarding_escalation"
"""To every active manager, 30 minutes on, unless someone tapped "I'm on it" first."""
SAFEGUARDING_TALK: Final = "safeguarding_talk"
"""To the adults who have an alert: the child asked to talk to someone."""
SAFEGUARDING: Final = frozenset({SAFEGUARDING_ALERT, SAFEGUARDING_ESCALATION, SAFEGUARDING_TALK})
ANY_HOUR: Final = SAFEGUARDING
"""Sent whatever the hour or the day: no quiet hours, no working days."""

ALL: Final = PLANNED | EVENTS | SAFEGUARDING | {STAFF_DIGEST} | WORKSPACE
