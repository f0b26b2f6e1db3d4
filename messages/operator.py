"""Every word the operator reads from ``myreview import``: the errors, each for a row
and a column of the caseload file, and the report of what was (or would be) done.

Staff and operator text is English only, so nothing here is marked with ``N_``
or goes into the translation template. The strings are plain text for a
terminal (or a JSON ``message``), with ``{placeholders}`` filled by
``str.format``; ``{value!r}`` shows a cell exactly as typed, quoted. No message
holds anything a child wrote: the cells shown are dates, times, locales, refs
and workers' names, and a row is named by its number.
"""

from __future__ import annotations

# --- the report ------------------------------------------------------------------------

#: Where an error is: "row 3", then the column, joined by ", ".
IMPORT_ROW = "row {row}"
IMPORT_ERROR = "{where}: {message}"
#: One change: "row 2: social worker W02 (id 7) updated: name".
IMPORT_CHANGE = "row {row}: {what}{ref}{id} {action}{fields}"
IMPORT_CHANGE_REF = " {ref}"
IMPORT_CHANGE_ID = " (id {id})"
IMPORT_CHANGE_FIELDS = ": {fields}"
IMPORT_SUMMARY = (
    "{children_created} children created, {children_updated} updated, "
    "{children_unchanged} unchanged; {workers_created} workers created, "
    "{workers_updated} updated; {reviews_added} reviews added, "
    "{reviews_moved} moved"
)
IMPORT_DRY_RUN = "dry run: nothing was written"
IMPORT_INVITE_HINT = (
    "Invites are not issued by import: run `myreview people invite ID` for each person."
)
IMPORT_NO_SUCH_FILE = "no such file: {path}"
IMPORT_NOTHING_IMPORTED = "nothing was imported: {count} error(s) in {where}"
IMPORT_IN_ROWS = "{count} row(s)"
IMPORT_IN_FILE = "the file"

#: A person's role inside a sentence: "W01 is an IRO on row 2".
IMPORT_ROLE_WORDS = {
    "iro": "an IRO",
    "social_worker": "a social worker",
    "carer": "a carer",
    "child": "a child",
    "manager": "a manager",
}

# --- the file --------------------------------------------------------------------------

IMPORT_CANNOT_READ = "cannot read {path}: {reason}"
IMPORT_NOT_UTF8 = "the file is not UTF-8: in Excel, save it as 'CSV UTF-8 (Comma delimited)'"
IMPORT_NOT_CSV = "not a CSV file Excel would write: {reason}"
IMPORT_EMPTY = "the file is empty"
IMPORT_NO_CHILDREN = "the file has a header but no children"
IMPORT_TOO_MANY_CELLS = "{cells} cells, but the header has {columns}"
IMPORT_DATABASE_REFUSED = (
    "the database refused the import ({error}); was another import "
    "running at the same time? Nothing was written"
)

# --- the header ------------------------------------------------------------------------

IMPORT_COLUMN_UNNAMED = "a column has no name"
IMPORT_COLUMN_UNKNOWN = "unknown column: the columns are {columns}"
IMPORT_COLUMN_TWICE = "this column is in the header twice"
IMPORT_COLUMN_NEEDED = "this column is needed"

# --- one row's cells -------------------------------------------------------------------

IMPORT_CHILD_REF_NEEDED = "every child needs a child_ref"
IMPORT_IRO_NEEDED = "a child needs an IRO: iro_ref is empty"
IMPORT_REF_NEEDED_WITH_NAME = "{ref_column} is needed with {name_column}"
IMPORT_REF_TOO_LONG = "the ref is longer than {limit} characters"
IMPORT_NAME_NEEDED = "a name is needed"
IMPORT_NAME_TOO_LONG = "the name is longer than {limit} characters"
IMPORT_UNKNOWN_LOCALE = "unknown locale {locale!r}: use one of {supported}"
IMPORT_DOB_IN_FUTURE = "the date of birth is in the future"
IMPORT_DATE_IN_FUTURE = "the date is in the future"
IMPORT_BEFORE_DOB = "the date is before the date of birth"
IMPORT_BAD_DATE = "cannot read the date {value!r}: use YYYY-MM-DD or DD/MM/YYYY"
IMPORT_BAD_YEAR = "the year of {value!r} looks wrong: write all four digits"
IMPORT_NO_TIME = "{value!r} has no time: write the date and time, e.g. 2027-01-14 10:00"
IMPORT_BAD_MOMENT = (
    "cannot read the date and time {value!r}: use YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM"
)
IMPORT_REVIEW_IN_PAST = "the review date is in the past"
IMPORT_REVIEW_TOO_FAR = "the review is more than a year away: check the year"

# --- across rows, and against the people already known -----------------------------

IMPORT_CHILD_TWICE = "child_ref {ref} is also on row {row}"
IMPORT_REF_IS_ROLE = "{ref} is {role} on row {row}"
IMPORT_NAME_DIFFERS = "{name!r} differs from {known!r} on row {row} for {column} {ref}"
IMPORT_CHILD_REF_IS_WORKER = "{ref} is also {role} on row {row}"
IMPORT_NOT_A_CHILD = "{ref} is person {id}, {role}, not a child"
IMPORT_CHILD_DEACTIVATED = "child {id} has been deactivated"
IMPORT_WORKER_NAME_NEEDED = "a name is needed: {ref} is not known yet"
IMPORT_WRONG_ROLE = "{ref} is person {id}, {role}, not {wanted}"
IMPORT_PERSON_DEACTIVATED = "person {id} has been deactivated"
