"""Every word a person reads, in English (the source language of the catalogs).

Placeholders in braces are filled by ``messages.render``; values are escaped
for Telegram's HTML, and the child's own words are put in where the text says
``{home}``, ``{carers}``, ``{family_time}``, ``{meeting}``, ``{social_worker}``
and ``{iro}``. Child-facing text is written for a reading age of about 8.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string a child (or anyone) may read: it goes into every catalog."""
    return message


class Plural(tuple[str, str]):
    """A message whose words depend on a number ("1 minute", "2 minutes"): its English
    singular and plural, and which placeholder holds the number. Each language has
    its own plural forms (Arabic has six), chosen by Babel's plural rules."""

    count: str

    def __new__(cls, singular: str, plural: str, count: str) -> Plural:
        made = super().__new__(cls, (singular, plural))
        made.count = count
        return made


def NP_(singular: str, plural: str, *, count: str) -> Plural:
    """Mark a message with plural forms for the catalogs; ``count`` names the number."""
    return Plural(singular, plural, count)


def S_(message: str) -> str:
    """Mark a string only staff read (IROs, social workers, carers, managers, duty).

    Staff-facing text stays English on purpose: the service's staff work in English,
    the case record is kept in English, and every translation a council has reviewed
    is one a child reads. These strings are kept out of the catalogs."""
    return message


# --- everyone ---------------------------------------------------------------

HELLO_STRANGER = N_(
    "Hello! This is <b>My Review</b>. It helps children and young people tell "
    "the adults at their meeting what they think.\n\n"
    "To use it you need your own link from your worker. Please ask them for one."
)
LINK_NOT_WORKING = N_(
    "Sorry, that link doesn't work. It may be old, or it may have been used already.\n\n"
    "Please ask your worker for a new link."
)
ACCOUNT_ALREADY_SET_UP = N_(
    "This Telegram account is already set up for someone. "
    "If that isn't right, please tell your worker."
)
PRIVATE_CHATS_ONLY = N_(
    "I only work in a private chat. Please message me directly, not in a group."
)
SOMETHING_WENT_WRONG = N_(
    "Sorry, something went wrong on my side. Anything you sent before this is saved. "
    "Please try again in a minute."
)
BUTTON_GONE = N_("That button doesn't work any more.")
NOT_ALLOWED = N_("Sorry, you can't open that.")
TOO_LONG = NP_(
    "That message is too long for me to keep in one go. "
    "Please send it in smaller parts, up to {limit} letter each.",
    "That message is too long for me to keep in one go. "
    "Please send it in smaller parts, up to {limit} letters each.",
    count="limit",
)

HELP_STRANGER = N_(
    "<b>My Review</b> helps children and young people in care say what they think "
    "before their meeting.\n\n"
    "To use it you need your own link from your worker.\n\n"
    "If you need to talk to someone now, call <b>Childline</b> on <b>0800 1111</b>. "
    "It's free, and open day and night. If you are in danger now, call <b>999</b>."
)
HELP_CHILD = N_(
    "<b>My Review</b> helps you tell {iro_name} what you think before {meeting}.\n\n"
    "👀 <b>Who reads it:</b> {iro_name}, who runs {meeting}, and {social_worker}. "
    "If you tell me you are not safe, I will tell them straight away so they can help.\n\n"
    "<b>Things you can type</b>\n"
    "/myreview – fill in My Review, or carry on\n"
    "/mywords – change the words I use\n"
    "/language – change the language I use\n"
    "/mydata – a copy of everything I keep about you\n"
    "/help – this message\n\n"
    "💬 <b>To talk to {iro_name}</b>, ask {social_worker} or {carers} to help you get in touch.\n\n"
    "📞 If you need to talk to someone now, call <b>Childline</b> on <b>0800 1111</b>. "
    "It's free, and open day and night. If you are in danger now, call <b>999</b>."
)
HELP_STAFF = S_(
    "<b>My Review</b> collects children's views before their review meetings.\n\n"
    "/reviews – your upcoming reviews and each child's My Review\n"
    "/helpchild – fill in My Review together with a child\n"
    "/stophelping – stop helping a child\n"
    "/help – this message\n\n"
    "Only a child's own IRO, social worker and carer can read their answers, and every "
    "read is recorded. Childline: 0800 1111 (free, day and night); in danger, 999."
)

# --- a child's first conversation --------------------------------------------

CHILD_WELCOME = N_(
    "Hi {name}! 👋\n\n"
    "I'm <b>My Review</b>. I help you tell the adults at {meeting} what you think.\n\n"
    "{iro_name} runs {meeting}. {iro}'s job is to make sure people listen to you."
)
CHILD_ABOUT = N_(
    "Before {meeting}, I will ask you some questions. You can tap a button, write a few "
    "words, send a photo or a voice note. You can skip any question.\n\n"
    "👀 {iro_name} and {social_worker} will read what you send.\n"
    "🆘 If you tell me you are not safe, I will tell them straight away so they can help you."
)
LANGUAGE_ASK = N_("Which language would you like me to use?")
LANGUAGE_CHANGED = N_(
    "OK! From now on I will write to you in {language}. "
    "You can change it again at any time: type /language."
)
LANGUAGE_FOR_STAFF = S_(
    "Messages to staff are in English. A child chooses their own language in their "
    "first conversation, or at any time with /language; you can also set it with "
    "<code>myreview people edit --locale</code>."
)
WORDS_INTRO = N_(
    "Some words adults use can feel strange. Tell me the words <b>you</b> like, and I will "
    "use them. Tap a button or type your own."
)
WORD_SAVED = N_("Thanks! I'll say “{value}”.")
WORD_KEEP = N_("Keep “{value}”")
WORD_NOT_SURE_BUTTON = N_("🤷 I'm not sure")
WORD_SKIP_BUTTON = N_("Skip ➡️")
WORD_NOT_SURE = N_(
    "That's OK. I'll say “{value}” for now. You can change it any time with /mywords."
)
WORD_TOO_LONG = NP_(
    "That's a bit long for a word. Please use fewer than {limit} letter.",
    "That's a bit long for a word. Please use fewer than {limit} letters.",
    count="limit",
)
WORDS_DONE = N_("Thank you! 🙌 You can change these words any time. Just type /mywords.")
OFFER_START = N_("{meeting} is on <b>{date}</b>. Would you like to start My Review now?")
START_NOW = N_("▶️ Start now")
LATER = N_("Later")
LATER_OK = N_("OK! Type /myreview whenever you're ready.")
NOTHING_OPEN = N_("There's nothing to fill in just now. I'll tell you when {meeting} is coming up.")
NO_CONSULTATION_UNDER_FOUR = N_("There's nothing to fill in just now.")

# --- the consultation ----------------------------------------------------------

QUESTION_COUNTER = N_("Question {number} of {total}")
FOR_CHILD = N_("For {child}:")
BACK = N_("⬅️ Back")
SKIP = N_("Skip ➡️")
PAUSE = N_("⏸ Pause, finish later")
DONE = N_("✅ Done")
SEND = N_("📨 Send to {iro}")
ADD_SOMETHING = N_("➕ Add something")
ADD_SOMETHING_ELSE = N_("➕ Add something else")
CHANGE_ANSWERS = N_("⬅️ Change an answer")
ANSWER_NOTED = N_("You said: {answer}")
SKIPPED_NOTED = N_("Skipped")
PREVIOUS_ANSWER = N_("Last time you said: {answer}")
CAN_TYPE_TOO = N_("You can also type your own answer.")
SEND_WORDS_PHOTO_VOICE = N_("You can type, or send a photo or a voice note.")
SEND_A_PHOTO = N_("Send a photo, or type if you'd rather.")
SEND_A_VOICE_NOTE = N_("Hold the 🎤 button to record a voice note, or type if you'd rather.")
PAUSED = N_(
    "No problem. Everything you've said is saved. 💾\nType /myreview when you want to carry on."
)
WELCOME_BACK = N_("Welcome back! Let's carry on where you left off.")
FIRST_QUESTION_INTRO = N_("Let's start! Tap a button or type your answer. You can skip anything.")
STALE_QUESTION = N_("That button is from an earlier question. Here's where you are now:")
ONLY_WORDS_PHOTOS_VOICE = N_(
    "I can keep words, photos and voice notes. Please try one of those, or tap Skip."
)
PICK_THEN_DONE = N_("Tap all the ones you want, then tap Done.")
SUMMARY_HEADER = N_("<b>Here's what you told me</b> 📝")
SUMMARY_FOOTER = N_(
    "Is that right? When you're ready, send it to {iro}. You can still add more after you send it."
)
SUMMARY_NOTHING = N_("You skipped everything, and that's OK.")
SUMMARY_PHOTO = N_("📷 a photo")
SUMMARY_VOICE = N_("🎤 a voice note")
SENT = N_(
    "Sent! 🎉 {iro} will read it before {meeting} on {date}.\n\n"
    "You can add more until then. Just type /myreview."
)
ALREADY_SENT = N_(
    "You sent My Review on {sent}. 👍\nYou can add something until {meeting} on {date}."
)
ADD_PROMPT = N_("What would you like to add? Type a few words, or send a photo or a voice note.")
ADDED = N_("Thanks, I've added that. {iro} will see it. 👍")
CLOSED = N_("{meeting} has started, so My Review is closed now. {iro} has everything you sent.")
STOPPED_WRITING = N_("OK, I've stopped. Nothing more was sent.")
IDLE_MESSAGE = N_(
    "Thanks for your message. To fill in My Review, type /myreview.\n"
    "If you need help now, type /help."
)
SCALE_WORDS = (
    N_("very sad"),
    N_("sad"),
    N_("OK"),
    N_("happy"),
    N_("very happy"),
)

# --- helping mode -------------------------------------------------------------

HELP_CHILD_PICK = S_("Which child are you helping with My Review?")
HELP_CHILD_NONE = S_("There are no children for you to help just now.")
HELPING_STARTED = S_(
    "You're now helping <b>{child}</b> with My Review. Read each question with {child} and "
    "let them choose the answer. Everything is saved as you go.\n"
    "Type /stophelping when you've finished."
)
HELPING_STOPPED = S_("You've stopped helping {child}. Everything is saved.")
NOT_HELPING = S_("You're not helping anyone just now. Type /helpchild to start.")
HELPER_NO_OPEN_REVIEW = S_("{child} has no meeting with My Review open just now.")

# --- staff ----------------------------------------------------------------------

STAFF_WELCOME_IRO = S_(
    "Hello {name}. You're set up as an <b>Independent Reviewing Officer</b>.\n"
    "Type /reviews to see your upcoming reviews and read each child's My Review."
)
STAFF_WELCOME_SOCIAL_WORKER = S_(
    "Hello {name}. You're set up as a <b>social worker</b>.\n"
    "/reviews shows your children's upcoming reviews. "
    "/helpchild lets you fill in My Review together with a child."
)
STAFF_WELCOME_CARER = S_(
    "Hello {name}. You can help a child you look after fill in My Review: type /helpchild."
)
STAFF_WELCOME_MANAGER = S_(
    "Hello {name}. You're set up as a <b>service manager</b>. Type /help to see what you can do."
)
STAFF_WELCOME_DUTY = S_(
    "Hello {name}. You're on the <b>duty rota</b>. When a child may not be safe and it is "
    "out of hours, or their own workers can't be reached, I will tell you at once. "
    "Type /help to see what you can do."
)
REVIEWS_HEADER = S_("<b>Upcoming reviews</b>")
REVIEWS_NONE = S_("You have no upcoming reviews.")
REVIEW_LINE = S_("<b>{date}</b> · {child}\nMy Review: {state}")
STATE_NOT_STARTED = S_("not started")
STATE_IN_PROGRESS = S_("in progress")
STATE_SENT = S_("sent {date}")
STATE_NOT_APPLICABLE = S_("not asked (under 4)")
OPEN_CONSULTATION = S_("📖 {child}")
VIEW_HEADER = S_("<b>My Review: {child}</b>\nMeeting: {date}")
VIEW_SENT = S_("Sent: {date}")
VIEW_NOT_SENT = S_("Not sent yet ({state}). These are the answers so far.")
VIEW_HELPED = S_("Filled in with help from {helper} ({role}).")
VIEW_ADDED_AFTER = S_("<i>Added after sending, {date}</i>")
VIEW_SKIPPED = S_("<i>skipped</i>")
# The reading view: the child's words first, then their choices, then what was skipped.
VIEW_IN_THEIR_WORDS = S_("💬 <b>In {child}'s own words</b>")
VIEW_CHOICES = S_("☑️ <b>{child}'s choices and feelings</b>")
VIEW_SKIPPED_ONE = S_("<i>Skipped: 1 question</i>")
VIEW_SKIPPED_MANY = S_("<i>Skipped: {count} questions</i>")
VIEW_NEW = S_("🆕")
VIEW_NEW_KEY = S_("<i>🆕 is new since you last read it, {date}.</i>")
VIEW_NO_ANSWERS = S_("No answers yet.")
VIEW_PHOTO = S_("📷 photo, sent below")
VIEW_VOICE = S_("🎤 voice note, sent below")
VIEW_MEDIA_CAPTION = S_("{child}: {question}")
VIEW_ADDITIONS = S_("<b>Added after sending</b>")
VIEW_WORDS = S_("{child}'s own words: {words}")
VIEW_CHANNEL_WEB = S_("{child} answered on the web chat (no Telegram).")
VIEW_CHANNEL_BOTH = S_("{child} answered partly on the web chat and partly in Telegram.")
VIEW_LANGUAGE_DRAFT = S_(
    "{child} reads My Review in {language}. Its translation is a draft: a council's "
    "translator has not checked it yet."
)
VIEW_LANGUAGE_REVIEWED = S_(
    "{child} reads My Review in {language} (translation checked by {by}, {on})."
)
WORD_LABELS = {
    "home": S_("home"),
    "carers": S_("the people who look after them"),
    "family_time": S_("family time"),
    "meeting": S_("their meeting"),
    "social_worker": S_("their social worker"),
}
ROLE_CARER = S_("carer")
ROLE_SOCIAL_WORKER = S_("social worker")
ROLE_IRO = S_("IRO")
ROLE_MANAGER = S_("manager")
ROLE_CHILD = S_("child")
ROLE_DUTY = S_("duty worker")
ROLE_WORDS = {
    "carer": ROLE_CARER,
    "social_worker": ROLE_SOCIAL_WORKER,
    "iro": ROLE_IRO,
    "manager": ROLE_MANAGER,
    "child": ROLE_CHILD,
    "duty": ROLE_DUTY,
}
"""A role as a person reads it (msgids): "social worker", not "social_worker"."""
DATE_AND_TIME = N_("{date}, {time}")
SCALE_EMOJI = ("😢", "🙁", "😐", "🙂", "😄")
MORE_FROM_CHILD = S_("<b>More from {child}</b>")
EDITED_MESSAGE = N_(
    "I saw you changed a message. I keep what you sent first. "
    "To change an answer, tap Back, or send a new message."
)
UNKNOWN_COMMAND = N_("I don't know that command. Type /help to see what I can do.")
BOT_SHORT_DESCRIPTION = N_("Tell your review meeting what you think, in your own words.")
"""Telegram's short description (at most 120 characters): on the bot's profile."""
BOT_DESCRIPTION = N_(
    "My Review helps you say what you think before your review meeting. "
    "You can use your own words.\n\n"
    "Only the people who work with you can read what you say. They are the person who "
    "runs your meeting, your social worker and the people who look after you. If you "
    "tell me you are not safe, I tell the person who runs your meeting and your social "
    "worker at once.\n\n"
    "To start, open the link you were given."
)
"""Telegram's description (at most 512 characters): what an empty chat shows."""
COMMAND_START = N_("Start, or use your link")
COMMAND_HELP = N_("What this bot is, and who to talk to")
COMMAND_MYREVIEW = N_("Fill in My Review, or carry on")
COMMAND_MYWORDS = N_("Change the words I use")
COMMAND_LANGUAGE = N_("Change the language I use")
COMMAND_REVIEWS = S_("Upcoming reviews (staff)")
COMMAND_HELPCHILD = S_("Fill in My Review with a child (staff)")
COMMAND_STOPHELPING = S_("Stop helping a child (staff)")
COMMAND_CANCEL = S_("Stop what you were typing for")
CANCELLED = S_("OK, I've stopped waiting for that.")
NOTHING_TO_CANCEL = S_("There's nothing to cancel.")
