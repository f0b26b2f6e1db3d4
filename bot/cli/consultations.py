"""``myreview consultations show --review ID``: a child's My Review as their IRO
would read it, as plain text for a terminal (``bot.consultation.view``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_command, add_group, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.settings import Settings


def cmd_consultations_show(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview consultations show --review ID``."""
    from bot.consultation.view import terminal_text

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        shown = terminal_text(session, rt.clock.now(), args.review, settings.zone)
    emit(args, {"review": args.review, "text": shown}, shown)


def add_commands(subparsers: Subparsers) -> None:
    """``consultations show``."""
    consultations = add_group(subparsers, "consultations", "children's My Review")
    show = add_command(consultations, "show", cmd_consultations_show, "what the IRO would read")
    show.add_argument("--review", type=int, required=True)
