"""The Application as registered: every command a person can type is in a menu."""

from __future__ import annotations

from telegram.ext import CommandHandler

from bot.conversation.commands import MENUS, STRANGERS_MENU


async def test_every_command_is_in_telegrams_command_menu(world):
    registered = {
        command
        for handlers in world.app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    # Each command is in the menu of someone who may use it (strangers: /start, /help).
    listed = {name for menu in (*MENUS.values(), STRANGERS_MENU) for name, _ in menu}
    assert listed == registered
