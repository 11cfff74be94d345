"""Build dumps with known boundaries from one-article-per-file text (for benchmarks, training and tests).

Two builders:

- ``build_dump`` pastes real articles one after another as each source has them (one paragraph per
  line, no delimiter), keeping the source's own conventions — a BBC title, a Reuters capitals title,
  "By NAME, Reuters" line, dateline and "Reuter" sign-off, a web page's title, byline string and
  reader-view blocks — and varies only the mix: titles dropped (every one, or runs of a few), another
  article's title inserted inside a body (a related headline), blank lines, CRLF. It plants no line
  of its own, so a segmenter measured on these dumps meets only forms real text has.
- ``make_dump`` (the older, seed-style recipe) also plants attribution lines with made-up bylines and
  outlets; it is kept for the speed benchmark, whose dumps must stay comparable between runs.

``SOURCES`` names the four sources of the segmentation benchmark and of ``make train``:
``../shared/bench/bbc``, ``real/reuters``, ``real/web`` (``CUTTINGS_BENCH``) and the seed, whose
pieces come from its hand annotation. Every source's articles are split once, by a stable rule, into
a training part (``make train``) and a held-out test part (the tests judge the shipped model there).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from cuttings.io import decode, split_lines

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"
SEED_ANNOTATION = ROOT / "tests" / "fixtures" / "seed_annotation.json"
SOURCES = ("bbc", "reuters", "web", "seed")
SOURCE_FOLDERS = {"bbc": "bbc", "reuters": "real/reuters", "web": "real/web"}
TEST_EVERY = 4   # every 4th article of a source (in file-name order) is held out from training

# Bylines and outlets for planted attribution lines (make_dump only): known outlets (in
# data/outlets.tsv) and made-up ones, so that both kinds of evidence are exercised.
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
    """A built dump: its text, the 1-based first line of every article, and planted lines."""

    text: str
    starts: list[int]
    planted: dict[int, str] = field(default_factory=dict)   # line number -> 'attribution'/'caption'
    encoding_bom: bool = False
    source: str = ""
    variant: str = ""
    name: str = ""

    @property
    def lines(self) -> list[str]:
        """The dump's lines as the loader sees them (CRLF and a BOM removed)."""
        return self.text.removeprefix("\ufeff").replace("\r\n", "\n").removesuffix("\n").split("\n")


# -- sources --------------------------------------------------------------------------------------

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


def seed_articles(seed: Path = SEED, annotation: Path = SEED_ANNOTATION) -> list[Article]:
    """The seed's pieces as articles, cut where its hand annotation says (untitled pieces have title '')."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    out = []
    for k, piece in enumerate(json.loads(annotation.read_text(encoding="utf-8"))["pieces"]):
        body = lines[piece["start"] - 1:piece["end"]]
        title = body.pop(0) if piece["title"] is not None else ""
        out.append(Article(title, body, name=f"seed piece {k + 1}"))
    return out


def load_source(name: str, bench: Path) -> list[Article]:
    """The articles of source ``name`` (one of ``SOURCES``); ``bench``: the benchmark folder."""
    if name == "seed":
        return seed_articles()
    return read_articles(Path(bench) / SOURCE_FOLDERS[name])


def split(articles: list[Article], part: str) -> list[Article]:
    """The ``part`` ('train' or 'test') of a source's articles: every ``TEST_EVERY``-th is 'test'.
    The seed (ten pieces of one file) is not split: both parts are all of it."""
    if len(articles) <= 10:
        return list(articles)
    return [a for k, a in enumerate(articles) if (k % TEST_EVERY == TEST_EVERY - 1) == (part == "test")]


# -- the real-text builder ------------------------------------------------------------------------

def build_dump(articles: list[Article], *, seed: int = 0, titles: str = "keep", p_inserted: float = 0.0,
               blank_lines: bool = False, crlf: bool = False, source: str = "", variant: str = "") -> Dump:
    """Paste ``articles`` one after another (one paragraph per line, no delimiter) with known starts.

    ``titles``: 'keep' (as the source has them), 'drop' (every title removed: untitled bodies) or
    'runs' (runs of two to five articles lose their titles, about a third of all articles).
    ``p_inserted``: chance that an article of four or more paragraphs gets another article's title
    inserted inside its body. ``blank_lines``: a blank line between all lines; ``crlf``: CRLF endings.
    """
    rng = random.Random(seed)
    untitled = _untitled(len(articles), titles, rng)
    lines: list[str] = []
    starts: list[int] = []
    planted: dict[int, str] = {}
    for k, art in enumerate(articles):
        body = list(art.paragraphs)
        inserted = None
        if p_inserted and len(body) >= 4 and len(articles) > 1 and rng.random() < p_inserted:
            other = articles[(k + 1 + rng.randrange(len(articles) - 1)) % len(articles)]
            if other.title:
                inserted = rng.randrange(2, len(body) - 1)
                body.insert(inserted, other.title)
        piece = body if (untitled[k] or not art.title) else [art.title] + body
        offset = len(piece) - len(body)
        for j, para in enumerate(piece):
            if blank_lines and lines:
                lines.append("")
            lines.append(para)
            if j == 0:
                starts.append(len(lines))
            if inserted is not None and j == inserted + offset:
                planted[len(lines)] = "caption"
    text = "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    return Dump(text, starts, planted, False, source, variant)


def _untitled(n: int, titles: str, rng: random.Random) -> list[bool]:
    if titles == "keep":
        return [False] * n
    if titles == "drop":
        return [True] * n
    out = [False] * n
    k = 0
    while k < n:
        if rng.random() < 0.12:
            run = rng.randint(2, 5)
            for j in range(k, min(n, k + run)):
                out[j] = True
            k += run + 1
        else:
            k += 1
    return out


# Variants of every source's dumps: name -> build_dump options.
VARIANTS = {
    "as is": {},
    "untitled": {"titles": "drop"},
    "mixed": {"titles": "runs", "p_inserted": 0.25},
}


def source_dumps(name: str, articles: list[Article], *, n_dumps: int, size: int = 40, seed: int = 0,
                 variants: tuple[str, ...] = tuple(VARIANTS)) -> list[Dump]:
    """``n_dumps`` dumps of each variant from a source's ``articles``, ``size`` articles each (all of
    them, shuffled, when there are fewer); the seed's evaluation dump is the seed file itself (see
    ``seed_dump``). Every other dump of a variant has blank lines, every third CRLF endings."""
    out = []
    for v, variant in enumerate(variants):
        for d in range(n_dumps):
            rng = random.Random(f"{name}/{variant}/{seed}/{d}")
            chosen = rng.sample(articles, min(size, len(articles)))
            opts = dict(VARIANTS[variant])
            if variant == "mixed":
                opts.update(blank_lines=d % 2 == 1, crlf=d % 3 == 2)
            dump = build_dump(chosen, seed=rng.randrange(1 << 30), source=name, variant=variant, **opts)
            dump.name = f"{name} {variant} #{d + 1}"
            out.append(dump)
        del v
    return out


def seed_dump() -> Dump:
    """The seed file itself with its annotated starts."""
    text = SEED.read_text(encoding="utf-8")
    starts = [p["start"] for p in json.loads(SEED_ANNOTATION.read_text(encoding="utf-8"))["pieces"]]
    return Dump(text, starts, source="seed", variant="as is", name="seed file")


# -- the older seed-style recipe (speed benchmark) ------------------------------------------------

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

    Some articles end with a planted attribution line (``p_attribution``), some get another article's
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
