"""Build seed-style dumps with known boundaries from one-article-per-file text (for benchmarks and tests)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from cuttings.io import decode, split_lines

# Bylines and outlets for planted attribution lines: known outlets (in data/outlets.tsv) and
# made-up ones, so that both kinds of evidence are exercised.
_FIRST = ["Anna", "David", "Maria", "John", "Leyla", "Tom", "Sara", "Ilir", "Nadia", "Peter"]
_LAST = ["Morgan", "Hoxha", "Rahimi", "Clarke", "Bennett", "Kasa", "Novak", "Stein", "Ward", "Duka"]
_KNOWN = ["BBC News", "Reuters", "The Guardian", "Euronews", "Balkan Insight"]
_UNKNOWN = ["The Northern Courier", "Valley Gazette", "Adriatic Times", "Morning Ledger"]
_DOMAINS = ["bbc.co.uk/news", "northern-courier.com", "www.adriatic-times.al", "/valleygazette.net"]


@dataclass
class Article:
    """A title and its paragraphs (the title may be empty)."""

    title: str
    paragraphs: list[str]
    name: str = ""


@dataclass
class Dump:
    """A generated dump: its text, the 1-based first line of every article, and planted lines."""

    text: str
    starts: list[int]
    planted: dict[int, str] = field(default_factory=dict)   # line number -> 'attribution'/'caption'
    encoding_bom: bool = False


def read_articles(folder: str | Path) -> list[Article]:
    """Read one-article-per-file text (title on the first line, paragraphs after) from ``folder``."""
    out = []
    for path in sorted(Path(folder).rglob("*.txt")):
        text, _ = decode(path.read_bytes(), name=str(path))
        lines, _, _ = split_lines(text)
        paras = [ln.strip() for ln in lines if ln.strip()]
        if len(paras) >= 2:
            out.append(Article(paras[0], paras[1:], name=str(path.relative_to(folder))))
    return out


def _attribution(rng: random.Random) -> str:
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    other = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    outlet = rng.choice(_KNOWN + _UNKNOWN)
    forms = [
        f"{name}, {outlet}",
        f"{name} and {other}, {outlet}",
        f"{outlet}, translated by {rng.choice(_KNOWN + _UNKNOWN)}",
        f"Source: {outlet}",
        rng.choice(_DOMAINS),
        f"By {name}, {outlet}",
    ]
    return rng.choice(forms)


def make_dump(articles: list[Article], *, seed: int = 0, p_attribution: float = 0.4,
              p_inserted: float = 0.3, p_untitled: float = 0.3, blank_lines: bool = False,
              crlf: bool = False, bom: bool = False) -> Dump:
    """Concatenate ``articles`` seed-style (one paragraph per line, no delimiter) with known boundaries.

    Some articles end with an attribution line (``p_attribution``), some get another article's
    headline inserted mid-body (``p_inserted``), and an article after an attribution line loses its
    title with probability ``p_untitled``. ``blank_lines``/``crlf``/``bom`` make format variants.
    """
    rng = random.Random(seed)
    lines: list[str] = []
    starts: list[int] = []
    planted: dict[int, str] = {}
    prev_attributed = False
    for k, art in enumerate(articles):
        body = list(art.paragraphs)
        if p_inserted and len(body) >= 4 and rng.random() < p_inserted:
            other = articles[(k + 1 + rng.randrange(len(articles) - 1)) % len(articles)] if len(articles) > 1 else art
            at = rng.randrange(2, len(body) - 1)
            body.insert(at, other.title)
            inserted = at
        else:
            inserted = None
        titled = bool(art.title) and not (prev_attributed and rng.random() < p_untitled)
        piece = ([art.title] if titled else []) + body
        if inserted is not None:
            inserted += 1 if titled else 0
        attributed = rng.random() < p_attribution
        if attributed:
            piece.append(_attribution(rng))
        start = _n_lines(lines, blank_lines) + 1
        starts.append(start)
        for j, para in enumerate(piece):
            if blank_lines and lines:
                lines.append("")
            lines.append(para)
            if j == inserted:
                planted[len(lines)] = "caption"
            if attributed and j == len(piece) - 1:
                planted[len(lines)] = "attribution"
        prev_attributed = attributed
    text = "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    if bom:
        text = "\ufeff" + text
    return Dump(text, starts, planted, bom)


def _n_lines(lines: list[str], blank_lines: bool) -> int:
    return len(lines) + (1 if blank_lines and lines else 0)
