"""Every word of the IRO's workspace: the dashboard, the profile, reading,
recording the meeting, writing to the child, feedback and the figures.

Placeholders in braces are filled by ``messages.render.Renderer`` (values are
escaped for Telegram's HTML). In child-facing text ``{meeting}``, ``{iro}`` and
``{name}`` are the child's own words and names. Child-facing English is written
for a reading age of about 8, and never uses the letters "IRO". The figures at
the end (``STATS_*``) are plain text for the command line and ``/stats``.
"""

from __future__ import annotations

from messages.text import N_

# --- commands and help ----------------------------------------------------------------

COMMAND_PROFILE = N_("Your profile for children (IROs)")
COMMAND_HELD = N_("Record a meeting as held (IROs)")
COMMAND_STATS = N_("The figures for this year (managers)")
HELP_IRO = N_(
    "<b>For IROs</b>\n"
    "/held – record a meeting: format, attendance, participation code\n"
    "/profile – a few lines about you (and a photo) for children"
)
HELP_MANAGER = N_(
    "<b>For managers</b>\n/stats – the figures for this financial year\n"
    "/reviews – safeguarding alerts that reached nobody come first"
)
HELP_DUTY = N_(
    "<b>For duty staff</b>\nSafeguarding alerts come to you out of hours, and whenever a "
    "child's own workers can't be reached. Tap I'm on it when you act.\n"
    "/reviews – alerts that reached nobody"
)

# --- /reviews: the IRO's dashboard --------------------------------------------------

NUDGED_NOT_STARTED_TOP = N_(
    "⚠️ <b>Reminded, but not started:</b> {children}. "
    "Their My Review went out and they were reminded, but they haven't opened it yet."
)
NUDGED_NOT_STARTED_LINE = N_("⚠️ reminded, not started")
READ_NOT_YET = N_("📬 not read yet")
READ_DONE = N_("✓ read")
READ_NEW = N_("🆕 new since you read it")
TO_RECORD_HEADER = N_("<b>Held, to record with /held</b>")
TO_RECORD_LINE = N_("<b>{date}</b> · {child}: format, attendance and participation code")

# --- /profile: the IRO's one-page profile ---------------------------------------------

PROFILE_ONLY_IRO = N_("Only IROs have a profile for children.")
PROFILE_INTRO = N_(
    "👋 <b>Your profile</b>\n"
    "A few lines about you, and a photo if you like. Each child gets it with their first "
    "My Review for a meeting, so they know who is chairing it."
)
PROFILE_EMPTY = N_("You haven't written anything yet.")
PROFILE_HAS_PHOTO = N_("📷 You have a photo.")
PROFILE_NO_PHOTO = N_("No photo.")
PROFILE_WRITE = N_("✏️ Write about me")
PROFILE_ADD_PHOTO = N_("📷 Add a photo")
PROFILE_CHANGE_PHOTO = N_("📷 Change photo")
PROFILE_REMOVE_PHOTO = N_("🗑 Remove photo")
PROFILE_PREVIEW = N_("👀 See what a child sees")
PROFILE_ASK_TEXT = N_(
    "Write a few lines about yourself for children, up to {limit} letters. "
    "Write to the child: who you are, what you do at their meeting, something you like. "
    "No jargon, please."
)
PROFILE_ASK_PHOTO = N_("Send me a photo of yourself (a friendly one: children will see it).")
PROFILE_CANCEL = N_("Cancel")
PROFILE_CANCELLED = N_("OK, nothing changed.")
PROFILE_SAVED = N_("✅ Saved. This is what a child will see:")
PROFILE_PHOTO_SAVED = N_("✅ Photo saved.")
PROFILE_PHOTO_REMOVED = N_("🗑 Photo removed.")
PROFILE_TOO_LONG = N_("That's a bit long. Please keep it under {limit} letters.")
PROFILE_TEXT_ONLY = N_("Please write a few words, or tap Cancel.")
PROFILE_PHOTO_ONLY = N_("Please send a photo, or tap Cancel.")
PROFILE_NOTHING_TO_SEE = N_("There's nothing to show yet. Write a few lines first.")

# What the child sees (in the child's words: {iro} is the IRO's first name).
CHILD_PROFILE_HEADER = N_("👋 <b>{iro} runs {meeting}.</b> Here's what {iro} wrote for you:")
CHILD_PROFILE_PHOTO_CAPTION = N_("This is {iro} 👋")

# --- reading ---------------------------------------------------------------------------

SINCE_LAST_READ = N_("🆕 <b>New since you last read it</b> ({date}):")
SINCE_LAST_READ_NONE = N_("Nothing new since you last read it ({date}).")
NEW_ITEM_ADDED = N_("<i>Added by {child}, {date}</i>")
NEW_ITEM_ANSWERED = N_("<i>{date}</i>")
VIEW_ACTIONS = N_("What next for {child}'s My Review?")
EXPORT_PDF = N_("📄 Export PDF")
EXPORT_DOCX = N_("📝 Export Word")
WRITE_TO_CHILD = N_("✍️ Write to {child}")
EXPORT_CAPTION = N_("My Review: {child}. Confidential: for {child}'s case record.")
EXPORT_NOT_ALLOWED = N_("Sorry, you can't export that.")
EXPORT_FAILED = N_("Sorry, I couldn't make the document just now. Please try again in a minute.")

# The child's side of the "read" mark.
CHILD_READ_NOTICE = N_(
    "👀 {iro} has read your My Review. Thank you for telling {iro} what you think!"
)
CHILD_READ_MARK = N_("👀 {iro} has read it ✓")

# --- /held: recording the meeting ----------------------------------------------------------

HELD_ONLY_IRO = N_("Only the IRO who chairs a meeting records it.")
HELD_NONE = N_("There are no meetings to record just now. Meetings show here from their day on.")
HELD_PICK = N_("Which meeting do you want to record?")
HELD_PICK_BUTTON = N_("🗓 {child} · {date}")
HELD_HEADER = N_("🗓 <b>{child}</b>'s review, {date}")
HELD_ASK_FORMAT = N_("How was the meeting held?")
FORMAT_LABELS = {
    "face-to-face": N_("Face to face"),
    "virtual": N_("Virtual"),
    "hybrid": N_("Hybrid"),
}
HELD_ASK_ATTENDED = N_("Did {child} attend the meeting?")
HELD_YES = N_("Yes")
HELD_NO = N_("No")
HELD_ASK_CHAIRED = N_("Did {child} chair the meeting?")
CHAIRED_LABELS = {
    "all": N_("All of it"),
    "part": N_("Part of it"),
    "no": N_("No"),
}
HELD_ASK_CODE = N_("Which participation code (DfE SSDA903)?\n{codes}")
HELD_CODE_SUGGESTED = N_(
    "⭐ Suggested: <b>PN6</b>. {child} sent My Review (on {sent}) but didn't attend."
)
HELD_CODE_BUTTON = N_("{code} · {short}")
HELD_CODE_BUTTON_SUGGESTED = N_("⭐ {code} · {short}")
HELD_START_AGAIN = N_("⬅️ Start again")
HELD_CHANGE = N_("✏️ Change")
HELD_PN0_AUTO = N_("{child} was under 4 at the meeting, so the code is <b>PN0</b>.")
HELD_SAVED = N_(
    "✅ <b>{child}'s review is recorded as held</b> on {day}.\n"
    "• Format: {format}\n"
    "• {child} attended: {attended}\n"
    "• {child} chaired it: {chaired}\n"
    "• Participation: <b>{code}</b> – {meaning}\n\n"
    "Decisions are due by <b>{decisions}</b>, the full record by <b>{record}</b>.\n"
    "Tomorrow I'll ask {child} and the adults how it went."
)
HELD_NOT_YET = N_("{child}'s meeting is not until {date}, so it can't be recorded yet.")
HELD_GONE = N_("That meeting can't be recorded any more.")

#: The DfE SSDA903 participation codes: the full meaning, and a short one for buttons.
PARTICIPATION_MEANINGS = {
    "PN0": N_("child aged under 4 at the time of the review"),
    "PN1": N_("attends and speaks for themselves"),
    "PN2": N_("attends; an advocate speaks for them"),
    "PN3": N_("attends and conveys views symbolically (non-verbally)"),
    "PN4": N_("attends but does not contribute"),
    "PN5": N_("does not attend but briefs an advocate to speak for them"),
    "PN6": N_(
        "does not attend but conveys views by another medium (texting, written, phone, audio/video)"
    ),
    "PN7": N_("does not attend and views are not conveyed"),
}
PARTICIPATION_SHORT = {
    "PN0": N_("under 4"),
    "PN1": N_("speaks for self"),
    "PN2": N_("advocate speaks"),
    "PN3": N_("views shown non-verbally"),
    "PN4": N_("does not contribute"),
    "PN5": N_("briefs an advocate"),
    "PN6": N_("views by another medium"),
    "PN7": N_("views not conveyed"),
}

# --- writing to the child ----------------------------------------------------------------

SUMMARY_ASK = N_(
    "✍️ Write your message to <b>{child}</b> about their review, in a few lines "
    "(up to {limit} letters). Write <i>to</i> {child}, in {child}'s words. "
    "I'll check it for jargon before it goes."
)
SUMMARY_CANCEL = N_("Cancel")
SUMMARY_CANCELLED = N_("OK. Nothing was sent to {child}.")
SUMMARY_TOO_LONG = N_("That's a bit long for a message to a child. Please keep it under {limit}.")
SUMMARY_TEXT_ONLY = N_("Please write your message to {child}, or tap Cancel.")
SUMMARY_CHECKED_OK = N_("✅ No jargon found. This is what {child} will read:")
SUMMARY_SUGGESTIONS = N_("💡 <b>Some words {child} may not use:</b>\n{items}")
SUMMARY_SUGGESTION_CHILDS = N_("• “{found}” → “{instead}” ({child}'s own word)")
SUMMARY_SUGGESTION = N_("• “{found}” → “{instead}”")
SUMMARY_SUGGESTION_ADVICE = N_("• “{found}”: {advice}")
SUMMARY_SUGGESTION_NO_ADVICE = N_("• “{found}”: please say it another way")
SUMMARY_AS_WRITTEN = N_("Your message as written:")
SUMMARY_WITH_WORDS = N_("✅ With {child}'s words. This is what {child} will read:")
SUMMARY_USE_WORDS = N_("✅ Use {child}'s words")
SUMMARY_SEND_AS_WRITTEN = N_("📨 Send as written")
SUMMARY_SEND = N_("📨 Send to {child}")
SUMMARY_SENT = N_("📨 Sent. {child} will get it in My Review, and can write back to you.")
SUMMARY_SENT_LATER = N_(
    "📨 Done. {child} will get it on {when}: I only message children from 9:00 to 19:00."
)
SUMMARY_NOT_LINKED = N_(
    "I've kept your message, but {child} isn't using My Review in Telegram, "
    "so I can't send it. Please share it with {child} another way."
)
SUMMARY_ALREADY_SENT = N_("That message has already gone to {child}.")
SUMMARY_GONE = N_("That message was cancelled. Tap “Write to {child}” to start again.")

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
IRO_CHILD_REPLY = N_(
    "💬 <b>{child} wrote back</b> about your message after their review on {date}:"
)

# --- feedback the day after ---------------------------------------------------------------

FEEDBACK_INTRO_CHILD = N_(
    "Hi {name}! 👋 Yesterday was {meeting}. Can you tell me how it was for you? "
    "Just {count} quick questions. You can skip any."
)
FEEDBACK_INTRO_CHILD_ABSENT = N_(
    "Hi {name}! 👋 Yesterday was {meeting}. You didn't go, and that's OK. "
    "Can you tell me a bit about it? Just {count} quick questions. You can skip any."
)
FEEDBACK_INTRO_ADULT = N_(
    "📋 <b>{child}'s review on {date}</b>\n"
    "{count} quick questions about how the meeting went. They help {iro} and the service "
    "get better. You can skip any."
)
FEEDBACK_COUNTER = N_("Question {number} of {total}")
FEEDBACK_SKIP = N_("Skip ➡️")
FEEDBACK_THANKS_CHILD = N_("Thank you! 🙌 That really helps.")
FEEDBACK_THANKS_ADULT = N_("Thank you. Your answers help the service get better.")
FEEDBACK_DONE_ALREADY = N_("You've already answered these. Thank you!")
FEEDBACK_NOTED = N_("✓ {answer}")
FEEDBACK_SKIPPED = N_("skipped")

# --- /stats for managers ------------------------------------------------------------------

STATS_ONLY_MANAGERS = N_("The figures are for service managers.")
# The figures are plain text, shared by `myreview stats` and /stats (which escapes them
# and puts the headings in bold). Percentages are whole numbers; "–" when there is none.
STATS_TITLE = N_("📊 My Review figures, {start} to {end}")
STATS_HELD_HEADING = N_("Reviews held")
STATS_HELD = N_("Held: {held}")
STATS_IN_TIMESCALE = N_("Within timescale: {count} of {checked} checked ({percent})")
STATS_OUT_OF_TIMESCALE = N_("Out of timescale: {count}")
STATS_TIMESCALE_UNKNOWN = N_("Not checked (no entered-care date): {count}")
STATS_MY_REVIEW_HEADING = N_("My Review (booklets returned)")
STATS_OPENED = N_("Opened for the child: {count}")
STATS_STARTED = N_("Started: {count}")
STATS_SENT = N_("Sent (booklets returned): {count} ({percent} of those opened)")
STATS_UNDER_FOUR = N_("Not asked (under 4): {count}")
STATS_CODES_HEADING = N_("Participation codes, by financial year (April to March)")
STATS_CODES_ROW = N_("{code} {meaning}: {counts}")
STATS_CODES_NOT_RECORDED = N_("Held, no code recorded: {counts}")
STATS_REPORTS_HEADING = N_("Social workers' reports (due 3 working days before)")
STATS_REPORTS_DUE = N_("Due: {count}")
STATS_REPORTS_ON_TIME = N_("Shared on time: {count} ({percent})")
STATS_REPORTS_LATE = N_("Shared late: {count}; on average {mean} working days late")
STATS_REPORTS_NOT_SHARED = N_("Not shared: {count}")
STATS_WORDS_HEADING = N_("Language that Cares")
STATS_WORDS = N_(
    "{count} of {children} children with a review in the period have their own words "
    "recorded ({percent})"
)
STATS_FEEDBACK_HEADING = N_("Feedback after the meeting")
STATS_FEEDBACK_SET = N_("{set}: {responded} of {asked} answered")
STATS_FEEDBACK_SETS = {
    "child_attended": N_("Children who attended"),
    "child_absent": N_("Children who did not attend"),
    "adult": N_("Social workers and carers"),
}
STATS_FEEDBACK_QUESTION = N_("{question} {answers}")
STATS_FEEDBACK_MEAN = N_("average {mean} of 5")
STATS_FEEDBACK_SKIPPED = N_("skipped {count}")
STATS_NONE = N_("–")
STATS_CHART_CODES = N_("Participation codes")
STATS_CHART_REPORTS = N_("Reports shared on time, by month of the meeting")
STATS_CHART_ON_TIME = N_("on time")
STATS_CHART_LATE = N_("late")
STATS_CHART_NOT_SHARED = N_("not shared")
STATS_CHART_REVIEWS = N_("reviews")
