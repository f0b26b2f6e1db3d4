"""Bringing a council's caseload in: children, their workers and their next
review, from a CSV file, all rows or none (``importer``; columns in docs/import.md).
"""
