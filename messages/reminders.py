"""Every word of the calendar and reminders: what the child, the social worker and
the IRO read, and the operator's "what and why" from ``myreview reminders run``.

Placeholders in braces are filled by ``messages.render.Renderer`` (values are
escaped for Telegram's HTML). In child-facing text ``{meeting}``, ``{iro}`` and
``{name}`` are the child's own words and names, and a text that starts with a
placeholder is capitalised by ``messages.render.sentence``. Child-facing English
is written for a reading age of about 8; reminders to children are gentle and
never say they *must* do anything.

The operator's strings at the end (``WHY``, ``WHAT``, timescale warnings) are
plain text for the command line, not for Telegram.
"""

from __future__ import annotations

from messages.text import N_, S_

# --- the child ---------------------------------------------------------------

CHILD_HELLO = N_("Hi {name}! 👋")
CHILD_OPEN = N_(
    "{meeting} is on <b>{date}</b>.\n\n"
    "My Review is ready for you. It's where you tell {iro} what you think before "
    "{meeting}. You can tap buttons, write a few words, or send a photo or a voice note. "
    "You can skip anything."
)
CHILD_NUDGE = N_(
    "{meeting} is on <b>{date}</b>.\n\n"
    "There's still time to tell {iro} what you think in My Review, if you'd like to."
)
CHILD_NUDGE_STARTED = N_(
    "{meeting} is on <b>{date}</b>.\n\n"
    "You've started My Review. Everything so far is saved. "
    "Would you like to carry on, so {iro} can read it?"
)
CHILD_TOMORROW = N_("{meeting} is tomorrow, <b>{date}</b>.")
CHILD_TOMORROW_SENT = N_(
    "{iro} has what you sent in My Review. 👍 You can still add something before then."
)
CHILD_TOMORROW_NOT_SENT = N_(
    "There's still time to tell {iro} what you think in My Review, if you'd like to."
)
START_NOW = N_("▶️ Start now")
CARRY_ON = N_("▶️ Carry on")

# --- the social worker ----------------------------------------------------------

SW_REPORT_5_DAYS = S_(
    "📄 <b>Report reminder</b>\n"
    "The report and care plan for <b>{child}</b>'s review are due by <b>{due}</b>, "
    "3 working days before the meeting on {meeting}."
)
SW_REPORT_1_DAY = S_(
    "📄 <b>Report due next working day</b>\n"
    "The report and care plan for <b>{child}</b>'s review are due by <b>{due}</b>. "
    "The meeting is on {meeting}."
)
SW_REPORT_DUE = S_(
    "📄 <b>Report due today</b>\n"
    "The report and care plan for <b>{child}</b>'s review are due today, {due}. "
    "The meeting is on {meeting}."
)
SW_REPORT_OVERDUE = S_(
    "⏰ <b>Report overdue</b>\n"
    "The report and care plan for <b>{child}</b>'s review were due on {due}. "
    "The meeting is on {meeting}, and {iro} is waiting for them."
)
SW_REPORT_SNOOZED = S_(
    "📄 <b>Your reminder</b>\n"
    "As you asked: the report and care plan for <b>{child}</b>'s review are due by "
    "<b>{due}</b>. The meeting is on {meeting}."
)
SW_REPORT_FOOTER = S_("Tap <b>Report shared</b> once it's shared, and I'll stop reminding you.")
REPORT_SHARED = S_("✅ Report shared")
REMIND_TOMORROW = S_("⏰ Remind me tomorrow")
THERES_A_PROBLEM = S_("⚠️ There's a problem")
SHARED_ON_TIME_THANKS = S_(
    "✅ Thank you. The report for {child}'s review is marked as shared today, on time. "
    "No more reminders about it."
)
SHARED_LATE_THANKS = S_(
    "✅ Thank you. The report for {child}'s review is marked as shared today "
    "(it was due on {due}). No more reminders about it."
)
ALREADY_SHARED = S_("The report for {child}'s review is already marked as shared.")
SNOOZED = S_("⏰ OK. I'll remind you again on {day} at 9:00.")
SNOOZE_NOT_NEEDED = S_(
    "⏰ OK. You'll get your next reminder on {day} at 9:00 anyway, so I won't add another."
)
PROBLEM_ASK = S_(
    "⚠️ What's the problem with the report for <b>{child}</b>'s review? "
    "Write a few words and I'll pass them to {iro}, the IRO."
)
PROBLEM_CANCEL = S_("Cancel")
PROBLEM_CANCELLED = S_("OK. I won't pass anything on.")
PROBLEM_PASSED = S_("Thanks. I'm passing that to {iro} now.")
PROBLEM_PASSED_LATER = S_(
    "Thanks. {iro} will get it on {when}: I only message staff on working days, 9:00 to 17:00."
)
PROBLEM_TOO_LONG = S_("That's a bit long. Please keep it under {limit} characters.")
PROBLEM_TEXT_ONLY = S_("Please write the problem in a few words, or tap Cancel.")

# --- the IRO ----------------------------------------------------------------------

IRO_REPORT_LATE = S_(
    "📄 <b>Report not shared</b>\n"
    "The report for <b>{child}</b>'s review on {meeting} was due on {due} and hasn't been "
    "shared yet. I've reminded {social_worker}."
)
IRO_REPORT_LATE_NO_SW = S_(
    "📄 <b>Report not shared</b>\n"
    "The report for <b>{child}</b>'s review on {meeting} was due on {due} and hasn't been "
    "shared yet. {child} has no social worker on My Review to remind."
)
IRO_HELD_CHECK = S_(
    "🗓 Was <b>{child}</b>'s review held on {meeting}?\n"
    "Tap below once it has been, and I'll remind you about the decisions "
    "(due within 5 working days) and the full record (within 20)."
)
HELD_BUTTON = S_("✅ It was held")
HELD_RECORDED = S_(
    "✅ {child}'s review is recorded as held on {day}.\n"
    "• Decisions due by <b>{decisions}</b>\n"
    "• Full record due by <b>{record}</b>\n"
    "Tap Done for each once it's finished."
)
ALREADY_HELD = S_("{child}'s review is already recorded as held.")
NOT_YET_HELD = S_("{child}'s review hasn't started yet, so it can't be recorded as held.")
IRO_DECISIONS_SOON = S_(
    "📝 The decisions from <b>{child}</b>'s review (held {held}) are due by <b>{due}</b>."
)
IRO_DECISIONS_DUE = S_(
    "📝 The decisions from <b>{child}</b>'s review (held {held}) are due <b>today</b>, {due}."
)
IRO_RECORD_SOON = S_(
    "📝 The full record of <b>{child}</b>'s review (held {held}) is due by <b>{due}</b>."
)
IRO_RECORD_DUE = S_(
    "📝 The full record of <b>{child}</b>'s review (held {held}) is due <b>today</b>, {due}."
)
DECISIONS_DONE = S_("✅ Decisions done")
RECORD_DONE = S_("✅ Record done")
DECISIONS_DONE_THANKS = S_("✅ Decisions for {child}'s review: done. Thank you.")
RECORD_DONE_THANKS = S_("✅ Full record of {child}'s review: done. Thank you.")
ALREADY_DONE = S_("That's already marked as done.")
IRO_PROBLEM = S_(
    "⚠️ <b>A problem with a report</b>\n"
    "{social_worker}, {child}'s social worker, says there's a problem with the report for "
    "<b>{child}</b>'s review on {meeting}:"
)
IRO_UNREACHABLE = S_(
    "📵 I can't reach <b>{person}</b> ({role} for {child}): they have blocked My Review. "
    "Messages about {child}'s review on {meeting} won't reach them. "
    "Please get in touch with them another way."
)
IRO_UNREACHABLE_CHILD = S_(
    "📵 I can't reach <b>{child}</b>: they have blocked My Review, so my messages about "
    "{meeting} won't reach them. Please find another way to hear what they think."
)
IRO_UNDELIVERED_CHILD = S_(
    "📵 I couldn't send <b>{child}</b> a message about {meeting}, even after trying again. "
    "Please check with them another way."
)
IRO_UNDELIVERED = S_(
    "📵 I couldn't send a message to <b>{person}</b> ({role} for {child}) about {child}'s "
    "review on {meeting}, even after trying again. Please check with them another way."
)
ROLE_NAMES = {
    "child": S_("the child"),
    "social_worker": S_("social worker"),
    "iro": S_("IRO"),
    "carer": S_("carer"),
    "manager": S_("manager"),
}

# --- /reviews and the Monday digest --------------------------------------------------

REPORT_LINE = S_("Report: {state} · due {due}")
REPORT_SHARED_ON_TIME = S_("shared on time ({day})")
REPORT_SHARED_LATE = S_("shared late ({day})")
REPORT_NOT_YET = S_("not yet")
REPORT_LATE = S_("late, not shared yet")
DIGEST_HEADER = S_("🗓 <b>Your reviews in the next four weeks</b>")
DIGEST_LINE = S_("<b>{date}</b> · {child}\n{report}\nMy Review: {state}")
AFTER_MEETING_HEADER = S_("<b>After the meeting</b>")
AFTER_MEETING_LINE = S_("<b>{date}</b> · {child}\nDecisions: {decisions} · Record: {record}")
TO_RECORD_LINE = S_("<b>{date}</b> · {child}\nNot recorded as held yet.")
DUE_ON = S_("due {day}")
DONE_ON = S_("done ✓")
HELD_FOR = S_("✅ Held: {child}")
SHARED_FOR = S_("📄 Report shared: {child}")
DECISIONS_DONE_FOR = S_("✅ Decisions done: {child}")
RECORD_DONE_FOR = S_("✅ Record done: {child}")

# --- the operator (command line, plain English) --------------------------------------

WHAT = {
    "child_open": "My Review is open",
    "child_nudge_5": "gentle nudge: My Review not sent yet",
    "child_nudge_2": "gentle nudge: My Review not sent yet",
    "child_tomorrow": "your meeting is tomorrow",
    "sw_report_5_days": "report reminder",
    "sw_report_1_day": "report due next working day",
    "sw_report_due": "report due today",
    "sw_report_overdue": "report overdue",
    "sw_report_snoozed": "report reminder (asked for)",
    "iro_report_late": "report not shared by 12:00 on its due day",
    "iro_held_check": "was the meeting held?",
    "iro_decisions_soon": "decisions due soon",
    "iro_decisions_due": "decisions due today",
    "iro_record_soon": "full record due soon",
    "iro_record_due": "full record due today",
    "staff_digest": "Monday digest",
    "iro_problem": "a social worker's problem with a report",
    "iro_unreachable": "someone blocked the bot",
    "iro_undelivered": "a message could not be delivered",
}
WHY = {
    "child_open": (
        "My Review opens 10 working days before the meeting on {meeting} "
        "(or at once when the review was scheduled later than that)"
    ),
    "child_nudge_5": "not sent yet; 5 working days before the meeting on {meeting}",
    "child_nudge_2": "not sent yet; 2 working days before the meeting on {meeting}",
    "child_tomorrow": "the meeting is on {meeting}",
    "sw_report_5_days": (
        "report due {due} (3 working days before the meeting on {meeting}); "
        "5 working days before the due day"
    ),
    "sw_report_1_day": "report due {due}, not shared; 1 working day before the due day",
    "sw_report_due": "report due {due}, not shared; the due day",
    "sw_report_overdue": (
        "report due {due}, not shared; every working day until the meeting on {meeting}"
    ),
    "sw_report_snoozed": "report due {due}, not shared; the social worker asked to be reminded",
    "iro_report_late": "report due {due} still not shared at 12:00 on the due day",
    "iro_held_check": "the meeting on {meeting} has passed and is not recorded as held",
    "iro_decisions_soon": "decisions due {due} (5 working days after the meeting)",
    "iro_decisions_due": "decisions due today, {due}",
    "iro_record_soon": "full record due {due} (20 working days after the meeting)",
    "iro_record_due": "full record due today, {due}",
    "staff_digest": "every Monday at 09:00 (or the next working day)",
    "iro_problem": "the social worker tapped “There's a problem”",
    "iro_unreachable": "a message to person {about} failed with 403 (blocked the bot)",
    "iro_undelivered": "a message to person {about} failed after every retry",
}
# Why a notification was not sent (dispatcher decisions, shown by --dry-run and kept
# in ``Notification.last_error``): ids and causes only, never anyone's words.
OVERTAKEN = "overtaken by a later reminder"
OUTSIDE_HOURS = "outside {audience} hours; next allowed {when}"
ONE_A_DAY = "the child already had a message today; at most one a day"
DEACTIVATED = "person deactivated"
NOT_LINKED = "no Telegram account linked"
UNREACHABLE = "unreachable: blocked the bot"
REVIEW_CANCELLED = "review cancelled"
REVIEW_HELD = "review held"
REPORT_ALREADY_SHARED = "report shared"
MY_REVIEW_SENT = "My Review sent"
MY_REVIEW_STARTED = "My Review already started"
NOT_NEEDED = "no longer needed (the review changed)"
NOTHING_TO_LIST = "nothing to list"
INTERRUPTED = "interrupted while sending; not sent again, to be sure it is never sent twice"
AUDIENCE_CHILD = "children's (09:00-19:00, any day)"
AUDIENCE_STAFF = "staff (09:00-17:00, working days)"

# Timescale checks for `myreview reviews add` and `reviews next`.
RULE_FIRST = "20 working days after entering care on {basis}"
RULE_AFTER = "{months} months after the review on {basis}"
OUT_OF_TIMESCALE = (
    "review {id} on {date} is out of timescale: the child's {nth} review is due by "
    "{latest} ({rule})"
)
NEXT_REVIEW = (
    "child {child}'s {nth} review: hold it by {proposed} (in timescale until {latest}: {rule})"
)
HISTORY_UNKNOWN = (
    "no review before this one is recorded for child {child}, who entered care on "
    "{entered}; record their earlier reviews (`reviews add`, then `reviews held`) to check it"
)
# When a meeting is set at a time people are not usually free: warnings, not errors.
ON_A_WEEKEND = "{day} is a {weekday}"
ON_A_BANK_HOLIDAY = "{day} is a bank holiday"
OUTSIDE_HOURS_MEETING = "{time} is outside the working day (09:00-17:00)"

NO_ENTERED_CARE = (
    "cannot check the timescale: child {child} has no entered-care date "
    "(give it with `people add --entered-care YYYY-MM-DD`)"
)
TIMESCALE_UNCHECKED = "cannot check the timescale: {reason}"
BEFORE_ENTERED_CARE = "the review is before the child entered care on {entered}"


def nth(number: int) -> str:
    """A review's place in the child's care, as people say it: "first", "12th".
    (A review's id is always "review 12"; its place is never a bare number.)"""
    if number <= 10:
        return ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth")[number - 1]  # fmt: skip
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
