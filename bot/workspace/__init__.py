"""bot.workspace."""
