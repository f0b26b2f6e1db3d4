"""bot.caseload."""
