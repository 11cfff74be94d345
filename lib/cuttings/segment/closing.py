"""Piece starts after closing lines: where the rule scan's evidence for a start is a closing line.

Lines the general word lists read as closing a piece (an attribution "NAME, Outlet", a link, a
sign-off) that come right after a body line end that line's piece; the next piece starts on the line
after them (credits are left out: a photo credit closes a picture inside a web page, not its piece).
The boundary model weighs such lines through its features, but a closing "By NAME, Outlet" line
under a body reads to it like the byline that opens an untitled piece (the form real wire text has
after a sign-off). ``after_closing_lines`` applies the rule scan's start in exactly that case, and
only there: the scan's other evidence (title-like lines, which open pieces at a web page's
sub-heads) is left to the model.
"""
from __future__ import annotations

from .lines import BODYISH, LineInfo

# Roles the rule scan gives to closing lines: a block of them right after a body line ends a piece.
CLOSING_ROLES = frozenset({"attribution", "link", "signoff"})


def after_closing_lines(starts: list[int], infos: list[LineInfo], scan_starts: set[int],
                        scan_roles: list[str | None]) -> list[int]:
    """``starts`` (sorted line indices where pieces start, the first one first) with the rule scan's
    starts (``scan_starts``) that follow a block of closing lines (``scan_roles`` in ``CLOSING_ROLES``)
    right after a body line ending a sentence: starts the model put inside the block move to the
    scan's start, and where the model put none there nor on the line after, the scan's start is added."""
    content = [i for i, info in enumerate(infos) if info.words]
    chosen = set(starts)
    for k in range(2, len(content)):
        s = content[k]
        if s not in scan_starts:
            continue
        j = k - 1
        while j > 0 and scan_roles[content[j]] in CLOSING_ROLES:
            j -= 1
        block = content[j + 1:k]
        before = infos[content[j]]
        if not block or not (before.cat in BODYISH and before.final):
            continue
        inside = chosen.intersection(block)
        if inside:
            chosen -= inside
            chosen.add(s)
        elif s not in chosen and s + 1 not in chosen:
            chosen.add(s)
    return sorted(chosen)
