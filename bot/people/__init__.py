"""bot.people."""
