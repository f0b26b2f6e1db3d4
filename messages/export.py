"""Every word of an exported My Review (PDF, DOCX, Markdown), in English.

The export is read by adults and filed on the child's case record, so it is
plain and complete. Placeholders in braces are filled by ``bot.workspace.export`` with
plain text (nothing is escaped: these are not Telegram messages), and the
child's Language that Cares words go into the questions exactly as the child
reads them. Words shared with the Telegram view (feelings, roles, the names of
the child's words) stay in ``messages.text``.
"""

from __future__ import annotations

from messages.text import S_

FORMATS = ("pdf", "docx", "md")
BUNDLE = "zip"
"""``myreview export --format zip``: both documents, the media and a manifest."""
"""The formats a My Review is exported in (here, not in ``bot.workspace.export``, so
``myreview --help`` lists them without loading the exporters)."""

CONFIDENTIAL = S_("CONFIDENTIAL – for {child}'s case record")
DOCUMENT_TITLE = S_("My Review")
TITLE = S_("My Review: {child}")
MEETING = S_("Review meeting: {date}")
SENT = S_("Sent: {date}")
NOT_SENT = S_("Not sent yet ({state}). These are the answers so far.")
HELPED = S_("Filled in with help from {helper} ({role}).")
NOT_HELPED = S_("Filled in by {child}.")
PARTICIPATION = S_("Participation code: {code} – {meaning}")
PARTICIPATION_CODE = S_("Participation code: {code}")
CHILD_WORDS = S_("{child}'s own words: {words}")
CHILD_WORD = S_("{label}: “{value}”")
EXPORTED = S_("Exported: {date}")
NO_ANSWERS = S_("No answers yet.")
ASKED_CHILD = S_("As {child} read it, in {language}: “{question}”")
WRITTEN_IN = S_("Written in {language}, exactly as {child} wrote it:")
UNCHECKED = S_(
    "Written in {language}: could not be safety-checked. Have it read by an interpreter."
)

SKIPPED = S_("Skipped")
AFTER_MEETING = S_("After the meeting")
SUMMARY_TO_CHILD = S_("Written to {child} by {iro}, {date}:")
CHILD_WROTE_BACK = S_("{child} wrote back, {date}:")
FEEDBACK_FROM = S_("Feedback from {name} ({role}), {date}:")
FEEDBACK_LINE = S_("{question} {answer}")
SKIPPED_ONE = S_("{child} skipped 1 question:")
SKIPPED_MANY = S_("{child} skipped {count} questions:")
FEELING = S_("{word} ({number} of 5)")
PHOTO_SHOWN = S_("Photo:")
PHOTO_IN_TELEGRAM = S_("Photo: not in this file; it is kept in Telegram.")
PHOTO_UNREADABLE = S_("Photo: it could not be read for this file; it is kept in Telegram.")
VOICE_IN_TELEGRAM = S_("Voice note: not in this file; listen to it in Telegram.")
MORE_FROM_CHILD = S_("More from {child}")
ADDED_AFTER = S_("Added after sending, {date}")

ATTACHMENTS = S_("Attachments")
NO_ATTACHMENTS = S_("No photos or voice notes.")
ABOUT_QUESTION = S_("answering “{question}”")
ABOUT_EXTRA = S_("added by {child}")
ATTACHMENT_PHOTO_SHOWN = S_("Photo, {about}: shown above.")
ATTACHMENT_PHOTO_TELEGRAM = S_("Photo, {about}: kept in Telegram, not in this file.")
ATTACHMENT_VOICE = S_("Voice note, {about}: kept in Telegram, not in this file.")

PAGE = S_("Page {page} of {pages}")
PDF_LEFT_OUT = S_(
    "Emoji and some symbols cannot be shown in this PDF, so they are left out. "
    "The DOCX export and Telegram show them."
)

#: The DfE SSDA903 participation codes, as the case record names them.
PARTICIPATION_CODES = {
    "PN0": S_("aged under 4 at the time of the review"),
    "PN1": S_("attended and spoke for themselves"),
    "PN2": S_("attended; an advocate spoke for them"),
    "PN3": S_("attended and conveyed their views symbolically (non-verbally)"),
    "PN4": S_("attended but did not contribute"),
    "PN5": S_("did not attend but briefed an advocate to speak for them"),
    "PN6": S_("did not attend but conveyed their views by another medium"),
    "PN7": S_("did not attend and their views were not conveyed"),
}
