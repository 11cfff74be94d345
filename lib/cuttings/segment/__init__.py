"""Split a file's lines into pieces and give every line a role, from signals in the text alone.

How it works (``docs/notes/seg.md`` gives the reasons and the measurements):

1. Every line gets a *category* from its own shape: blank, link, date, sign-off, salutation,
   credit, attribution, list item, labelled speech ("Name: ..."), caption artefact, question,
   heading, title-like, prose. Word lists come from ``cuttings/data`` (see its README).
2. A rule scan reads the categories in order: closing lines (attribution, credit, link, sign-off +
   signature) end a piece that has body text, the next *opener* starts one, and a title-like line
   with no closing line before it opens a piece only when the text around it says so
   (``boundaries.py``). Its decisions are features of the model, not the answer.
3. The learned boundary model (``features.py``, ``learned.py``) gives every line the probability
   that a piece starts there, from the line's shape and its neighbours', the scan's reading,
   lexical cohesion around it and how its text and shape recur in the dump; decoding picks the
   most probable starts (``method="rules"`` keeps the scan's pieces instead).
4. Each piece gets its kind and each line its role: a piece with question/answer pairs is an
   interview; salutations with a sign-off make an open letter; and so on (``roles.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import CuttingsError
from ..resources import Resources
from .boundaries import find_pieces
from .features import Lines, Stems, line_stems, line_table
from .learned import boundary_model, decode, line_probabilities, list_continuations
from .lines import BLANK, LineInfo, Voice, categorize, line_voice, patterns, resolve_labels, resolve_lists
from .model import KINDS, ROLES, Piece, Segmentation
from .roles import assign_roles, piece_title

__all__ = ["segment_lines", "Segmentation", "Piece", "ROLES", "KINDS", "METHODS"]

METHODS = ("model", "rules")


@dataclass
class Reading:
    """What segmentation reads from a file before deciding: line categories, the rule scan's pieces
    and settled roles, and the model's per-line quantities (``lines``; None for ``method='rules'``)."""

    infos: list[LineInfo]
    scan_pieces: list[Piece]
    scan_roles: list[str | None]
    lines: Lines | None
    stems: Stems | None = None
    voice: Voice | None = None


def read_lines(texts: list[str], resources: Resources, *, features: bool = True) -> Reading:
    """Categorise ``texts``, run the rule scan and (``features``) compute the model's line table."""
    p = patterns(resources)
    infos = [categorize(t, p) for t in texts]
    resolve_labels(texts, infos)
    resolve_lists(texts, infos)
    if all(info.cat == BLANK for info in infos):
        return Reading(infos, [Piece(0, len(texts))] if texts else [], [None] * len(texts), None)
    stop = resources.memo("segment.stop", lambda: frozenset(w.lower() for w in resources.list("stopwords_en.txt")))
    stems = line_stems(texts, stop)   # read once, for the rule scan's cohesion test and the features
    voice = line_voice(texts, infos)  # likewise, and for the pieces' kinds
    pieces, roles = find_pieces(texts, infos, resources, stems=stems, voice=voice)
    table = None
    if features:
        table = line_table(texts, infos, {pc.start for pc in pieces}, {pc.title for pc in pieces if pc.title is not None},
                           roles, stop, stems=stems, voice=voice)
    return Reading(infos, pieces, roles, table, stems, voice)


def segment_lines(texts: list[str], *, resources: Resources | None = None, method: str = "model") -> Segmentation:
    """Segment one file's lines (without terminators) into pieces with line roles, speakers and the
    model's probability that a piece starts at each line (``Segmentation.boundary_p``).

    ``resources``: the data the line categories come from (default: the general data).
    ``method``: ``"model"`` (the learned boundary model, default) or ``"rules"`` (the rule scan
    alone; ``boundary_p`` is then None).
    """
    if method not in METHODS:
        raise CuttingsError(f"unknown segmentation method {method!r} (choose from {', '.join(METHODS)})")
    res = resources or Resources.default()
    n = len(texts)
    reading = read_lines(texts, res, features=False)   # the model's features are computed in chunks below
    infos = reading.infos
    if not n:
        return Segmentation([], [], [], {}, [])
    if all(info.cat == BLANK for info in infos):
        return Segmentation([Piece(0, n)], ["blank"] * n, [None] * n, {},
                            None if method == "rules" else [0.0] * n)
    roles: list[str | None] = list(reading.scan_roles)
    boundary_p: list[float] | None = None
    if method == "rules" or reading.stems is None:
        pieces = reading.scan_pieces
    else:
        model = boundary_model(res)
        stop = res.memo("segment.stop", lambda: frozenset(w.lower() for w in res.list("stopwords_en.txt")))
        scan = reading.scan_pieces
        content, p2 = line_probabilities(model, texts, infos, {pc.start for pc in scan},
                                         {pc.title for pc in scan if pc.title is not None}, reading.scan_roles,
                                         stop, reading.stems, voice=reading.voice)
        idx = content.tolist()
        chosen = decode(p2, min_gap=model.min_gap, threshold=model.threshold, prior=model.prior, rate=model.rate,
                        blocked=list_continuations(texts, idx))
        p_list = p2.tolist()
        boundary_p = [0.0] * n
        for j, i in enumerate(idx):
            boundary_p[i] = p_list[j]
        boundary_p[idx[0]] = 1.0   # the first line with text always opens the first piece
        starts = [0] + [idx[j] for j in chosen[1:]]
        pieces = []
        for k, s in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else n
            pieces.append(Piece(s, end))
        for pc in pieces[1:]:
            roles[pc.start] = None    # a line that opens a piece is not a closing line of the last one
        for pc in pieces:
            pc.title = piece_title(pc, texts, infos, reading.scan_pieces)
            if pc.title is not None:
                roles[pc.title] = None
    speakers: list[str | None] = [None] * n
    turn_text: dict[int, str] = {}
    p = patterns(res)
    for piece in pieces:
        assign_roles(piece, texts, infos, roles, speakers, turn_text, p, voice=reading.voice)
    return Segmentation(pieces, roles, speakers, turn_text, boundary_p)  # type: ignore[arg-type]
