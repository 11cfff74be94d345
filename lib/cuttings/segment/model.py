"""What segmentation produces: pieces, and per line a role and a speaker."""
from __future__ import annotations

from dataclasses import dataclass, field

ROLES = (
    "title", "body", "caption", "heading", "subhead", "byline", "dateline", "attribution", "credit", "salutation", "signoff",
    "signature", "list_item", "question", "answer", "statement", "date", "link", "blank",
)
KINDS = ("news report", "interview", "open letter", "testimony", "programme notes", "other")


@dataclass
class Piece:
    """One piece: lines ``start`` to ``end`` (0-based, end exclusive) of its file."""

    start: int
    end: int
    title: int | None = None
    kind: str = "other"


@dataclass
class Segmentation:
    """The result for one file: pieces, and per line a role and a speaker (or None)."""

    pieces: list[Piece]
    roles: list[str]
    speakers: list[str | None]
    turn_text: dict[int, str] = field(default_factory=dict)  # line index -> text without its label
    # per line: the boundary model's probability that a piece starts there (None: the rule scan decided)
    boundary_p: list[float] | None = None

