"""Errors a person can act on. Their text is a message id from ``messages``."""

from __future__ import annotations


class UserError(Exception):
    """Something the operator or user asked for cannot be done; says why in one line."""


class AccessDenied(Exception):
    """The viewer may not see this child's data. Carries no detail on purpose."""
