"""Telegram adapters, registered in one place. Order matters: PTB runs the first
matching handler of each group, so guards go in an earlier group and the
catch-alls come last."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import child, common, iro, safety, social_worker, staff

COMMANDS = (
    "start",
    "help",
    "myreview",
    "mywords",
    "reviews",
    "helpchild",
    "stophelping",
    "mydata",
    "profile",
    "held",
    "stats",
)


def register(application: Application) -> None:  # type: ignore[type-arg]
    safety.prepare()
    # Group -2, first of all: every word a child sends (a message, a caption, an edit,
    # even in a group) is checked for signs they are not safe, and files too big to
    # keep are refused. A group of its own, so no other handler can hide a disclosure.
    application.add_handler(TypeHandler(Update, safety.guard), group=-2)

    # Group -1: refuse group chats before anything else can see the update.
    application.add_handler(TypeHandler(object, common.private_only), group=-1)

    # Edited messages first, so no command or answer handler acts on an edit.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, common.edited))

    application.add_handler(CommandHandler("start", common.start))
    application.add_handler(CommandHandler("help", common.help_command))
    application.add_handler(CommandHandler("myreview", child.my_review))
    application.add_handler(CommandHandler("mywords", child.my_words))
    application.add_handler(CommandHandler("reviews", staff.reviews))
    application.add_handler(CommandHandler("helpchild", staff.help_child))
    application.add_handler(CommandHandler("stophelping", staff.stop_helping))
    application.add_handler(CommandHandler("mydata", safety.my_data))
    # The IRO's workspace: their profile, recording a meeting, the figures.
    application.add_handler(CommandHandler("profile", iro.profile))
    application.add_handler(CommandHandler("held", iro.held))
    application.add_handler(CommandHandler("stats", iro.stats))
    application.add_handler(MessageHandler(filters.COMMAND, common.unknown_command))

    # The Export button downloads photos before the document is made: its own handler,
    # ahead of the one that takes every other button.
    application.add_handler(CallbackQueryHandler(iro.export, pattern=iro.EXPORT_PATTERN))
    application.add_handler(CallbackQueryHandler(common.button))
    # Someone blocked or unblocked the bot: their reminders stop or start again.
    application.add_handler(
        ChatMemberHandler(social_worker.membership, ChatMemberHandler.MY_CHAT_MEMBER)
    )

    application.add_handler(MessageHandler(filters.TEXT, child.words))
    application.add_handler(MessageHandler(filters.PHOTO, child.photo))
    application.add_handler(MessageHandler(filters.VOICE, child.voice))
    # Anything else a person can send: stickers, locations, contacts, polls, files.
    application.add_handler(MessageHandler(filters.ALL, child.other))

    application.add_error_handler(common.on_error)
