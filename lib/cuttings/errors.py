"""The one exception a user can cause and fix (bad path, binary file, unknown option, malformed data)."""
from __future__ import annotations


class CuttingsError(Exception):
    """An error the user can fix: shown by the command line as one line, with no traceback."""
