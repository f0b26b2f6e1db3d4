"""The languages My Review speaks, and what each needs.

Every child-facing string has a catalog in each of these (``messages/locales/
<code>/LC_MESSAGES/messages.po``). A language's own name is what the picker shows,
so a child finds theirs without reading English.

Two codes are not what Babel (CLDR) knows them as, so their locale data is mapped
explicitly:

* Dari is ``prs`` here, offered by its own name (دری). CLDR has no ``prs``; Dari's
  dates, numbers and plural rules are Afghan Persian's, ``fa_AF``. Telegram reports
  a Dari speaker's app language as ``fa`` at best, so it is only ever a hint.
* Central Kurdish (Sorani) is ``ckb`` (``ku`` would be Kurmanji).
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "en"


@dataclass(frozen=True)
class Language:
    code: str
    """Ours: the catalog's directory and ``Person.locale``."""
    name: str
    """In the language itself, for the picker."""
    english: str
    """For staff and operators."""
    babel: str
    """The CLDR locale for dates, numbers and plural rules."""
    rtl: bool = False
    script: str = "Latin"


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", "en_GB"),
    Language("cy", "Cymraeg", "Welsh", "cy"),
    Language("ar", "العربية", "Arabic", "ar", rtl=True, script="Arabic"),
    Language("fa", "فارسی", "Farsi", "fa", rtl=True, script="Arabic"),
    Language("prs", "دری", "Dari", "fa_AF", rtl=True, script="Arabic"),
    Language("ps", "پښتو", "Pashto", "ps", rtl=True, script="Arabic"),
    Language("ckb", "کوردی", "Kurdish (Sorani)", "ckb", rtl=True, script="Arabic"),
    Language("ti", "ትግርኛ", "Tigrinya", "ti", script="Ethiopic"),
    Language("am", "አማርኛ", "Amharic", "am", script="Ethiopic"),
    Language("vi", "Tiếng Việt", "Vietnamese", "vi"),
    Language("sq", "Shqip", "Albanian", "sq"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
CODES = tuple(language.code for language in LANGUAGES)

# What Telegram may report (an app's language), and the language it hints at.
_TELEGRAM_HINTS = {"fa": "fa", "prs": "prs", "ku": "ckb", "ckb": "ckb", "en": "en"}


def language(code: str) -> Language:
    """The language for a code we speak (``KeyError`` otherwise)."""
    return BY_CODE[code]


def is_supported(code: str) -> bool:
    return code in BY_CODE


def english_name(code: str) -> str:
    """ "Arabic", for staff and operators (the code itself for one we do not speak)."""
    return BY_CODE[code].english if code in BY_CODE else code


def supported_list() -> str:
    """The codes we speak, for an error that refuses another: "en, cy, ar, …"."""
    return ", ".join(CODES)


def hinted_by(telegram_language_code: str | None) -> str | None:
    """The language a Telegram app language suggests, if we speak it (only a hint:
    a Dari speaker's phone often says ``fa``)."""
    if not telegram_language_code:
        return None
    code = telegram_language_code.lower().replace("_", "-").split("-")[0]
    code = _TELEGRAM_HINTS.get(code, code)
    return code if code in BY_CODE else None
