"""Every word of safeguarding, privacy and security.

What a child reads when they may not be safe, what their IRO, social worker and
managers read in an alert, a child's copy of their data (``/mydata``), and the
replies to things that are refused. Placeholders in braces are filled by
``messages.render.Renderer`` (values escaped for Telegram's HTML; the child's own
words such as ``{meeting}`` and ``{home}`` are put in). Child-facing English is
written for a reading age of about 8, and never promises to keep a secret.
"""

from __future__ import annotations

from messages.text import N_, NP_, S_

# --- the child who may not be safe -------------------------------------------------

NOT_SAFE_BUTTON = N_("🆘 I don't feel safe")

CHILD_TOLD = N_(
    "💛 Thank you for telling me. You did the right thing.\n\n"
    "I'm telling {who} now, so they can help keep you safe. "
    "Someone will get in touch with you soon.\n\n"
    "I can't keep this a secret, because keeping you safe matters most.\n\n"
    "📞 If you want to talk to someone now, call <b>Childline</b> on <b>0800 1111</b>. "
    "It's free, day and night.\n"
    "🚨 If you are in danger right now, call <b>999</b>."
)
CHILD_TOLD_BUTTON = N_(
    "💛 Thank you for telling me you don't feel safe. You did the right thing.\n\n"
    "I'm telling {who} now, so they can help keep you safe. "
    "Someone will get in touch with you soon.\n\n"
    "I can't keep this a secret, because keeping you safe matters most.\n\n"
    "📞 If you want to talk to someone now, call <b>Childline</b> on <b>0800 1111</b>. "
    "It's free, day and night.\n"
    "🚨 If you are in danger right now, call <b>999</b>."
)
CHILD_TOLD_AGAIN = N_(
    "💛 Thank you. I'm telling {who} this too.\n\n"
    "📞 <b>Childline</b>: <b>0800 1111</b>, free, day and night.\n"
    "🚨 In danger right now? Call <b>999</b>."
)
CHILD_TOLD_TEAM = N_("the people who keep children safe")
# Nobody could be told (no adult of the child's, and nobody on duty, can be reached):
# never say anyone was. What they said is kept for the adults to see.
CHILD_TOLD_NOBODY = N_(
    "💛 Thank you for telling me. You did the right thing.\n\n"
    "I can't reach anyone to help you right now, so please call someone now:\n\n"
    "📞 <b>Childline</b> on <b>0800 1111</b>. It's free, day and night.\n"
    "🚨 If you are in danger right now, call <b>999</b>.\n\n"
    "I have kept what you said, so the adults who help you will see it."
)
NAME_AND_ROLE = S_("{name} ({role})")
CHILD_CARRY_ON = N_("Everything you said is saved. You can carry on when you're ready.")
# After a disclosure, the next question does not follow straight away.
CHILD_WHAT_NEXT = N_(
    "Everything you said is saved. There's no rush.\n\nWhat would you like to do now?"
)
CARRY_ON_BUTTON = N_("▶️ Carry on with My Review")
BREAK_BUTTON = N_("⏸ Have a break")
TALK_BUTTON = N_("💬 I'd like to talk to someone")
CHILD_BREAK = N_(
    "That's fine. Your place is saved. Type /myreview when you want to carry on.\n\n"
    "📞 <b>Childline</b>: <b>0800 1111</b>, free, day and night."
)
CHILD_TALK_TOLD = N_(
    "💛 I've told {who} that you'd like to talk. They will get in touch as soon as they can.\n\n"
    "📞 If you want to talk to someone right now, call <b>Childline</b> on <b>0800 1111</b>. "
    "It's free, day and night.\n"
    "🚨 If you are in danger right now, call <b>999</b>."
)
CHILD_TALK_NOBODY = N_(
    "💛 I can't reach anyone to tell right now, so please call someone now:\n\n"
    "📞 <b>Childline</b> on <b>0800 1111</b>. It's free, day and night.\n"
    "🚨 If you are in danger right now, call <b>999</b>."
)
STAFF_WANTS_TO_TALK = S_(
    "💬 <b>{child} would like to talk to someone</b> about what they told the bot at {when} "
    "(safeguarding alert above). Please get in touch with them today."
)
HELPER_TOLD = S_(
    "🆘 What {child} said may mean they are not safe. I have told {who} now, so they "
    "can act today. Please stay with {child} if you can.\n\n"
    "🚨 If {child} is in danger right now, call <b>999</b>.\n"
    "📞 {child} can talk to <b>Childline</b> on <b>0800 1111</b>, free, day and night."
)
HELPER_TOLD_NOBODY = S_(
    "🆘 What {child} said may mean they are not safe, and I can't reach anyone to tell "
    "right now: no IRO, social worker or duty worker is linked. Please act now.\n\n"
    "🚨 If {child} is in danger right now, call <b>999</b>.\n"
    "📞 {child} can talk to <b>Childline</b> on <b>0800 1111</b>, free, day and night.\n"
    "Tell your manager or the council's duty team today."
)
# Something went wrong while telling the adults: still give the child the numbers.
CHILD_SAFETY_ONLY = N_(
    "💛 Thank you for telling me.\n\n"
    "📞 If you want to talk to someone now, call <b>Childline</b> on <b>0800 1111</b>. "
    "It's free, day and night.\n"
    "🚨 If you are in danger right now, call <b>999</b>.\n\n"
    "You can also tell an adult you trust, like a teacher."
)
# Someone nobody is linked to writes something worrying: nobody to alert, but help.
STRANGER_SAFETY = N_(
    "💛 If you are not safe, please tell someone now.\n\n"
    "📞 Call <b>Childline</b> on <b>0800 1111</b>. It's free, day and night.\n"
    "🚨 If you are in danger right now, call <b>999</b>."
)
AND = N_("{first} and {second}")

# --- the alert, to the IRO and the social worker (and managers, 30 minutes on) ------------

ACK_BUTTON = S_("🙋 I'm on it")
STAFF_ALERT = S_(
    "🆘 <b>Safeguarding alert: {child}</b>\n"
    "What was said may mean {child} is not safe. Please act today, under your "
    "safeguarding procedures.\n\n"
    "<b>Why:</b> {concerns}\n"
    "<b>When:</b> {when}\n"
    "<b>Where:</b> {source}"
)
STAFF_ESCALATION = S_(
    "⚠️ <b>Nobody has said they're on it: {child}</b>\n"
    "This safeguarding alert went to {told} at {when}, and nobody has tapped "
    "“I'm on it” in {minutes} minutes. Please make sure someone acts now.\n\n"
    "<b>Why:</b> {concerns}\n"
    "<b>Where:</b> {source}"
)
STAFF_TYPED_BY = S_("Typed by {helper} ({role}), helping {child}.")
STAFF_WORDS = S_("{child}'s words, exactly as written:")
STAFF_WORDS_IN = S_("{child}'s words, exactly as written, in {language}:")
STAFF_NO_WORDS = S_("No words: {child} tapped a button.")
STAFF_WORDS_REMOVED = S_("The words were removed when the record was anonymised.")
STAFF_ALERT_FOOTER = S_(
    "{child} has been told that someone will be in touch, and given Childline "
    "(0800 1111) and 999. Tap <b>I'm on it</b> so the others know. If nobody does "
    "within {minutes} minutes, managers are alerted."
)
STAFF_ALREADY_ON_IT = S_("✅ {name} is on it (since {when}).")
UNREACHED_HEADER = S_(
    "🚨 <b>These alerts reached nobody.</b> No IRO, social worker or duty worker could be "
    "told. Please act now, and tap I'm on it when you are:"
)
UNREACHED_LINE = S_("• <b>{child}</b>, {when}: {concerns}")
UNREACHED_BUTTON = S_("🙋 I'm on it: {child}")
NOBODY_TOLD = S_("nobody (no IRO or social worker could be reached)")

CONCERN_STAFF = {
    "harm_by_others": S_("harm by others"),
    "self_harm": S_("self-harm or suicide"),
    "running_away": S_("running away or going missing"),
    "unsafe_home": S_("feeling unsafe where they live"),
}
SOURCE_STAFF = {
    "answer": S_("My Review, answering “{question}”"),
    "choice": S_("My Review: answered “{answer}” to “{question}”"),
    "button": S_("tapped “🆘 I don't feel safe”"),
    "summary": S_("My Review, added before sending"),
    "addition": S_("My Review, added after sending"),
    "words": S_("choosing their own words"),
    "message": S_("a message to the bot"),
    "caption": S_("the words with a photo or voice note"),
    "edited": S_("a message they changed after sending it"),
    "command": S_("words typed after a command"),
    "poll": S_("a poll they sent"),
    "group": S_("a group chat the bot is in"),
    "reply": S_("a reply to their IRO"),
}

ACK_THANKS = S_(
    "✅ Thank you, {name}. You're on it: the alert about {child} from {when} is marked as taken."
)
ACK_THANKS_TOLD = S_("I've told {others}.")
ACK_FYI = S_("✅ {name} ({role}) is on it: the safeguarding alert about {child} from {when}.")
ACK_ALREADY = S_("{name} ({role}) is already on it, since {when}.")
ACK_ALREADY_YOU = S_("You're already on it, since {when}.")

# --- refused, limited or too big ----------------------------------------------------

TOO_MANY_TRIES = N_(
    "Sorry, that link doesn't work.\n\n"
    "There have been too many tries from this account, so please wait an hour, "
    "or ask your worker for a new link."
)
TOO_BIG = N_(
    "Sorry, that {what} is too big for me to keep. The most I can keep is {limit}. "
    "Could you send a smaller one, or type a few words instead?"
)
TOO_LONG_VOICE = NP_(
    "Sorry, that voice note is too long for me to keep. The most I can keep is {minutes} "
    "minute. Could you send a shorter one, or type a few words instead?",
    "Sorry, that voice note is too long for me to keep. The most I can keep is {minutes} "
    "minutes. Could you send a shorter one, or type a few words instead?",
    count="minutes",
)
WHAT_FILE = {
    "photo": N_("photo"),
    "voice": N_("voice note"),
    "document": N_("file"),
    "video": N_("video"),
    "audio": N_("recording"),
    "video_note": N_("video"),
    "animation": N_("animation"),
}
MEGABYTES = NP_("{number} megabyte", "{number} megabytes", count="number")
ONLY_FOR_CHILDREN = S_(
    "/mydata is for children and young people: it shows everything I keep about them. "
    "Staff can see what they need with /reviews."
)

# --- /mydata: a child's copy of everything held about them --------------------------------

# For the command menu (handlers/app.py's list): ("mydata", safety.COMMAND_MYDATA).
COMMAND_MYDATA = N_("A copy of everything I keep about you")
MYDATA_INTRO = N_(
    "📂 <b>Everything I keep about you</b>\n"
    "This is a copy of everything My Review keeps about you, on {date}. It's yours. "
    "There's a file with the same copy at the end, so you can keep it."
)
MYDATA_ABOUT = N_("👤 <b>About you</b>")
MYDATA_NAME = N_("Name: {value}")
MYDATA_DOB = N_("Date of birth: {value}")
MYDATA_LANGUAGE = N_("Language: {value}")
MYDATA_JOINED = N_("Added to My Review: {value}")
MYDATA_ENTERED_CARE = N_("Came into care: {value}")
MYDATA_LEFT_CARE = N_("Moved on from care: {value}")
MYDATA_IRO = N_("The person who runs {meeting}: {value}")
MYDATA_SOCIAL_WORKER = N_("{social_worker}: {value}")
MYDATA_CARER = N_("{carers}: {value}")
MYDATA_TELEGRAM = N_("Your Telegram account is linked, so I can talk to you here.")
MYDATA_WORDS = N_("🗣 <b>The words you chose</b>")
MYDATA_WORD = N_("{label} “{value}”")
MYDATA_NO_WORDS = N_("You haven't chosen any words, so I use the usual ones.")
MYDATA_REVIEW = N_("🗓 <b>{meeting}: {date}</b>\nMy Review: {state}")
MYDATA_STATE_SENT = N_("sent on {date}")
MYDATA_STATE_IN_PROGRESS = N_("started, not sent yet")
MYDATA_STATE_NOT_STARTED = N_("not started")
MYDATA_STATE_NOT_ASKED = N_("not asked")
MYDATA_ANSWER = N_("<b>{question}</b>\n{answer}")
MYDATA_ANSWER_BY = N_("(typed by {helper}, helping you)")
MYDATA_EXTRA = N_("<b>Something you added</b>\n{answer}")
MYDATA_CHANGED = N_("<i>You changed this answer later. This is what you said first:</i>")
MYDATA_NO_REVIEWS = N_("You haven't had a meeting with My Review yet.")
MYDATA_FEEDBACK = N_("⭐ <b>What you told us about {meeting} on {date}</b>")
MYDATA_FEEDBACK_LINE = N_("{question} {answer}")
MYDATA_MEDIA = N_("{what} · {question}")
MYDATA_READS = N_("👀 <b>Who has seen what you told me</b>")
MYDATA_READ = N_("{when}: {who} {what}")
MYDATA_NO_READS = N_("Nobody has looked at your answers yet.")
MYDATA_SUMMARIES = N_("💌 <b>What {iro} wrote to you after {meeting}</b>")
MYDATA_SUMMARY = N_("{when}, {name} wrote:")
MYDATA_REPLY = N_("{when}, you wrote back:")
MYDATA_ALERTS = N_("🆘 <b>Times I told someone you might not be safe</b>")
MYDATA_ALERT = N_("{when}: {why}. I told {who}.")
MYDATA_ALERT_NOBODY = N_(
    "{when}: {why}. I could not reach anyone to tell, so I kept it for the adults to see."
)
MYDATA_ALERT_ON_IT = N_("{name} said they would help, at {when}.")
MYDATA_ALERT_WORDS = N_("What you wrote:")
MYDATA_NO_ALERTS = N_("None.")
MYDATA_END = N_(
    "If something here is wrong, or you want to know more, ask {iro_name} or {social_worker}. "
    "You can ask for something to be put right."
)
MYDATA_FILE_CAPTION = N_("Your copy, as a file you can keep.")
MYDATA_FILE_NAME = N_("my-data-{date}.txt")

CHILD_ROLE_WORDS = {
    "iro": N_("runs {meeting}"),
    "social_worker": N_("{social_worker}"),
    "carer": N_("looks after you"),
    "manager": N_("a manager who keeps children safe"),
    "duty": N_("keeps children safe out of hours"),
    "child": N_("you"),
}
"""Who someone is, in a child's words: no roles or letters adults use about them."""
CONCERN_CHILD = {
    "harm_by_others": N_("you might be being hurt by someone"),
    "self_harm": N_("you might hurt yourself"),
    "running_away": N_("you might run away or go missing"),
    "unsafe_home": N_("you might not feel safe where you live"),
}
READ_WHAT = {
    "read_consultation": N_("read your My Review"),
    "export": N_("saved a copy of your My Review for your records"),
    "alert_delivered": N_("was told you might not be safe, and given your words"),
    "alert_acknowledged": N_("said they would help"),
    "mydata": N_("asked for a copy of everything I keep about you"),
    "read_audit": N_("looked at this list of who has seen your information"),
}
READ_SOMETHING = N_("looked at your information")
WHO_OFFICE = N_("someone at the office")
WHO_BOT = N_("My Review")
WHO_YOU = N_("You")
WHO_PERSON = N_("{name} ({role})")

# --- anonymised records (retention) -----------------------------------------------------

ANONYMISED_NAME = "Child {id} (anonymised)"
"""A plain label, not translated: the record's new name once retention has run."""
