"""bot.calendar."""
