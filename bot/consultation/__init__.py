"""bot.consultation."""
