"""Every word a person reads, and how it is laid out.

English source strings (``text``, ``safety``, ``iro``, ``reminders``, ``export``,
``operator``), the question set and Language that Cares words as data
(``questions.toml``, ``words.toml``, ``feedback.toml``, ``jargon.toml``), markup
with no words of its own (``layout``), the Babel catalogs (``locales/``) and the
renderer that speaks to one reader (``render``). Imports neither the core nor a
channel.
"""
