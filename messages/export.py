"""Every word of an exported My Review (PDF, DOCX, Markdown), in English.

The export is read by adults and filed on the child's case record, so it is
plain and complete. Placeholders in braces are filled by ``bot.workspace.export`` with
plain text (nothing is escaped: these are not Telegram messages), and the
child's Language that Cares words go into the questions exactly as the child
reads them. Words shared with the Telegram view (feelings, roles, the names of
the child's words) stay in ``messages.text``.
"""

from __future__ import annotations

from messages.text import N_

CONFIDENTIAL = N_("CONFIDENTIAL – for {child}'s case record")
DOCUMENT_TITLE = N_("My Review")
TITLE = N_("My Review: {child}")
MEETING = N_("Review meeting: {date}")
SENT = N_("Sent: {date}")
NOT_SENT = N_("Not sent yet ({state}). These are the answers so far.")
HELPED = N_("Filled in with help from {helper} ({role}).")
NOT_HELPED = N_("Filled in by {child}.")
PARTICIPATION = N_("Participation code: {code} – {meaning}")
PARTICIPATION_CODE = N_("Participation code: {code}")
CHILD_WORDS = N_("{child}'s own words: {words}")
CHILD_WORD = N_("{label}: “{value}”")
EXPORTED = N_("Exported: {date}")
NO_ANSWERS = N_("No answers yet.")

SKIPPED = N_("Skipped")
FEELING = N_("{word} ({number} of 5)")
PHOTO_SHOWN = N_("Photo:")
PHOTO_IN_TELEGRAM = N_("Photo: not in this file; it is kept in Telegram.")
PHOTO_UNREADABLE = N_("Photo: it could not be read for this file; it is kept in Telegram.")
VOICE_IN_TELEGRAM = N_("Voice note: not in this file; listen to it in Telegram.")
MORE_FROM_CHILD = N_("More from {child}")
ADDED_AFTER = N_("Added after sending, {date}")

ATTACHMENTS = N_("Attachments")
NO_ATTACHMENTS = N_("No photos or voice notes.")
ABOUT_QUESTION = N_("answering “{question}”")
ABOUT_EXTRA = N_("added by {child}")
ATTACHMENT_PHOTO_SHOWN = N_("Photo, {about}: shown above.")
ATTACHMENT_PHOTO_TELEGRAM = N_("Photo, {about}: kept in Telegram, not in this file.")
ATTACHMENT_VOICE = N_("Voice note, {about}: kept in Telegram, not in this file.")

PAGE = N_("Page {page} of {pages}")
PDF_LEFT_OUT = N_(
    "Emoji and some symbols cannot be shown in this PDF, so they are left out. "
    "The DOCX export and Telegram show them."
)

#: The DfE SSDA903 participation codes, as the case record names them.
PARTICIPATION_CODES = {
    "PN0": N_("aged under 4 at the time of the review"),
    "PN1": N_("attended and spoke for themselves"),
    "PN2": N_("attended; an advocate spoke for them"),
    "PN3": N_("attended and conveyed their views symbolically (non-verbally)"),
    "PN4": N_("attended but did not contribute"),
    "PN5": N_("did not attend but briefed an advocate to speak for them"),
    "PN6": N_("did not attend but conveyed their views by another medium"),
    "PN7": N_("did not attend and their views were not conveyed"),
}
