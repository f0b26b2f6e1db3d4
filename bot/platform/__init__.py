"""bot.platform."""
