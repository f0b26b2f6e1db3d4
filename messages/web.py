"""Every word of the web chat's own pages (``web/``): what a child reads around the
chat itself, which is the same conversation as in Telegram (``messages/text.py``).

Plain text, not HTML: the pages' templates escape it. Child-facing English is
written for a reading age of about 8.
"""

from __future__ import annotations

from messages.text import N_, NP_, S_

TITLE = N_("My Review")
QUICK_EXIT = N_("Quick exit")
QUICK_EXIT_HINT = N_("Leave this page fast. Press Esc twice to leave too.")
LOCK = N_("Lock")
LOCK_HINT = N_("Lock the chat. You will need your secret word to come back.")
SEND = N_("Send")
TYPE_HERE = N_("Type here")
YOUR_MESSAGE = N_("Your message")
SEND_PHOTO = N_("📷 Send a photo")
SEND_VOICE = N_("🎤 Record a voice note")
STOP_VOICE = N_("⏹️ Stop and send")
VOICE_FILE = N_("🎤 Send a voice note")
RECORDING = N_("Recording… Tap stop when you are done.")
YOU_SAID = N_("You")
BOT_SAID = N_("My Review")
A_PHOTO = N_("A photo you sent")
A_VOICE_NOTE = N_("A voice note you sent")
A_FILE = N_("A file for you")
NEW_MESSAGE = N_("There is a new message for you.")
SHOW_IT = N_("Show it")
SKIP_TO_CHAT = N_("Go to the chat")

CHOOSE_SECRET_TITLE = N_("Choose a secret word")
CHOOSE_SECRET = N_(
    "Choose a secret word or a number (a PIN). You will type it when you come back. "
    "Do not tell anyone else."
)
SECRET_LABEL = N_("Your secret word or PIN")
SECRET_AGAIN = N_("Type it again")
SECRET_SAVE = N_("Save my secret word")
SECRET_SHORT = N_("That is too short. Use at least 4 letters or numbers.")
SECRET_LONG = N_("That is too long. Use 40 letters or numbers at most.")
SECRET_DIFFERENT = N_("The two did not match. Please type the same word twice.")

SIGN_IN_TITLE = N_("Welcome back")
SIGN_IN = N_("Type your secret word to open your chat.")
SIGN_IN_BUTTON = N_("Open my chat")
SIGN_IN_WRONG = NP_(
    "That is not right. You can try {count} more time.",
    "That is not right. You can try {count} more times.",
    count="count",
)
SIGN_IN_LOCKED = N_(
    "Your chat is locked for a while to keep it safe. Try again after {time}, or ask "
    "your worker to send you a new link."
)
FORGOT = N_("Forgot your secret word? Ask your worker to send you a new link.")

LOCKED_TITLE = N_("Your chat is locked")
LOCKED = N_("Your chat is locked. Nothing you wrote is left on this phone.")
OPEN_AGAIN = N_("Open it again")

NO_LINK_TITLE = N_("Open your link")
NO_LINK = N_(
    "To start, open the link your worker gave you. If you do not have one, ask them for one."
)
LINK_GONE_TITLE = N_("This link does not work")
LINK_GONE = N_(
    "This link has been used already, or it is too old. Ask your worker to send you a new link."
)
TOO_FAST = N_("That was a lot at once. Please wait a minute and try again.")
TRY_AGAIN = N_("Something went wrong. Please try again.")
FILE_TOO_BIG = N_("That file is too big. Please send a smaller one.")
FILE_NOT_PHOTO = N_("That does not look like a photo. Please send a photo.")
FILE_NOT_VOICE = N_("That does not look like a voice note. Please send a recording.")
SAFE_HELP = N_("If you are in danger now, call 999. You can call Childline free on 0800 1111.")

# The operator's words (staff text stays English).
NOT_FOUND = S_("Not found")
