"""The Application as registered: every command a person can type is in the menu."""

from __future__ import annotations

from telegram.ext import CommandHandler


async def test_every_command_is_in_telegrams_command_menu(world):
    registered = {
        command
        for handlers in world.app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    menu = [c for c in world.double.calls if c.method == "setMyCommands"][-1]
    listed = {entry["command"] for entry in menu.params["commands"]}
    assert listed == registered
