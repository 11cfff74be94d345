"""The one exception a user can cause and fix (bad path, binary file, unknown option, malformed data)."""
from __future__ import annotations


class CuttingsError(Exception):
    """An error the user can fix: shown by the command line as one line, with no traceback."""


class CuttingsWarning(UserWarning):
    """Something the user should know about a result that is still produced (e.g. lines read with a
    fallback decoder, a cap that bit): the command line shows it as one line on standard error."""
