"""bot.conversation."""
