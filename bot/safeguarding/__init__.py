"""bot.safeguarding."""
