"""Every word of the IRO's workspace: the dashboard, the profile, reading,
recording the meeting, writing to the child, feedback and the figures.

Placeholders in braces are filled by ``messages.render.Renderer`` (values are
escaped for Telegram's HTML). In child-facing text ``{meeting}``, ``{iro}`` and
``{name}`` are the child's own words and names. Child-facing English is written
for a reading age of about 8, and never uses the letters "IRO". The figures at
the end (``STATS_*``) are plain text for the command line and ``/stats``.
"""

from __future__ import annotations

from messages.text import N_, NP_, S_

# --- commands and help ----------------------------------------------------------------

COMMAND_PROFILE = S_("Your profile for children (IROs)")
COMMAND_HELD = S_("Record a meeting as held (IROs)")
COMMAND_STATS = S_("The figures for this year (managers)")
HELP_IRO = S_(
    "<b>For IROs</b>\n"
    "/held – record a meeting: format, attendance, participation code\n"
    "/profile – a few lines about you (and a photo) for children"
)
HELP_MANAGER = S_(
    "<b>For managers</b>\n/stats – the figures for this financial year\n"
    "/reviews – safeguarding alerts that reached nobody come first"
)
HELP_DUTY = S_(
    "<b>For duty staff</b>\nSafeguarding alerts come to you out of hours, and whenever a "
    "child's own workers can't be reached. Tap I'm on it when you act.\n"
    "/reviews – alerts that reached nobody"
)

# --- /reviews: the IRO's dashboard --------------------------------------------------

NUDGED_NOT_STARTED_TOP = S_(
    "⚠️ <b>Reminded, but not started:</b> {children}. "
    "Their My Review went out and they were reminded, but they haven't opened it yet."
)
NUDGED_NOT_STARTED_LINE = S_("⚠️ reminded, not started")
# Words the safety check could not read (bot/safeguarding/unchecked_words.py).
UNCHECKED_TOP = S_(
    "🌐 <b>{child}</b>: written in {language}: could not be safety-checked; have it read "
    "by an interpreter today. If it says {child} is not safe, it cannot wait for the meeting."
)
UNCHECKED_LINE = S_("🌐 not safety-checked ({language})")
UNCHECKED_NOTICE = S_(
    "🌐 <b>{child} wrote in {language}</b>, which the safety check cannot read, so those "
    "words could not raise an alert.\n\n"
    "Please have them read by an interpreter <b>today</b>: if they say {child} is not "
    "safe, it cannot wait for the meeting on {date}."
)
VIEW_WRITTEN_IN = S_("<i>Written in {language}, exactly as {child} wrote it:</i>")
VIEW_UNCHECKED = S_(
    "🌐 <b>Written in {language}: could not be safety-checked.</b> Have it read by an "
    "interpreter today."
)
READ_NOT_YET = S_("📬 not read yet")
READ_DONE = S_("✓ read")
READ_NEW = S_("🆕 new since you read it")
TO_RECORD_HEADER = S_("<b>Held, to record with /held</b>")
TO_RECORD_LINE = S_("<b>{date}</b> · {child}: format, attendance and participation code")

# --- /profile: the IRO's one-page profile ---------------------------------------------

PROFILE_ONLY_IRO = S_("Only IROs have a profile for children.")
PROFILE_INTRO = S_(
    "👋 <b>Your profile</b>\n"
    "A few lines about you, and a photo if you like. Each child gets it with their first "
    "My Review for a meeting, so they know who is chairing it."
)
PROFILE_EMPTY = S_("You haven't written anything yet.")
PROFILE_HAS_PHOTO = S_("📷 You have a photo.")
PROFILE_NO_PHOTO = S_("No photo.")
PROFILE_WRITE = S_("✏️ Write about me")
PROFILE_ADD_PHOTO = S_("📷 Add a photo")
PROFILE_CHANGE_PHOTO = S_("📷 Change photo")
PROFILE_REMOVE_PHOTO = S_("🗑 Remove photo")
PROFILE_PREVIEW = S_("👀 See what a child sees")
PROFILE_ASK_TEXT = S_(
    "Write a few lines about yourself for children, up to {limit} letters. "
    "Write to the child: who you are, what you do at their meeting, something you like. "
    "No jargon, please."
)
PROFILE_ASK_PHOTO = S_("Send me a photo of yourself (a friendly one: children will see it).")
PROFILE_CANCEL = S_("Cancel")
PROFILE_CANCELLED = S_("OK, nothing changed.")
PROFILE_SAVED = S_("✅ Saved. This is what a child will see:")
PROFILE_PHOTO_SAVED = S_("✅ Photo saved.")
PROFILE_PHOTO_REMOVED = S_("🗑 Photo removed.")
PROFILE_TOO_LONG = S_("That's a bit long. Please keep it under {limit} letters.")
PROFILE_TEXT_ONLY = S_("Please write a few words, or tap Cancel.")
PROFILE_PHOTO_ONLY = S_("Please send a photo, or tap Cancel.")
PROFILE_NOTHING_TO_SEE = S_("There's nothing to show yet. Write a few lines first.")

# What the child sees (in the child's words: {iro} is the IRO's first name).
CHILD_PROFILE_HEADER = N_("👋 <b>{iro} runs {meeting}.</b> Here's what {iro} wrote for you:")
CHILD_PROFILE_PHOTO_CAPTION = N_("This is {iro} 👋")

# --- reading ---------------------------------------------------------------------------

SINCE_LAST_READ = S_("🆕 <b>New since you last read it</b> ({date}):")
SINCE_LAST_READ_NONE = S_("Nothing new since you last read it ({date}).")
NEW_ITEM_ADDED = S_("<i>Added by {child}, {date}</i>")
NEW_ITEM_ANSWERED = S_("<i>{date}</i>")
VIEW_ACTIONS = S_("What next for {child}'s My Review?")
EXPORT_PDF = S_("📄 Export PDF")
EVERY_QUESTION = S_("📋 Every question, in order")
# /reviews for a caseload: what needs action first, a page at a time, three views.
NEED_MARKS = {
    "alert": S_("🚨"),
    "late": S_("⏰"),
    "unread": S_("📬"),
    "soon": S_("🗓"),
}
CASELOAD_VIEWS = {
    "week": S_("This week"),
    "act": S_("Needs action"),
    "all": S_("All"),
}
CASELOAD_HEADING = S_(
    "<i>{view} · {first}–{last} of {total} · page {number} of {pages}</i>\n"
    "<i>🚨 open alert · ⏰ report overdue · 📬 sent, not read · 🗓 this week</i>"
)
CASELOAD_EMPTY = S_("Nothing here just now.")
PAGE_BACK = S_("◀️ Previous")
PAGE_ON = S_("Next ▶️")
EXPORT_DOCX = S_("📝 Export Word")
WRITE_TO_CHILD = S_("✍️ Write to {child}")
EXPORT_CAPTION = S_("My Review: {child}. Confidential: for {child}'s case record.")
EXPORT_NOT_ALLOWED = S_("Sorry, you can't export that.")
EXPORT_FAILED = S_("Sorry, I couldn't make the document just now. Please try again in a minute.")

# The child's side of the "read" mark.
CHILD_READ_NOTICE = N_(
    "👀 {iro} has read your My Review. Thank you for telling {iro} what you think!"
)
CHILD_READ_MARK = N_("👀 {iro} has read it ✓")

# --- /held: recording the meeting ----------------------------------------------------------

HELD_ONLY_IRO = S_("Only the IRO who chairs a meeting records it.")
HELD_NONE = S_("There are no meetings to record just now. Meetings show here from their day on.")
HELD_PICK = S_("Which meeting do you want to record?")
HELD_PICK_BUTTON = S_("🗓 {child} · {date}")
HELD_HEADER = S_("🗓 <b>{child}</b>'s review, {date}")
HELD_ASK_FORMAT = S_("How was the meeting held?")
FORMAT_LABELS = {
    "face-to-face": S_("Face to face"),
    "virtual": S_("Virtual"),
    "hybrid": S_("Hybrid"),
}
HELD_ASK_ATTENDED = S_("Did {child} attend the meeting?")
HELD_YES = S_("Yes")
HELD_NO = S_("No")
HELD_ASK_CHAIRED = S_("Did {child} chair the meeting?")
CHAIRED_LABELS = {
    "all": S_("All of it"),
    "part": S_("Part of it"),
    "no": S_("No"),
}
HELD_ASK_CODE = S_("Which participation code (DfE SSDA903)?\n{codes}")
HELD_CODE_SUGGESTED = S_(
    "⭐ Suggested: <b>PN6</b>. {child} sent My Review (on {sent}) but didn't attend."
)
HELD_CODE_BUTTON = S_("{code} · {short}")
HELD_CODE_BUTTON_SUGGESTED = S_("⭐ {code} · {short}")
HELD_START_AGAIN = S_("⬅️ Start again")
HELD_CHANGE = S_("✏️ Change")
HELD_PN0_AUTO = S_("{child} was under 4 at the meeting, so the code is <b>PN0</b>.")
HELD_SAVED = S_(
    "✅ <b>{child}'s review is recorded as held</b> on {day}.\n"
    "• Format: {format}\n"
    "• {child} attended: {attended}\n"
    "• {child} chaired it: {chaired}\n"
    "• Participation: <b>{code}</b> – {meaning}\n\n"
    "Decisions are due by <b>{decisions}</b>, the full record by <b>{record}</b>.\n"
    "Tomorrow I'll ask {child} and the adults how it went."
)
HELD_NOT_YET = S_("{child}'s meeting is not until {date}, so it can't be recorded yet.")
HELD_GONE = S_("That meeting can't be recorded any more.")

#: The DfE SSDA903 participation codes: the full meaning, and a short one for buttons.
PARTICIPATION_MEANINGS = {
    "PN0": S_("child aged under 4 at the time of the review"),
    "PN1": S_("attends and speaks for themselves"),
    "PN2": S_("attends; an advocate speaks for them"),
    "PN3": S_("attends and conveys views symbolically (non-verbally)"),
    "PN4": S_("attends but does not contribute"),
    "PN5": S_("does not attend but briefs an advocate to speak for them"),
    "PN6": S_(
        "does not attend but conveys views by another medium (texting, written, phone, audio/video)"
    ),
    "PN7": S_("does not attend and views are not conveyed"),
}
PARTICIPATION_SHORT = {
    "PN0": S_("under 4"),
    "PN1": S_("speaks for self"),
    "PN2": S_("advocate speaks"),
    "PN3": S_("views shown non-verbally"),
    "PN4": S_("does not contribute"),
    "PN5": S_("briefs an advocate"),
    "PN6": S_("views by another medium"),
    "PN7": S_("views not conveyed"),
}

# --- writing to the child ----------------------------------------------------------------

SUMMARY_ASK = S_(
    "✍️ Write your message to <b>{child}</b> about their review, in a few lines "
    "(up to {limit} letters). Write <i>to</i> {child}, in {child}'s words. "
    "I'll check it for jargon before it goes."
)
SUMMARY_CANCEL = S_("Cancel")
SUMMARY_CANCELLED = S_("OK. Nothing was sent to {child}.")
SUMMARY_TOO_LONG = S_("That's a bit long for a message to a child. Please keep it under {limit}.")
SUMMARY_TEXT_ONLY = S_("Please write your message to {child}, or tap Cancel.")
SUMMARY_CHECKED_OK = S_("✅ No jargon found. This is what {child} will read:")
SUMMARY_SUGGESTIONS = S_("💡 <b>Some words {child} may not use:</b>\n{items}")
SUMMARY_SUGGESTION_CHILDS = S_("• “{found}” → “{instead}” ({child}'s own word)")
SUMMARY_SUGGESTION = S_("• “{found}” → “{instead}”")
SUMMARY_SUGGESTION_ADVICE = S_("• “{found}”: {advice}")
SUMMARY_SUGGESTION_NO_ADVICE = S_("• “{found}”: please say it another way")
SUMMARY_AS_WRITTEN = S_("Your message as written:")
SUMMARY_WITH_WORDS = S_("✅ With {child}'s words. This is what {child} will read:")
SUMMARY_USE_WORDS = S_("✅ Use {child}'s words")
SUMMARY_SEND_AS_WRITTEN = S_("📨 Send as written")
SUMMARY_SEND = S_("📨 Send to {child}")
SUMMARY_SENT = S_("📨 Sent. {child} will get it in My Review, and can write back to you.")
SUMMARY_SENT_LATER = S_(
    "📨 Done. {child} will get it on {when}: I only message children from 9:00 to 19:00."
)
SUMMARY_NOT_LINKED = S_(
    "I've kept your message, but {child} isn't using My Review in Telegram, "
    "so I can't send it. Please share it with {child} another way."
)
SUMMARY_ALREADY_SENT = S_("That message has already gone to {child}.")
SUMMARY_GONE = S_("That message was cancelled. Tap “Write to {child}” to start again.")

# What the child reads.
CHILD_SUMMARY = N_("💌 <b>A message from {iro} about {meeting}</b>")
CHILD_SUMMARY_FOOTER = N_("You can write back to {iro} if you like.")
CHILD_REPLY_BUTTON = N_("↩️ Write back to {iro}")
CHILD_REPLY_ASK = N_("What would you like to tell {iro}? Write a few words.")
CHILD_REPLY_CANCEL = N_("Cancel")
CHILD_REPLY_CANCELLED = N_("OK. You can write back any time: just tap the button again.")
CHILD_REPLY_THANKS = N_("Thank you! I'll pass that to {iro}. 👍")
CHILD_REPLY_TOO_LONG = N_("That's a bit long. Please send it in smaller parts.")
CHILD_REPLY_TEXT_ONLY = N_("Please write a few words, or tap Cancel.")

# What the IRO reads when the child writes back.
IRO_CHILD_REPLY = S_(
    "💬 <b>{child} wrote back</b> about your message after their review on {date}:"
)

# --- feedback the day after ---------------------------------------------------------------

FEEDBACK_INTRO_CHILD = NP_(
    "Hi {name}! 👋 Yesterday was {meeting}. Can you tell me how it was for you? "
    "Just {count} quick question. You can skip it.",
    "Hi {name}! 👋 Yesterday was {meeting}. Can you tell me how it was for you? "
    "Just {count} quick questions. You can skip any.",
    count="count",
)
FEEDBACK_INTRO_CHILD_ABSENT = NP_(
    "Hi {name}! 👋 Yesterday was {meeting}. You didn't go, and that's OK. "
    "Can you tell me a bit about it? Just {count} quick question. You can skip it.",
    "Hi {name}! 👋 Yesterday was {meeting}. You didn't go, and that's OK. "
    "Can you tell me a bit about it? Just {count} quick questions. You can skip any.",
    count="count",
)
FEEDBACK_INTRO_ADULT = S_(
    "📋 <b>{child}'s review on {date}</b>\n"
    "{count} quick questions about how the meeting went. They help {iro} and the service "
    "get better. You can skip any."
)
FEEDBACK_COUNTER = N_("Question {number} of {total}")
FEEDBACK_SKIP = N_("Skip ➡️")
FEEDBACK_THANKS_CHILD = N_("Thank you! 🙌 That really helps.")
FEEDBACK_THANKS_ADULT = S_("Thank you. Your answers help the service get better.")
FEEDBACK_DONE_ALREADY = N_("You've already answered these. Thank you!")
FEEDBACK_NOTED = N_("✓ {answer}")
FEEDBACK_SKIPPED = N_("skipped")

# --- /stats for managers ------------------------------------------------------------------

STATS_ONLY_MANAGERS = S_("The figures are for service managers.")
# The figures are plain text, shared by `myreview stats` and /stats (which escapes them
# and puts the headings in bold). Percentages are whole numbers; "–" when there is none.
STATS_TITLE = S_("📊 My Review figures, {start} to {end}")
STATS_HELD_HEADING = S_("Reviews held")
STATS_HELD = S_("Held: {held}")
STATS_IN_TIMESCALE = S_("Within timescale: {count} of {checked} checked ({percent})")
STATS_OUT_OF_TIMESCALE = S_("Out of timescale: {count}")
STATS_TIMESCALE_UNKNOWN = S_("Not checked (no entered-care date): {count}")
STATS_MY_REVIEW_HEADING = S_("My Review (booklets returned)")
STATS_OPENED = S_("Opened for the child: {count}")
STATS_STARTED = S_("Started: {count}")
STATS_SENT = S_("Sent (booklets returned): {count} ({percent} of those opened)")
STATS_UNDER_FOUR = S_("Not asked (under 4): {count}")
STATS_CODES_HEADING = S_("Participation codes, by financial year (April to March)")
STATS_CODES_ROW = S_("{code} {meaning}")
STATS_CODES_NOT_RECORDED = S_("Held, no code recorded")
STATS_NO_CODE = S_("held, no code recorded")
STATS_REPORTS_HEADING = S_("Social workers' reports (due 3 working days before)")
STATS_REPORTS_DUE = S_("Due: {count}")
STATS_REPORTS_ON_TIME = S_("Shared on time: {count} ({percent})")
STATS_REPORTS_LATE = S_("Shared late: {count}; on average {mean} working days late")
STATS_REPORTS_NOT_SHARED = S_("Not shared: {count}")
STATS_WORDS_HEADING = S_("Language that Cares")
STATS_WORDS = S_(
    "{count} of {children} children with a review in the period have their own words "
    "recorded ({percent})"
)
STATS_FEEDBACK_HEADING = S_("Feedback after the meeting")
STATS_FEEDBACK_SET = S_("{set}: {responded} of {asked} answered")
STATS_FEEDBACK_SETS = {
    "child_attended": S_("Children who attended"),
    "child_absent": S_("Children who did not attend"),
    "adult": S_("Social workers and carers"),
}
STATS_FEEDBACK_QUESTION = S_("{question} {answers}")
STATS_FEEDBACK_MEAN = S_("average {mean} of 5")
STATS_FEEDBACK_SKIPPED = S_("skipped {count}")
STATS_NONE = S_("–")
STATS_CHART_CODES = S_("Participation codes")
STATS_CHART_REPORTS = S_("Reports shared on time, by month of the meeting")
STATS_CHART_ON_TIME = S_("on time")
STATS_CHART_LATE = S_("late")
STATS_CHART_NOT_SHARED = S_("not shared")
STATS_CHART_REVIEWS = S_("reviews")
STATS_CHART_PERIOD = S_("{start} to {end}")
ANNUAL_REPORT_TITLE = S_("IRO annual report figures")
STATS_CHART_NO_DATA = S_("No data for this period")
