"""Applying fixes: text edits from findings, verified with libcst before anything is written."""
