"""Subcommands beyond check/rules/explain: one module per command, exposing a click command
named like the module (e.g. `commands/fix.py` defines `fix`). The CLI loads them lazily."""
