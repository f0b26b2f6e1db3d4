"""Data for reading a child's typed answers in every language (``says_no.toml``)."""
