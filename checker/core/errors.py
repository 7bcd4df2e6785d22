"""Errors the CLI turns into a message and exit code 2 (usage or workspace problems)."""

__all__ = ["KataUsageError"]


class KataUsageError(Exception):
    """A problem with what the user asked for or with the workspace: exit 2, no traceback."""
