"""Features of every content line for the boundary model: its shape and its neighbours', the rule
scan's reading, lexical cohesion around it, and how its text and shape recur in the same dump.

Two stages (stacked sequential learning, Cohen & Carvalho 2005). Stage 1 sees each line, its
neighbours and the dump's statistics; stage 2 adds stage 1's probabilities of the nearby lines and
*within-dump adaptation*: for lines of the same text or shape elsewhere in this dump, how likely
stage 1 found them (or the line after them, or before them) to start a piece. A dump repeats its
own edge markers (a sign-off word, a site name, a byline shape, capitals titles), so the dump
teaches the model its conventions even when no word list knows them.

Everything here is arithmetic on the lines of one file; no word of any corpus is in it.

Every quantity is *local*: it reads at most ``RADIUS1`` content lines on either side of the line
(stage 1), and stage 2 at most ``RADIUS2 + 1`` lines of stage-1 values on either side, so a line's
probability depends only on the ``CONTEXT`` content lines around it. A file segmented in
overlapping chunks (``cuttings.store``) thus gets, more than ``CONTEXT`` content lines inside each
chunk's window, exactly the values the whole file gets. Window sums are taken window by window
(``_slide``), never as differences of running totals, so that they are bit-identical too.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import filterfalse
from typing import TYPE_CHECKING, Any

from ..text.patterns import _FOLD, QUESTION_END, WORD
from .cohesion import local_minimum, local_rank
from .lines import (
    ATTRIB,
    ATTRIB_WEAK,
    CAPTION,
    CREDIT,
    DATE,
    HEADING,
    LABELLED,
    LINK,
    LIST,
    PROSE,
    QUESTION,
    SALUTATION,
    SHORT,
    SIGNOFF,
    TITLE,
    LineInfo,
    Voice,
    line_blocks,
    line_voice,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

# -- tunables of the features (what each trades off) ----------------------------------------------
# Lines of at most KEY_WORDS words get a text key and a shape key for recurrence counts: longer
# lines are body text that seldom repeats, and keying them costs time for nothing.
KEY_WORDS = 12
# Reach of every stage-1 statistic (content lines each side) and of stage 2's within-dump means
# over stage-1 values: longer sees more of the dump's recurring conventions and smooths the
# dump's own scales (line length, cohesion), shorter keeps a chunked build exact with less
# overlap (the store's tests build with 15 kB of overlap, about 30 content lines of news text).
RADIUS1 = 12
RADIUS2 = 12
CONTEXT = RADIUS1 + RADIUS2 + 1   # content lines that can change a line's probability, each side
# Cohesion windows, in content lines on each side of a gap: a short window reacts to one changed
# paragraph (titles, inserted lines), a long one to a change of topic (untitled pieces). Each
# series is turned into a depth score and a local z-score within the rest of RADIUS1.
WINDOWS = (3, 6, 10)
# Lines looked at on each side for a line's own words recurring after it and not before (a title's
# words recur in its piece), and for a near-copy of the line (a page title repeated as its heading).
RECUR = 4
# Vocabulary introduction (Hearst 1997): the share of the stems of the lines just after a gap not
# seen in the NOVELTY lines before it. A long memory tells a new document (all its words new) from a
# new section of the same one (its words seen a few paragraphs earlier); bounded by RADIUS1.
NOVELTY = (4, 9)
NOVELTY_LINES = 3     # lines after the gap whose stems are counted
NOVELTY_Z = 2         # reach of the local z-score of a novelty series
AHEAD = 10            # lines each side for a line's stems recurring after it and not before
# Stems: content words cut to this many letters (a crude stemmer: "cult", "cults", "cultish" agree).
STEM = 6
# Shrinkage of a within-dump mean towards the dump's mean, in pseudo-occurrences: a key seen once
# or twice says little; one seen twenty times speaks for itself.
SHRINK = 2.0
# Gap, in content lines, under which two occurrences of a key count as clustered (a list, a table)
# rather than recurring at piece-like intervals.
CLUSTER_GAP = 3
# Reach of the recurrence counts of a line's text/shape keys (plus CLUSTER_GAP looking back <= RADIUS1).
KEY_RADIUS = RADIUS1 - CLUSTER_GAP

# A dateline at the head of a paragraph: a place in capitals, optional date or agency, then a dash
# ("SALVADOR, Feb 26 - ...", "TIRANA – ...", "WASHINGTON (AP) — ...").
_DATELINE = re.compile(r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:\s*\([^)]{1,30}\))?"
                       r"(?:\s*,\s*[^-–—,]{1,25})?(?:\s*\([^)]{1,30}\))?\s+[-–—]{1,2}\s+\S")
# A byline opening ("By NAME", "Written by NAME", "Posted by NAME").
_BY = re.compile(r"^\s*(?:(?:written|posted|story|text|words|reporting|report)\s+)?by\s+\S", re.I)
# A page or site name after a separator at the end of a short line ("How to ... | eHow").
_SUFFIX = re.compile(r"\s[|·•—–-]\s+[^|·•—–-]{2,60}$")
_DIGITS = re.compile(r"\d+")
CONTINUATIONS = frozenset("""he she it they his her its their him them this these those but and however also meanwhile
yet so then still moreover furthermore instead although though while whereas besides nevertheless nonetheless
thus therefore hence indeed such there""".split())
_NONWORD = re.compile(r"[^\w]+")
_PUNCT = ".,;:!?()[]{}\"'“”‘’«»"

CATS = (TITLE, HEADING, PROSE, SHORT, QUESTION, LABELLED, LIST, CAPTION, CREDIT, ATTRIB, ATTRIB_WEAK,
        LINK, DATE, SIGNOFF, SALUTATION)
_CLOSING_CATS = (ATTRIB, ATTRIB_WEAK, CREDIT, LINK)
_BODY_CATS = (PROSE, SHORT, LABELLED, QUESTION, LIST)
_CLOSING_ROLES = {"attribution": 1, "credit": 1, "link": 1, "signoff": 2, "signature": 2, "date": 2, "caption": 3}

# Per-line quantities (columns of ``Lines.own``).
OWN = ("logw", "relw", "final", "colon", "question", "exclaim", "paren", "upper", "capw", "first_lower",
       "first_digit", "first_quote", "dateline", "by", "suffix", "name_like", "headline", "prose",
       "blank_rel", "key_n", "key_spread", "shape_n", "shape_spread", "coarse_n", "coarse_spread",
       "rule_start", "rule_title", "scan_close", "continues", "scan_sign", "close_after_body")
COHESION = tuple(f"cosz{w}" for w in WINDOWS) + tuple(f"depthz{w}" for w in WINDOWS) + (
    "words_after", "words_before", "copy_near", "voice_shift", "first") + tuple(
    f"new{w}" for w in NOVELTY) + tuple(f"newz{w}" for w in NOVELTY) + tuple(f"newdrop{w}" for w in NOVELTY) + (
    "ahead", "seen_before", "from_start", "to_end")
# Stage 1 sees only what marks a start in any convention: the line's own coarse shape and the
# cohesion around it. What differs between conventions (capitals or not, a sign-off line or not,
# a byline or a dateline) reaches stage 2 only through within-dump recurrence (``ADAPT``).
STAGE1_OWN = ("relw", "final", "colon", "question", "exclaim", "first_lower", "first_quote",
              "headline", "prose", "blank_rel")


# Convention-free gap scores of each cosine series (``cohesion.py``: C99's local rank, TextTiling's
# local minimum), read within RADIUS1. Off (False) in the shipped model: switched on by
# ``train_boundaries.py --gap-scores`` (fifth round, docs/notes/seg.md), the model file must match.
GAP_SCORES = False
GAP = tuple(f"rank{w}" for w in WINDOWS) + tuple(f"valley{w}" for w in WINDOWS)


def stage1_names() -> list[str]:
    """Names of the stage-1 features, in column order."""
    return list(STAGE1_OWN) + list(COHESION) + (list(GAP) if GAP_SCORES else [])


_CLASSES = ("key", "shape", "prefix", "coarse", "cat", "rule")
# Line categories in groups, for the stage-2 features of a line and its neighbours.
GROUPS = {"headline": (TITLE, HEADING), "prose": (PROSE,), "short": (SHORT,), "closing": (ATTRIB, ATTRIB_WEAK, CREDIT, LINK),
          "signoff": (SIGNOFF,), "salutation": (SALUTATION,), "list": (LIST,), "speech": (LABELLED, QUESTION),
          "caption": (CAPTION,), "date": (DATE,)}
_CONTEXT = tuple(GROUPS) + ("scan_close", "scan_sign", "close_after_body", "dateline", "by", "name_like", "suffix",
                            "continues", "rule_start", "rule_title")
ADAPT = ("key_spread", "shape_spread", "coarse_spread",
         "p1", "p1_p1", "p1_p2", "p1_p3", "p1_n1", "p1_n2", "p1_n3", "p1_near") + tuple(
    f"{c}_{what}" for c in _CLASSES for what in ("self", "prev_closer", "next_header")) + tuple(
    f"{c}_{what}_shift" for c in _CLASSES for what in ("self", "prev_closer", "next_header")) + tuple(
    f"{tag}_{g}" for tag in ("this", "prev", "next") for g in _CONTEXT)


def stage2_names() -> list[str]:
    """Names of the stage-2 features: stage 1's probabilities around the line, the within-dump ones
    and the categories of the line and its neighbours."""
    return list(ADAPT)


@dataclass
class Lines:
    """What the features need of one file's content (non-blank) lines."""

    idx: "np.ndarray"                 # line index (0-based) of each content line
    own: "np.ndarray"                 # content lines x OWN
    cats: "np.ndarray"                # category of each content line
    classes: dict[str, list[int]]     # class ids (-1: none) of each content line, per kind of class
    cohesion: "np.ndarray"            # content lines x COHESION (+ GAP when GAP_SCORES)


# Lines are read for their stems in blocks of about this many characters, one regex pass per block
# (a line break is a token of its own): bounds the temporary token lists.
BLOCK_CHARS = 1 << 16
# normalize's one-character replacements, as pairs: no replacement is itself replaced, so replacing
# them one after the other gives what normalize gives.
_FOLD_PAIRS = tuple((chr(k), v) for k, v in sorted(_FOLD.items()))
_WORD_OR_BREAK = re.compile(f"(?:{WORD.pattern})|\n", WORD.flags)
# The same on a text whose word characters are all ASCII (most news text: its non-ASCII characters
# are punctuation, symbols, spaces), where WORD's [^\W_] is [A-Za-z0-9] and the regex runs faster.
_ASCII_WORD_OR_BREAK = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*|\n")
_NON_ASCII_WORD_CHAR = re.compile(r"[^\W_\x00-\x7f]")


@dataclass
class Stems:
    """The content-word stems of every line of a file: for each line, its distinct stems (words of
    more than two letters that start with a letter and are not stop words, lower-cased and cut to
    ``STEM`` letters) as ids, with how often each occurs in the line. Parallel arrays sorted by line,
    then stem id; ids are arbitrary (first use in the file) and only compared with each other."""

    line: "np.ndarray"            # line index of each (line, stem) pair (int32, as the two below)
    stem: "np.ndarray"            # stem id
    count: "np.ndarray"           # occurrences of the stem in the line
    bounds: "np.ndarray"          # the pairs of line i are bounds[i]:bounds[i + 1]

    def bag(self, i: int) -> dict[int, int]:
        """Stem id -> occurrences in line ``i``."""
        a, b = int(self.bounds[i]), int(self.bounds[i + 1])
        return dict(zip(self.stem[a:b].tolist(), self.count[a:b].tolist()))


def line_stems(texts: list[str], stop: frozenset[str]) -> Stems:
    """The ``Stems`` of ``texts`` (one file's lines) with stop words ``stop``."""
    import numpy as np

    n = len(texts)
    code: dict[str, int] = {"\n": -2}   # token -> stem id (-1: not a content word)
    vocab: dict[str, int] = {}
    parts: list[list[Any]] = []     # per block: (line, stem, count) arrays
    for a, b in line_blocks(texts, BLOCK_CHARS):
        part = texts[a:b]
        block = "\n".join(part)
        if block.count("\n") != b - a - 1:   # a line holding a line break: it reads as a space
            block = "\n".join(t.replace("\n", " ") for t in part)
        for src, dst in _FOLD_PAIRS:   # = normalize(block), faster (str.translate is slow on non-ASCII text)
            if src in block:
                block = block.replace(src, dst)
        low = block.lower()
        toks = (_WORD_OR_BREAK if _NON_ASCII_WORD_CHAR.search(low) else _ASCII_WORD_OR_BREAK).findall(low)
        del low
        for w in filterfalse(code.__contains__, dict.fromkeys(toks)):   # tokens not seen before
            code[w] = vocab.setdefault(w[:STEM], len(vocab)) if (
                len(w) > 2 and w[0].isalpha() and w not in stop) else -1
        c = np.fromiter(map(code.__getitem__, toks), dtype=np.int64, count=len(toks))
        # (line, stem) pairs as one sortable key (line numbers and ids are below 2**31)
        key = ((a + np.cumsum(c == -2)) << 32) | c
        key = np.sort(key[c >= 0])
        new = np.ones(len(key), dtype=bool)
        new[1:] = key[1:] != key[:-1]
        first = np.flatnonzero(new)
        parts.append([(key[first] >> 32).astype(np.int32), (key[first] & 0xFFFFFFFF).astype(np.int32),
                      np.diff(np.append(first, len(key))).astype(np.int32)])
    del code, vocab   # (before the arrays are joined: the peak of memory is there)
    pairs = []
    for k in range(3):
        pairs.append(np.concatenate([q[k] for q in parts]) if parts else np.zeros(0, dtype=np.int32))
        for q in parts:
            q[k] = None
    return Stems(pairs[0], pairs[1], pairs[2], np.searchsorted(pairs[0], np.arange(n + 1)))


def _shape(tokens: list[str], last: str) -> str:
    out: list[str] = []
    for tok in tokens:
        core = tok.strip(_PUNCT)
        if not core:
            c = "p"
        elif core[0].isdigit():
            c = "0"
        elif core.isupper() and len(core) > 1:
            c = "X"
        elif core[0].isupper():
            c = "C"
        else:
            c = "l"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out) + (last if last in ".:?!,;)" else "")


def _prefix(tokens: list[str]) -> str:
    out = []
    for tok in tokens[:4]:
        core = tok.strip(_PUNCT)
        if not core:
            out.append(tok[:1])
            continue
        c = "0" if core[0].isdigit() else "X" if core.isupper() and len(core) > 1 else "C" if core[0].isupper() else "l"
        out.append(c + (tok[-1] if tok[-1] in ",:-–—." else ""))
    return " ".join(out)


def _coarse(t: str, words: int, final: bool) -> str:
    """A line's coarse shape: length band, closing punctuation and how it begins."""
    band = "1" if words <= 3 else "2" if words <= KEY_WORDS else "3" if words <= 25 else "4"
    end = t[-1] if t[-1] in "?!:" else "." if final else "-"
    head = t.lstrip("“\"«‘'([")[:1]
    case = ("U" if t.isupper() else "C") if head.isupper() else "l" if head.islower() else "0" if head.isdigit() else "q"
    return band + end + case


def _ids(values: list[str | None]) -> list[int]:
    """Map values to ids in order of first appearance (None -> -1)."""
    table: dict[str, int] = {}
    return [-1 if v is None else table.setdefault(v, len(table)) for v in values]


def _slide(v: "np.ndarray", r: int, fill: float = float("nan")) -> "np.ndarray":
    """Row j: ``v[j-r .. j+r]`` (a read-only view; positions outside ``v`` hold ``fill``)."""
    import numpy as np

    pad = np.full(r, fill, dtype=v.dtype)
    return np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, v, pad]), 2 * r + 1)


def _local_mean(v: "np.ndarray", r: int) -> "np.ndarray":
    """Per position: the mean of ``v`` over the positions within ``r`` of it."""
    import numpy as np

    w = _slide(np.asarray(v, dtype=np.float64), r)
    ok = ~np.isnan(w)
    return np.where(ok, w, 0.0).sum(axis=1) / ok.sum(axis=1)


def _local_z(v: "np.ndarray", r: int) -> "np.ndarray":
    """Per position: ``v`` as a z-score among the positions within ``r`` of it (0 where they do not vary)."""
    import numpy as np

    w = _slide(np.asarray(v, dtype=np.float64), r)
    ok = ~np.isnan(w)
    n = ok.sum(axis=1)
    mean = np.where(ok, w, 0.0).sum(axis=1) / n
    sd = np.sqrt(np.where(ok, (w - mean[:, None]) ** 2, 0.0).sum(axis=1) / n)
    return np.where(sd > 1e-9, (v - mean) / np.maximum(sd, 1e-9), 0.0)


def _local_sd(v: "np.ndarray", r: int) -> "np.ndarray":
    """Per position: the standard deviation of ``v`` over the positions within ``r`` of it."""
    import numpy as np

    w = _slide(np.asarray(v, dtype=np.float64), r)
    ok = ~np.isnan(w)
    n = ok.sum(axis=1)
    mean = np.where(ok, w, 0.0).sum(axis=1) / n
    return np.sqrt(np.where(ok, (w - mean[:, None]) ** 2, 0.0).sum(axis=1) / n)


def _same(ids: list[int], r: int) -> "np.ndarray":
    """Row j, column k: whether the line at j - r + k has line j's id (j itself and id -1 excluded)."""
    import numpy as np

    a = np.asarray(ids, dtype=np.int64)
    w = _slide(a, r, fill=-2)
    eq = (w == a[:, None]) & (a[:, None] >= 0)
    eq[:, r] = False
    return eq


def _far(ids: list[int]) -> "np.ndarray":
    """Per line: whether no line within CLUSTER_GAP - 1 lines before it has its id (a recurrence, not a cluster)."""
    import numpy as np

    a = np.asarray(ids, dtype=np.int64)
    far = a >= 0
    for d in range(1, CLUSTER_GAP):
        if len(a) > d:
            far[d:] &= a[d:] != a[:-d]
    return far


def line_table(texts: list[str], infos: list[LineInfo], rule_starts: set[int], rule_titles: set[int],
               scan_roles: list[str | None], stop: frozenset[str], *, stems: Stems | None = None,
               span: tuple[int, int] | None = None, voice: Voice | None = None) -> Lines:
    """Compute the per-line quantities of the content lines of one file.

    ``rule_starts``/``rule_titles``: line indices where the rule scan starts a piece / sees a title;
    ``scan_roles``: roles the scan settled (closing lines); ``stop``: stop words left out of cohesion;
    ``stems``: ``line_stems(texts, stop)`` when the caller has it already; ``span``: only the lines
    ``span[0] <= i < span[1]``, read as if they were the whole file (the values of lines more than
    ``CONTEXT`` content lines inside the span are then the whole file's); ``voice``:
    ``lines.line_voice(texts, infos)`` when the caller has it.
    """
    import numpy as np

    lo, hi = span if span is not None else (0, len(infos))
    idx = [i for i in range(lo, hi) if infos[i].words]
    m = len(idx)
    own = np.zeros((m, len(OWN)), dtype=np.float64)
    cats = np.zeros(m, dtype=np.int64)
    keys: list[str | None] = []
    shapes: list[str | None] = []
    prefixes: list[str | None] = []
    coarse: list[str | None] = []
    word_counts = np.zeros(m)
    prev_i = lo - 1
    prev_body = False
    rows = []
    headline_cats = (TITLE, HEADING)
    for j, i in enumerate(idx):
        info = infos[i]
        t = texts[i].strip()
        words = info.words                       # len(t.split())
        head = t.split(None, KEY_WORDS)[:KEY_WORDS]   # its first KEY_WORDS words
        first = t.lstrip("“\"«‘'([")[:1]
        short = words <= KEY_WORDS
        key = _NONWORD.sub(" ", _DIGITS.sub("0", t.lower())).strip() if short else None
        keys.append(key or None)
        shapes.append(_shape(head, t[-1]) if short else None)
        prefixes.append(_prefix(head))
        coarse.append(_coarse(t, words, info.final))
        close = _CLOSING_ROLES.get(scan_roles[i] or "", 0)
        rows.append((
            math.log1p(words), 0.0, info.final, info.ends_colon, bool(QUESTION_END.search(t)), t.endswith("!"),
            t.endswith(")"), t.isupper(), sum(map(str.isupper, [w[:1] for w in head])) / len(head), first.islower(),
            first.isdigit(), t[:1] in "“\"«‘'", bool(_DATELINE.match(t)), bool(_BY.match(t)),
            bool(words <= 20 and _SUFFIX.search(t)), info.name_like,
            info.cat in headline_cats or info.titleish, info.cat == PROSE, min(i - prev_i - 1, 2),
            0.0, 0.0, 0.0, 0.0, 0.0, 0.0, i in rule_starts, i in rule_titles, close > 0,
            head[0].lower().strip(_PUNCT) in CONTINUATIONS, close == 2,
            info.cat in _CLOSING_CATS and prev_body,
        ))
        prev_body = info.cat in _BODY_CATS and (info.final or info.cat == PROSE)
        cats[j] = info.cat
        word_counts[j] = words
        prev_i = i
    if m:
        own[:] = np.asarray(rows, dtype=np.float64)
    col = {n: k for k, n in enumerate(OWN)}
    if m:
        # the line's length and the blank lines before it, against the lines around it
        med_w = np.nanmedian(_slide(word_counts, RADIUS1), axis=1)
        own[:, col["relw"]] = np.log((word_counts + 1) / (med_w + 1))
        blank = own[:, col["blank_rel"]].copy()
        own[:, col["blank_rel"]] = blank - np.nanmedian(_slide(blank, RADIUS1), axis=1)
    classes = {}
    for name, values in (("key", keys), ("shape", shapes), ("prefix", prefixes), ("coarse", coarse)):
        ids = _ids(values)
        classes[name] = ids
        if f"{name}_n" in col or f"{name}_spread" in col:
            eq = _same(ids, KEY_RADIUS)
            n_like = eq.sum(axis=1) + 1.0
            has = np.asarray(ids) >= 0
            far = _far(ids)
            far_like = (eq & _slide(far, KEY_RADIUS, fill=False)).sum(axis=1) + far
            own[:, col[f"{name}_n"]] = np.where(has, np.log(n_like), 0.0)
            own[:, col[f"{name}_spread"]] = np.where(has, far_like / n_like, 0.0)
    classes["cat"] = cats.tolist()
    classes["rule"] = [0 if i in rule_starts else -1 for i in idx]
    if stems is None:
        stems = line_stems(texts, stop)
    if voice is None:
        voice = line_voice(texts, infos)
    fp = voice.first_person
    fp_counts = np.asarray([fp[i] for i in idx], dtype=np.float64)
    cohesion = _cohesion(stems, np.asarray(idx, dtype=np.int64), fp_counts, word_counts)
    return Lines(np.asarray(idx, dtype=np.int64), own, cats, classes, cohesion)


def _postings(stems: Stems, idx: "np.ndarray") -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Every (stem, content line) pair of the file as two arrays (content line, stem id), sorted by
    stem, then line; and the number of distinct stems of each content line."""
    import numpy as np

    m = len(idx)
    sizes = np.asarray(stems.bounds[idx + 1] - stems.bounds[idx], dtype=np.int64)
    first, last = int(idx[0]), int(idx[-1])
    a, b = stems.bounds[first], stems.bounds[last + 1]
    content = np.full(last + 1 - first, -1, dtype=np.int64)
    content[idx - first] = np.arange(m)
    line = content[stems.line[a:b] - first]
    keep = line >= 0     # (every line with a stem has words, so is a content line)
    # sorted by (stem, line) as one int64 key (both are below 2**31)
    key = np.sort((stems.stem[a:b][keep].astype(np.int64) << 32) | line[keep])
    return key & 0xFFFFFFFF, key >> 32, sizes


def _pair_overlaps(line: "np.ndarray", word: "np.ndarray", sizes: "np.ndarray", span: int) -> "np.ndarray":
    """``G[d, j]`` = number of stems line j shares with line j+d (d = 0..span; d = 0: its own count)."""
    import numpy as np

    m = len(sizes)
    G = np.zeros((span + 1, m), dtype=np.float64)
    G[0] = sizes
    for o in range(1, span + 1):
        if len(line) <= o:
            break
        same = (word[o:] == word[:-o])
        gap = line[o:] - line[:-o]
        ok = same & (gap <= span)
        if not ok.any():
            break
        G += np.bincount(gap[ok] * m + line[:-o][ok], minlength=(span + 1) * m).reshape(span + 1, m)
    return G


def _ahead(line: "np.ndarray", word: "np.ndarray", sizes: "np.ndarray", reach: int) -> tuple["np.ndarray", "np.ndarray"]:
    """Per line: the share of its stems that recur in the ``reach`` lines after it but not in the
    ``reach`` lines before it (a heading announces what follows), and the share seen in the ``reach``
    lines before it."""
    import numpy as np

    m = len(sizes)
    if not len(line):
        return np.zeros(m), np.zeros(m)
    far = 10 ** 12
    prev = np.full(len(line), -far, dtype=np.int64)
    nxt = np.full(len(line), far, dtype=np.int64)
    same = word[1:] == word[:-1]
    prev[1:][same] = line[:-1][same]
    nxt[:-1][same] = line[1:][same]
    seen = (line - prev) <= reach
    ahead = ((nxt - line) <= reach) & ~seen
    size = np.maximum(np.asarray(sizes, dtype=np.float64), 1.0)
    return (np.bincount(line, weights=ahead.astype(np.float64), minlength=m) / size,
            np.bincount(line, weights=seen.astype(np.float64), minlength=m) / size)


def _novelty(line: "np.ndarray", word: "np.ndarray", sizes: "np.ndarray", memory: int) -> "np.ndarray":
    """Per line j: the share of the stems of lines j..j+NOVELTY_LINES-1 not seen in the ``memory``
    lines before line j (each stem counted at its first use in those lines)."""
    import numpy as np

    m = len(sizes)
    if not len(line):
        return np.zeros(m)
    prev = np.full(len(line), -(10 ** 12), dtype=np.int64)
    same = word[1:] == word[:-1]
    prev[1:][same] = line[:-1][same]
    new = np.zeros(m)
    total = np.zeros(m)
    # a stem at line l counts for the gaps j in (prev, l] that are within NOVELTY_LINES lines of l
    for back in range(NOVELTY_LINES):
        j = line - back
        ok = (j >= 0) & (prev < j)   # first use of the stem at or after line j
        total += np.bincount(j[ok], minlength=m)
        new += np.bincount(j[ok], weights=(j[ok] - prev[ok] > memory).astype(np.float64), minlength=m)
    return np.where(total > 0, new / np.maximum(total, 1.0), 0.0)


def _window_sums(G: "np.ndarray", w: int) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """For the gap before each line j: dot products of the summed stem vectors of the ``w`` lines above
    (j-w..j-1) and below (j..j+w-1): (above . below, above . above, below . below)."""
    import numpy as np

    m = G.shape[1]
    span = G.shape[0] - 1
    pref = np.zeros((span + 1, m + 1))
    pref[:, 1:] = np.cumsum(G, axis=1)
    j = np.arange(m)

    def seg(d: int, lo: "np.ndarray", hi: "np.ndarray") -> "np.ndarray":
        # sum of G[d, a] for a in [lo, hi] (inclusive), valid a in [0, m-1-d]
        lo = np.maximum(lo, 0)
        hi = np.minimum(hi, m - 1 - d)
        out = pref[d, np.maximum(hi + 1, 0)] - pref[d, np.minimum(lo, m)]
        return np.where(hi >= lo, out, 0.0)

    cross = np.zeros(m)
    for d in range(1, min(2 * w - 1, span) + 1):
        cross += seg(d, np.maximum(j - w, j - d), np.minimum(j - 1, j + w - 1 - d))
    above = seg(0, j - w, j - 1)
    below = seg(0, j, j + w - 1)
    for d in range(1, min(w - 1, span) + 1):
        above += 2 * seg(d, j - w, j - 1 - d)
        below += 2 * seg(d, j, j + w - 1 - d)
    return cross, above, below


def _depth(s: "np.ndarray", reach: int) -> "np.ndarray":
    """TextTiling's depth score of each gap: how far the similarity dips below the peaks on each side,
    climbing at most ``reach`` gaps each way."""
    import numpy as np

    m = len(s)
    left = s.copy()
    right = s.copy()
    up_l = np.ones(m, dtype=bool)
    up_r = np.ones(m, dtype=bool)
    for k in range(1, reach + 1):
        if m <= k:
            break
        up_l[k:] &= s[:-k] > s[1:m - k + 1]
        up_l[:k] = False
        left[k:] = np.where(up_l[k:], s[:-k], left[k:])
        up_r[:-k] &= s[k:] > s[k - 1:m - 1]
        up_r[m - k:] = False
        right[:-k] = np.where(up_r[:-k], s[k:], right[:-k])
    return (left - s) + (right - s)


def _cohesion(stems: Stems, idx: "np.ndarray", fp: "np.ndarray", words: "np.ndarray") -> "np.ndarray":
    import numpy as np

    m = len(idx)
    out = np.zeros((m, len(COHESION)))
    if not m:
        return np.zeros((0, len(COHESION) + (len(GAP) if GAP_SCORES else 0)))
    span = max(2 * max(WINDOWS) - 1, RECUR)
    line, word, sizes = _postings(stems, idx)
    G = _pair_overlaps(line, word, sizes, span)
    cos = []
    for w in WINDOWS:
        cross, above, below = _window_sums(G, w)
        with np.errstate(divide="ignore", invalid="ignore"):
            cos.append(np.where((above > 0) & (below > 0), cross / np.sqrt(above * below), 0.0))
    # as z-scores among the gaps around it: how much vocabulary pieces share differs from source to source
    c = 0
    for w, s in zip(WINDOWS, cos):
        out[:, c] = _local_z(s, RADIUS1 - w)
        c += 1
    for w, s in zip(WINDOWS, cos):
        out[:, c] = _depth(s, RADIUS1 - w) / np.maximum(_local_sd(s, RADIUS1 - w), 0.05)
        c += 1
    size = np.maximum(G[0], 1.0)
    after = np.zeros(m)
    before = np.zeros(m)
    copy = np.zeros(m)
    for d in range(1, RECUR + 1):
        after += G[d]
        if d < m:
            before[d:] += G[d, :m - d]
        denom = np.minimum(G[0, :m - d], G[0, d:]) if m > d else np.zeros(0)
        if m > d:
            ratio = np.where(denom >= 2, G[d, :m - d] / np.maximum(denom, 1), 0.0)
            copy[:m - d] = np.maximum(copy[:m - d], ratio)
    out[:, c] = np.minimum(after / size, RECUR)
    out[:, c + 1] = np.minimum(before / size, RECUR)
    out[:, c + 2] = copy
    # change of narrative voice: first-person rate of the RECUR lines above vs the RECUR lines below
    pf = np.concatenate([[0.0], np.cumsum(fp)])
    pw = np.concatenate([[0.0], np.cumsum(words)])
    j = np.arange(m)
    lo, hi = np.maximum(j - RECUR, 0), np.minimum(j + RECUR, m)
    rate_above = (pf[j] - pf[lo]) / np.maximum(pw[j] - pw[lo], 1)
    rate_below = (pf[hi] - pf[j]) / np.maximum(pw[hi] - pw[j], 1)
    out[:, c + 3] = np.abs(rate_above - rate_below) * 10
    out[0, c + 4] = 1.0
    c += 5
    news = [_novelty(line, word, sizes, w) for w in NOVELTY]
    for v in news:
        out[:, c] = v
        c += 1
    for v in news:
        out[:, c] = _local_z(v, NOVELTY_Z)
        c += 1
    for v in news:
        before = np.zeros(m)
        before[NOVELTY_LINES:] = v[:-NOVELTY_LINES] if m > NOVELTY_LINES else 0.0
        out[:, c] = v - before   # more new words after the gap than the lines before it brought
        c += 1
    out[:, c], out[:, c + 1] = _ahead(line, word, sizes, AHEAD)
    # content lines from the file's start and to its end, as a share of RADIUS1 (capped): a piece
    # seldom starts a few lines into a file or a few lines before its end
    out[:, c + 2] = np.minimum(j, RADIUS1) / RADIUS1
    out[:, c + 3] = np.minimum(m - 1 - j, RADIUS1) / RADIUS1
    if GAP_SCORES:
        gap = [local_rank(s, RADIUS1 - w) for s in cos]
        gap += [local_minimum(s) / np.maximum(_local_sd(s, RADIUS1 - w), 0.05) for w, s in zip(WINDOWS, cos)]
        out = np.hstack([out, np.column_stack(gap)])
    return out


def stage1(lines: Lines) -> "np.ndarray":
    """The stage-1 feature matrix (content lines x ``stage1_names()``)."""
    import numpy as np

    sel = [OWN.index(n) for n in STAGE1_OWN]
    return np.hstack([lines.own[:, sel], lines.cohesion])


def _mean_of_others(eq: "np.ndarray", values: "np.ndarray", prior: "np.ndarray",
                    counts: "np.ndarray | None" = None) -> "np.ndarray":
    """Per line: the mean of ``values`` over the *other* lines with its id within ``RADIUS2`` lines
    (``eq``, from ``_same``; ``counts``: ``eq.sum(axis=1)`` when the caller has it), shrunk towards
    ``prior``, minus ``prior`` (so 0 for lines without such lines, or whose like are no different
    from the lines around them)."""
    import numpy as np

    v = _slide(np.asarray(values, dtype=np.float64), RADIUS2, fill=0.0)
    sums = np.where(eq, v, 0.0).sum(axis=1)
    if counts is None:
        counts = eq.sum(axis=1)
    return np.where(counts > 0, (sums + SHRINK * prior) / (counts + SHRINK) - prior, 0.0)


def stage2(lines: Lines, x1: "np.ndarray", p1: "np.ndarray") -> "np.ndarray":
    """The stage-2 feature matrix: ``x1`` (stage 1's features) and the ``ADAPT`` columns, from the
    rule scan and from stage 1's probabilities ``p1`` of every content line."""
    import numpy as np

    m = len(p1)
    out = np.zeros((m, len(ADAPT)))
    col = {n: k for k, n in enumerate(ADAPT)}
    for name in ("key_spread", "shape_spread", "coarse_spread"):
        out[:, col[name]] = lines.own[:, OWN.index(name)]
    q = np.clip(p1, 1e-4, 1 - 1e-4)
    logit = np.log(q / (1 - q))
    out[:, col["p1"]] = logit
    near = np.full(m, -10.0)
    for off in (1, 2, 3):
        if m > off:
            out[off:, col[f"p1_p{off}"]] = logit[:-off]     # the lines before
            out[:-off, col[f"p1_n{off}"]] = logit[off:]     # the lines after
            near[off:] = np.maximum(near[off:], logit[:-off])
            near[:-off] = np.maximum(near[:-off], logit[off:])
    out[:, col["p1_near"]] = near        # a start stands above the lines around it
    prior = _local_mean(p1, RADIUS2) if m else np.zeros(0)
    shift = -lines.cohesion[:, COHESION.index(f"cosz{WINDOWS[0]}")]   # a change of topic before the line
    same = {name: _same(lines.classes[name], RADIUS2) for name in _CLASSES}
    n_same = {name: eq.sum(axis=1) for name, eq in same.items()}
    for values, base, tag in ((p1, prior, ""), (shift, np.zeros(m), "_shift")):
        after = np.append(values[1:], base[-1:])      # the value at the line after each line
        before = np.insert(values[:-1], 0, base[:1])  # the value at the line before each line
        for name in _CLASSES:
            eq, k = same[name], n_same[name]
            out[:, col[f"{name}_self{tag}"]] = _mean_of_others(eq, values, base, k)
            closer = _mean_of_others(eq, after, base, k)    # lines like this one are followed by starts
            header = _mean_of_others(eq, before, base, k)   # lines like this one follow starts
            c, h = col[f"{name}_prev_closer{tag}"], col[f"{name}_next_header{tag}"]
            if m > 1:
                out[1:, c] = closer[:-1]
                out[:-1, h] = header[1:]
    # the line's and its neighbours' categories, and a few shapes, as the rule scan and the data files see them
    ctx = np.zeros((m, len(_CONTEXT)))
    for k, g in enumerate(GROUPS):
        ctx[:, k] = np.isin(lines.cats, GROUPS[g])
    for k, name in enumerate(_CONTEXT[len(GROUPS):], start=len(GROUPS)):
        ctx[:, k] = lines.own[:, OWN.index(name)]
    at = col[f"this_{_CONTEXT[0]}"]
    n = len(_CONTEXT)
    out[:, at:at + n] = ctx
    if m > 1:
        out[1:, at + n:at + 2 * n] = ctx[:-1]
        out[:-1, at + 2 * n:at + 3 * n] = ctx[1:]
    return out
