"""Split a file's lines into pieces and give every line a role, from signals in the text alone.

How it works (the README's design notes give the reasons):

1. Every line gets a *category* from its own shape: blank, link, date, sign-off, salutation,
   credit, attribution, list item, labelled speech ("Name: ..."), caption artefact, question,
   heading, title-like, prose. Word lists come from ``cuttings/data`` (see its README).
2. A scan finds piece boundaries. Closing lines (attribution, credit, link, sign-off + signature)
   end a piece that has body text; the next *opener* (a title-like line followed by a lead
   paragraph, a salutation, or a prose paragraph) starts the next one. A title-like line followed
   by a lead with no closing line before it starts a piece only when the text around it says so:
   the title's words recur after it and not before, the paragraphs on either side share few words,
   or the narrative voice changes (first person to third). Otherwise it is an inserted caption or
   related headline and the piece goes on.
3. Each piece gets its kind and each line its role: a piece with question/answer pairs is an
   interview; salutations with a sign-off make an open letter; and so on.
"""
from __future__ import annotations

from ..resources import Resources
from .boundaries import find_pieces
from .lines import BLANK, categorize, patterns, resolve_labels, resolve_lists
from .model import KINDS, ROLES, Piece, Segmentation
from .roles import assign_roles

__all__ = ["segment_lines", "Segmentation", "Piece", "ROLES", "KINDS"]


def segment_lines(texts: list[str], *, resources: Resources | None = None) -> Segmentation:
    """Segment one file's lines (without terminators) into pieces with line roles and speakers.

    ``resources``: the data the line categories come from (default: the general data).
    """
    res = resources or Resources.default()
    p = patterns(res)
    infos = [categorize(t, p) for t in texts]
    resolve_labels(texts, infos)
    resolve_lists(texts, infos)
    n = len(texts)
    if all(info.cat == BLANK for info in infos):
        if not n:
            return Segmentation([], [], [])
        return Segmentation([Piece(0, n)], ["blank"] * n, [None] * n)
    pieces, roles = find_pieces(texts, infos, res)
    speakers: list[str | None] = [None] * n
    turn_text: dict[int, str] = {}
    for piece in pieces:
        assign_roles(piece, texts, infos, roles, speakers, turn_text, p)
    return Segmentation(pieces, roles, speakers, turn_text)  # type: ignore[arg-type]
