"""Recycled text: passages repeated within and across pieces, found on word shingles (exact index or MinHash + LSH).

Tables only (figures are in ``cuttings.viz.reuse``).
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import CuttingsError
from ..text.patterns import WORD, glue_points, normalize, unglue

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# How passages are compared (see ``reuse`` for the reasoning behind each value).
SHINGLE = 3              # words per shingle
MIN_WORDS = 8            # shortest passage, and least shared text, reported (words)
THRESHOLD = 0.8          # least containment reported
NEAR = 0.8               # two lines are "near" copies when each covers at least this share of the other
# method="auto": exact comparison up to this many words, MinHash above. Measured on the 2,225 BBC
# articles (0.9M words, 2 cores): exact 3.7 s of CPU, MinHash 6.3 s; but exact's candidate pairs grow
# with the square of the corpus (x3.3 for twice the text, x12 for four times), MinHash's linearly.
EXACT_MAX_WORDS = 1_000_000
NUM_PERM = 128           # MinHash permutations
LSH_THRESHOLD = 0.4      # estimated Jaccard similarity above which MinHashLSH proposes a pair: a sentence
                         # 84% contained in a longer one can have a Jaccard of 0.45 (seed lines 68 and 72)
SEED = 1                 # MinHash permutation seed
METHODS = ("auto", "exact", "minhash")
KINDS = ("exact", "near", "contained", "internal")

COLUMNS = {
    "a_file": "file of the first passage (the earlier one in corpus order)",
    "a_doc": "piece of the first passage",
    "a_line": "line number of the first passage (1-based)",
    "a_start": "character offset where the first passage starts in its line (0-based)",
    "a_end": "character offset just past the first passage (end exclusive)",
    "b_file": "file of the second passage (the later one: the repeat)",
    "b_doc": "piece of the second passage",
    "b_line": "line number of the second passage (1-based; equal to a_line for internal doubling)",
    "b_start": "character offset where the second passage starts in its line",
    "b_end": "character offset just past the second passage",
    "similarity": "containment of the shorter passage in the longer: the share of its words that lie in "
                  "a 3-word shingle also found in the other passage (0-1; 1.0 for a verbatim repeat)",
    "words": "words of the shorter passage that are shared (covered by shared shingles)",
    "shared": "the shared text, as it reads in the shorter passage (first to last shared word)",
    "kind": "exact (the same line twice, ignoring case and punctuation), near (two lines each covering "
            "at least 80% of the other: a copy with small edits), contained (a line or sentences found "
            "inside a longer line), internal (a passage doubled within one line)",
    "method": "exact (every pair of lines sharing a shingle compared) or minhash (MinHash + LSH candidates)",
}

SHARE_COLUMNS = {
    "doc_id": "piece",
    "n_words": "words in the piece (whitespace-separated, as corpus.documents.n_words)",
    "repeated_words": "words of the piece that repeat an earlier passage (removed by unique_text)",
    "share": "repeated_words / n_words (0-1)",
}



@dataclass(slots=True)
class _Line:
    """A non-blank line prepared for comparison."""

    pos: int                      # position in corpus order
    file: str
    doc: int
    line_no: int
    text: str
    segments: list[tuple[int, int]]  # character ranges tokenised: its sentences (speaker label excluded)
    words: list[str]              # normalised word forms, segment after segment
    sents: list[tuple[int, int]]  # word ranges of the line's sentences (only when there are two or more)
    ids: list[int] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)  # one shingle key per start position
    keyset: frozenset | None = None
    _spans: list[tuple[int, int]] | None = None

    def shingle_set(self) -> frozenset:
        if self.keyset is None:
            self.keyset = frozenset(self.keys)
        return self.keyset

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Character span of each word in ``text`` (computed when a pair needs it)."""
        if self._spans is None:
            norm = normalize(self.text)
            spans = []
            for a, b in self.segments:
                spans.extend(_word_spans(norm, a, b))
            self._spans = spans
        return self._spans


@dataclass(slots=True)
class _Pair:
    a: _Line
    a_range: tuple[int, int]      # character span
    b: _Line
    b_range: tuple[int, int]
    similarity: float
    words: int
    shared: str
    kind: str


# -- public API --------------------------------------------------------------------------------


def reuse(corpus, *, min_words: int = MIN_WORDS, threshold: float = THRESHOLD, method: str = "auto",
          shingle: int = SHINGLE, num_perm: int = NUM_PERM, lsh_threshold: float = LSH_THRESHOLD,
          seed: int = SEED) -> "pd.DataFrame":
    """Return the passages repeated in ``corpus``: one row per pair of passages (columns in ``COLUMNS``).

    Passages. Every non-blank line is a passage, and so is each sentence of a line with two or more
    sentences (``corpus.sentences``), so that a sentence repeated inside a longer paragraph is found.
    A speaker label ("Name: ...") is not part of the passage. Words are compared in lower case with
    punctuation ignored; words glued together ("...AuthoritarianismOlsi") are split at the capital.

    Similarity. The containment of the shorter passage in the longer, on word shingles of
    ``shingle`` (3) consecutive words: the share of the shorter passage's words that lie in at least one
    shingle also present in the longer passage. A changed letter case or punctuation costs nothing; a
    dropped or changed word costs about one word (its neighbours stay covered by other shingles), so a
    20-word passage with one word dropped still scores 0.95. Three-word shingles are long enough that
    unrelated paragraphs sharing only common words ("one of the") cover few of each other's words.

    A pair is reported when the similarity is at least ``threshold`` and both the shorter passage
    and its shared part have at least ``min_words`` words. ``kind``: *exact* (two lines with the same
    words), *near* (two lines each covering at least ``NEAR`` (80%) of the other, and at least the
    threshold), *contained* (a line, or sentences of a line, inside another line), *internal* (a
    passage doubled within one line: an exact run of ``min_words`` or more words occurring twice, or
    two near-identical sentences).
    A line pair gives at most one row; the first passage (a) is the earlier one in corpus order.

    Methods. ``exact`` compares every pair of lines that shares at least one shingle (the same
    result as comparing all pairs; cost grows with the square of the number of lines sharing common
    shingles). ``minhash`` proposes candidate pairs with MinHash signatures (datasketch,
    ``num_perm`` permutations, ``seed``) of every passage in a MinHashLSH index whose Jaccard
    threshold is ``lsh_threshold``, then checks each candidate exactly as above: cost grows about
    linearly, a pair can be missed (rarely: it needs a passage whose sentences do not line up with the
    other's) but no false pair is added. ``auto`` uses exact up to ``EXACT_MAX_WORDS`` corpus words,
    minhash above. The method used is recorded in the ``method`` column.

    Raises ``CuttingsError`` for an unknown method or out-of-range option.
    """
    import pandas as pd

    check_options(min_words=min_words, threshold=threshold, method=method, shingle=shingle,
           num_perm=num_perm, lsh_threshold=lsh_threshold)
    lines = _prepare(corpus, shingle)
    n_words = sum(len(ln.words) for ln in lines)
    if method == "auto":
        method = "exact" if n_words <= EXACT_MAX_WORDS else "minhash"
    units = [ln for ln in lines if len(ln.words) >= min_words]
    if method == "exact":
        candidates = _exact_candidates(units, min_shared=max(1, math.ceil(min_words / shingle)))
    else:
        candidates = _minhash_candidates(units, min_words=min_words, shingle=shingle, num_perm=num_perm,
                                         lsh_threshold=lsh_threshold, seed=seed)
    pairs: list[_Pair] = []
    for i, j in candidates:
        pairs.extend(_compare(units[i], units[j], min_words=min_words, threshold=threshold, k=shingle))
    for ln in units:
        pairs.extend(_internal(ln, min_words=min_words, threshold=threshold, k=shingle))
    pairs.sort(key=lambda p: (p.a.pos, p.b.pos, p.a_range, p.b_range))
    rows = [(p.a.file, p.a.doc, p.a.line_no, p.a_range[0], p.a_range[1],
             p.b.file, p.b.doc, p.b.line_no, p.b_range[0], p.b_range[1],
             round(p.similarity, 3), p.words, p.shared, p.kind, method) for p in pairs]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    ints = ["a_doc", "a_line", "a_start", "a_end", "b_doc", "b_line", "b_start", "b_end", "words"]
    return df.astype({c: "int64" for c in ints} | {"similarity": "float64"})


def unique_text(corpus, *, pairs: "pd.DataFrame | None" = None, **options) -> "pd.DataFrame":
    """Return ``corpus.lines`` with later repeats removed, so that each repeated passage counts once.

    Same columns as ``corpus.lines`` (file, line_no, doc_id, role, speaker, text). For every pair
    found by ``reuse(corpus, **options)`` (or given as ``pairs``) the second, later passage goes: a
    line that is repeated whole is dropped; a repeated sentence or passage is cut out of its longer
    line; a passage doubled within a line is cut to one copy. Lines left without a word are dropped.
    The result is cached per corpus and options; a copy is returned.
    """
    if pairs is None:
        key = ("unique_text", tuple(sorted(options.items())))
        cached = _cache_get(corpus, key)
        if cached is None:
            cached = _unique_text(corpus, _reuse_cached(corpus, options))
            _cache_put(corpus, key, cached)
        return cached.copy()
    return _unique_text(corpus, pairs)


def repeated_share(corpus, *, pairs: "pd.DataFrame | None" = None, **options) -> "pd.DataFrame":
    """Return one row per piece: doc_id, n_words, repeated_words, share (columns in ``SHARE_COLUMNS``).

    ``repeated_words`` counts the words that ``unique_text`` removes from the piece, i.e. the words
    of its passages that repeat an earlier passage (within the piece or from an earlier piece); the
    first occurrence is not counted. Words are whitespace-separated, as in ``corpus.documents``.
    """
    import pandas as pd

    if pairs is None:
        pairs = _reuse_cached(corpus, options)
    lines = corpus.lines
    kept = unique_text(corpus, pairs=pairs)
    total = _words_per_doc(lines)
    left = _words_per_doc(kept)
    docs = corpus.documents["doc_id"]
    n = docs.map(total).fillna(0).astype("int64")
    rep = (n - docs.map(left).fillna(0).astype("int64")).clip(lower=0)
    out = pd.DataFrame({"doc_id": docs.astype("int64"), "n_words": n, "repeated_words": rep})
    out["share"] = (out["repeated_words"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0).round(4)
    return out.reset_index(drop=True)


def reuse_matrix(corpus, *, pairs: "pd.DataFrame | None" = None, value: str = "pairs",
                 **options) -> "pd.DataFrame":
    """Return a piece x piece table (doc_id index and columns, every piece) of reuse between pieces.

    ``value="pairs"``: number of repeated passage pairs linking the two pieces; ``"words"``: shared
    words (sum of ``words``). Symmetric; the diagonal counts repeats within a piece (internal
    doubling included).
    """
    import pandas as pd

    if value not in ("pairs", "words"):
        raise CuttingsError(f"unknown value {value!r} (use pairs or words)")
    if pairs is None:
        pairs = _reuse_cached(corpus, options)
    ids = list(corpus.documents["doc_id"].astype("int64"))
    m = pd.DataFrame(0, index=pd.Index(ids, name="doc_id"), columns=pd.Index(ids, name="doc_id"), dtype="int64")
    for r in pairs.itertuples(index=False):
        v = 1 if value == "pairs" else int(r.words)
        m.loc[r.a_doc, r.b_doc] += v
        if r.a_doc != r.b_doc:
            m.loc[r.b_doc, r.a_doc] += v
    return m


def check_options(*, min_words, threshold, method, shingle: int = SHINGLE, num_perm: int = NUM_PERM,
                  lsh_threshold: float = LSH_THRESHOLD) -> None:
    """Raise ``CuttingsError`` (one line) for an option of ``reuse`` out of its range."""
    if method not in METHODS:
        raise CuttingsError(f"unknown method {method!r} (use {', '.join(METHODS)})")
    if not isinstance(shingle, int) or shingle < 1:
        raise CuttingsError(f"shingle must be a positive number of words, not {shingle!r}")
    if not isinstance(min_words, int) or min_words < shingle:
        raise CuttingsError(f"min-words must be a whole number of at least {shingle} (the shingle size), "
                            f"not {min_words!r}")
    if not (isinstance(threshold, (int, float)) and 0 < threshold <= 1):
        raise CuttingsError(f"threshold must be between 0 (excluded) and 1, not {threshold!r}")
    if not (isinstance(num_perm, int) and num_perm >= 2):
        raise CuttingsError(f"num_perm must be an integer of at least 2, not {num_perm!r}")
    if not (0 < lsh_threshold < 1):
        raise CuttingsError(f"lsh_threshold must be between 0 and 1, not {lsh_threshold!r}")


def _word_spans(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    """Character spans of the words of ``norm[a:b]`` (glued words split, as the tokenizer splits them)."""
    spans = []
    for m in WORD.finditer(norm, a, b):
        x, y = m.span()
        for c in glue_points(m.group()):
            spans.append((x, m.start() + c))
            x = m.start() + c
        spans.append((x, y))
    return spans


def _word_forms(norm: str) -> list[str]:
    """The words of a normalised segment, lower-cased (same split as ``_word_spans``)."""
    return WORD.findall(unglue(norm).lower())


def _prepare(corpus, k: int) -> list[_Line]:
    """Tokenise every non-blank line of ``corpus`` (by sentence) and compute its shingle keys."""
    lines = corpus.lines
    # Speaker labels ("Name: text") are left out of the passage.
    turns = corpus.turns
    said: dict[tuple[str, int], str] = {}
    if len(turns):
        labelled = turns[turns["speaker"].notna() & (turns["speaker"] != "interviewer")]
        for f, ln, t in zip(labelled["file"].astype(str), labelled["line_no"], labelled["text"]):
            said[(f, int(ln))] = t
    sents: dict[tuple[str, int], list[tuple[int, int]]] = {}
    s = corpus.sentences
    for f, ln, a, b in zip(s["file"].astype(str), s["line_no"].tolist(), s["start"].tolist(), s["end"].tolist()):
        sents.setdefault((f, ln), []).append((a, b))
    out: list[_Line] = []
    roles = lines["role"].astype(str).tolist()
    for pos, (f, ln, doc, role, text) in enumerate(zip(lines["file"].astype(str), lines["line_no"].tolist(),
                                                         lines["doc_id"].tolist(), roles, lines["text"])):
        if role == "blank" or not isinstance(text, str) or not text.strip():
            continue
        start = 0
        label = said.get((f, ln))
        if label:
            at = text.rfind(label)
            start = at if at > 0 else 0
        segments = [(max(a, start), b) for a, b in sents.get((f, ln), [(0, len(text))]) if b > start]
        norm = normalize(text)
        words: list[str] = []
        ranges, kept = [], []
        for a, b in segments:
            forms = _word_forms(norm[a:b])
            if forms:
                ranges.append((len(words), len(words) + len(forms)))
                kept.append((a, b))
                words.extend(forms)
        if not words:
            continue
        many = len(ranges) > 1
        out.append(_Line(pos, f, int(doc), ln, text, kept, words, ranges if many else []))
    vocab: dict[str, int] = {}
    for ln_ in out:
        ln_.ids = [vocab.setdefault(w, len(vocab)) for w in ln_.words]
    base = len(vocab) + 1
    for ln_ in out:
        ids = ln_.ids
        if k == 1:
            ln_.keys = list(ids)
        elif k == 2:
            ln_.keys = [a * base + b for a, b in zip(ids, ids[1:])]
        elif k == 3:
            ln_.keys = [(a * base + b) * base + c for a, b, c in zip(ids, ids[1:], ids[2:])]
        else:
            keys = []
            for p in range(len(ids) - k + 1):
                key = 0
                for x in ids[p:p + k]:
                    key = key * base + x
                keys.append(key)
            ln_.keys = keys
    return out


def _exact_candidates(units: list[_Line], *, min_shared: int) -> list[tuple[int, int]]:
    """Pairs of units (indices, i < j) sharing at least ``min_shared`` distinct shingles.

    An inverted index from shingle to units; each unit counts the later units it shares shingles
    with (memory stays linear; time grows with the square of the units sharing common shingles).
    """
    from bisect import bisect_right
    from collections import Counter

    postings: dict[int, list[int]] = {}
    for i, u in enumerate(units):
        for key in u.shingle_set():
            postings.setdefault(key, []).append(i)
    out: list[tuple[int, int]] = []
    for i, u in enumerate(units):
        shared: Counter = Counter()
        for key in u.shingle_set():
            plist = postings[key]
            if len(plist) > 1 and plist[-1] > i:
                shared.update(plist[bisect_right(plist, i):])
        out.extend((i, j) for j, c in shared.items() if c >= min_shared)
    out.sort()
    return out


def _minhash_candidates(units: list[_Line], *, min_words: int, shingle: int, num_perm: int,
                        lsh_threshold: float, seed: int) -> list[tuple[int, int]]:
    """Candidate pairs of units (i < j) from a MinHashLSH index of every line and sentence passage.

    Each passage's shingle keys get a fixed 32-bit hash (Fibonacci hashing of the key; datasketch
    mixes it further), so the signatures do not depend on Python's per-process string hashing.
    Pairs come from the LSH buckets: two passages that share a bucket in any band are candidates.
    """
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    owner: list[int] = []   # unit index of each passage
    template = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    mult = np.uint64(0x9E3779B97F4A7C15)
    wide = any(max(u.keys, default=0) >= 1 << 63 for u in units)
    with lsh.insertion_session() as session:
        for i, u in enumerate(units):
            if not u.keys:
                continue
            if wide:
                hashed = np.array([(x * 0x9E3779B97F4A7C15 >> 32) & 0xFFFFFFFF for x in u.keys], dtype=np.uint64)
            else:
                hashed = (np.array(u.keys, dtype=np.uint64) * mult) >> np.uint64(32)
            ranges = [(0, len(u.ids))] + [r for r in u.sents if r[1] - r[0] >= min_words]
            for lo, hi in ranges:
                part = np.unique(hashed[lo:max(lo, hi - shingle + 1)])
                if not len(part):
                    continue
                m = template.copy()
                m.update_batch(part.tolist())
                session.insert(len(owner), m, check_duplication=False)
                owner.append(i)
    found: set[tuple[int, int]] = set()
    for table in lsh.hashtables:
        for band in table.keys():
            members = table.get(band)
            if len(members) < 2:
                continue
            units_here = sorted({owner[p] for p in members})
            for x in range(len(units_here)):
                for y in range(x + 1, len(units_here)):
                    found.add((units_here[x], units_here[y]))
    return sorted(found)


def _covered(line: _Line, lo: int, hi: int, other: frozenset, k: int) -> bytearray:
    """Mask over words ``lo..hi`` of ``line``: 1 where the word lies in a shingle (inside the range) found in ``other``."""
    mask = bytearray(hi - lo)
    keys = line.keys
    for p in range(lo, hi - k + 1):
        if keys[p] in other:
            mask[p - lo:p - lo + k] = b"\x01" * k
    return mask


def _char_range(line: _Line, lo: int, hi: int) -> tuple[int, int]:
    """Character span of words ``lo..hi``: the whole line, whole sentences, or from first to last word."""
    if lo == 0 and hi == len(line.words):
        return 0, len(line.text)
    start = end = None
    for (slo, shi), (a, b) in zip(line.sents, line.segments):
        if slo == lo:
            start = a
        if shi == hi:
            end = b
    if start is None:
        start = line.spans[lo][0]
    if end is None:
        end = line.spans[hi - 1][1]
    return start, end


def _extent(mask: bytearray) -> tuple[int, int]:
    first = mask.index(1)
    last = len(mask) - 1 - mask[::-1].index(1)
    return first, last + 1


def _aligned_region(passage: _Line, plo: int, phi: int, container: _Line, k: int) -> tuple[int, int]:
    """Word range of ``container`` where the passage (words plo..phi of ``passage``) is repeated.

    Whole sentences of the container when they are mostly (60%) made of the passage's shingles (the
    run of such sentences with the most shared words); otherwise the stretch that lines up with the
    passage (difflib matching blocks, the densest group), snapped to nearby sentence boundaries.
    """
    from difflib import SequenceMatcher

    runs, covered = _sentence_matches(passage, plo, phi, container, k)
    if runs:
        x, y = max(runs, key=lambda r: (sum(covered[r[0]:r[1]]), -r[0]))
        return container.sents[x][0], container.sents[y - 1][1]
    sm = SequenceMatcher(None, passage.ids[plo:phi], container.ids, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size >= min(k, phi - plo)]
    if not blocks:
        blocks = [b for b in sm.get_matching_blocks() if b.size]
    # Matching blocks far apart in the container belong to different places: keep the densest group.
    gap = max(k, (phi - plo) // 4)
    groups = [[blocks[0]]]
    for blk in blocks[1:]:
        prev = groups[-1][-1]
        if blk.b - (prev.b + prev.size) > gap:
            groups.append([blk])
        else:
            groups[-1].append(blk)
    best = max(groups, key=lambda g: sum(b.size for b in g))  # the first of equals
    lo = best[0].b
    hi = best[-1].b + best[-1].size
    # Snap to sentence boundaries: an edge a few words into a sentence goes back to its start,
    # an edge a few words short of its end goes on to the end.
    for slo, shi in container.sents:
        near = max(2, (shi - slo) // 5)
        if slo < lo < shi:
            lo = slo if lo - slo <= near else shi if shi - lo <= near else lo
        if slo < hi < shi:
            hi = slo if hi - slo <= near else shi if shi - hi <= near else hi
    lo = min(lo, len(container.ids) - 1)  # a start snapped past the last sentence stays on the line's last word
    return lo, max(hi, lo + 1)


def _sentence_matches(passage: _Line, plo: int, phi: int, container: _Line, k: int):
    """Runs of consecutive container sentences mostly (60%) made of the passage's shingles, and the
    number of covered words of every container sentence."""
    if not container.sents:
        return [], []
    pset = frozenset(passage.keys[plo:max(plo, phi - k + 1)])
    flags, covered = [], []
    for slo, shi in container.sents:
        c = sum(_covered(container, slo, shi, pset, k))
        flags.append(c >= 0.6 * (shi - slo))
        covered.append(c)
    return _runs(flags), covered


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    out, start = [], None
    for i, f in enumerate(flags + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i))
            start = None
    return out


def _compare(a: _Line, b: _Line, *, min_words: int, threshold: float, k: int) -> list[_Pair]:
    """The repeats linking two lines (a before b): none, one, or one per separately repeated run of sentences."""
    if a.pos > b.pos:
        a, b = b, a
    na, nb = len(a.ids), len(b.ids)
    if a.ids == b.ids:
        text = a.text[a.spans[0][0]:a.spans[-1][1]]
        return [_Pair(a, (0, len(a.text)), b, (0, len(b.text)), 1.0, na, text, "exact")]
    sa, sb = a.shingle_set(), b.shingle_set()
    ma = _covered(a, 0, na, sb, k)
    mb = _covered(b, 0, nb, sa, k)
    ca, cb = sum(ma), sum(mb)
    ra, rb = ca / na, cb / nb
    if min(ra, rb) >= max(threshold, NEAR):
        short, mask, r, c = (a, ma, ra, ca) if na <= nb else (b, mb, rb, cb)
        if c < min_words:
            return []
        lo, hi = _extent(mask)
        return [_Pair(a, (0, len(a.text)), b, (0, len(b.text)), r, c, _text(short, lo, hi), "near")]
    # One whole line inside the other; otherwise sentences of one inside the other.
    options: list[tuple] = []
    for side, line, other, r, c, mask in (("a", a, b, ra, ca, ma), ("b", b, a, rb, cb, mb)):
        if r >= threshold and c >= min_words:
            options.append((len(line.ids), side, line, other, 0, len(line.ids), r, c, mask))
    if not options:
        for side, line, other in (("a", a, b), ("b", b, a)):
            for run in _sentence_runs(line, other, min_words=min_words, threshold=threshold, k=k):
                options.append((run[1] - run[0], side) + (line, other) + run)
    if not options:
        return []
    options.sort(key=lambda o: (o[0], o[1], o[4]))
    chosen = [options[0]]
    _, side, line, other, plo, phi = options[0][:6]
    if (plo, phi) == (0, len(line.ids)) and len(_sentence_matches(line, plo, phi, other, k)[0]) > 1:
        # The line's sentences are repeated in separate places of the other line: one pair each,
        # so that every repeated place is known (and cut by unique_text).
        so = other.shingle_set()
        singles = []
        for slo, shi in line.sents:
            mask = _covered(line, slo, shi, so, k)
            c = sum(mask)
            if shi - slo >= min_words and c >= min_words and c / (shi - slo) >= threshold:
                singles.append((shi - slo, side, line, other, slo, shi, c / (shi - slo), c, mask))
        if len(singles) > 1:
            chosen = singles
    pairs = []
    for _, side, line, other, plo, phi, r, c, mask in chosen:
        flo, fhi = _extent(mask)
        olo, ohi = _aligned_region(line, plo, phi, other, k)
        prange = _char_range(line, plo, phi)
        orange = _char_range(other, olo, ohi)
        shared = _text(line, plo + flo, plo + fhi)
        if side == "a":
            pairs.append(_Pair(a, prange, b, orange, r, c, shared, "contained"))
        else:
            pairs.append(_Pair(a, orange, b, prange, r, c, shared, "contained"))
    return pairs


def _sentence_runs(line: _Line, other: _Line, *, min_words: int, threshold: float, k: int) -> list[tuple]:
    """Runs of consecutive sentences of ``line`` contained in ``other``: (lo, hi, similarity, words, mask)."""
    if not line.sents:
        return []
    so = other.shingle_set()
    ok = []
    for lo, hi in line.sents:
        if hi - lo < k:
            ok.append(False)
            continue
        m = _covered(line, lo, hi, so, k)
        ok.append(sum(m) / (hi - lo) >= threshold)
    out = []
    for x, y in _runs(ok):
        lo, hi = line.sents[x][0], line.sents[y - 1][1]
        m = _covered(line, lo, hi, so, k)
        c = sum(m)
        if hi - lo >= min_words and c >= min_words and c / (hi - lo) >= threshold:
            out.append((lo, hi, c / (hi - lo), c, m))
    return out


def _text(line: _Line, lo: int, hi: int) -> str:
    return line.text[line.spans[lo][0]:line.spans[hi - 1][1]]


def _internal(line: _Line, *, min_words: int, threshold: float, k: int) -> list[_Pair]:
    """Passages doubled within one line: exact repeated runs of words, then near-identical sentence pairs."""
    keys = line.keys
    if len(set(keys)) == len(keys):
        return []
    n = len(line.ids)
    found: list[tuple] = []  # (first word range, second word range, similarity, shared words)
    where: dict[int, list[int]] = {}
    for p, key in enumerate(keys):
        where.setdefault(key, []).append(p)
    diag: dict[int, set] = {}
    for plist in where.values():
        for x in range(len(plist)):
            for y in range(x + 1, len(plist)):
                d = plist[y] - plist[x]
                if d >= k:
                    diag.setdefault(d, set()).add(plist[x])
    for d in sorted(diag):
        starts = sorted(diag[d])
        first = starts[0]
        flags = [False] * (starts[-1] - first + 1)
        for s in starts:
            flags[s - first] = True
        for x, y in _runs(flags):
            lo, hi = first + x, min(first + y - 1 + k, first + x + d)
            if hi - lo >= min_words:
                found.append(((lo, hi), (lo + d, hi + d), 1.0, hi - lo))
    for x, (lo1, hi1) in enumerate(line.sents):
        for lo2, hi2 in line.sents[x + 1:]:
            short, long_ = ((lo1, hi1), (lo2, hi2)) if hi1 - lo1 <= hi2 - lo2 else ((lo2, hi2), (lo1, hi1))
            size = short[1] - short[0]
            if size < min_words:
                continue
            other = frozenset(keys[long_[0]:max(long_[0], long_[1] - k + 1)])
            c = sum(_covered(line, short[0], short[1], other, k))
            if c >= min_words and c / size >= threshold:
                found.append(((lo1, hi1), (lo2, hi2), c / size, c))
    # Most shared words first (exact before near). A copy is removed once; a pair may not point at a
    # removed copy, and may not remove a copy that another pair keeps as its first.
    found.sort(key=lambda f: (-f[3], -f[2], f[0], f[1]))
    kept: list[tuple] = []
    removed: list[tuple[int, int]] = []
    firsts: list[tuple[int, int]] = []

    def hits(span, spans):
        return any(span[0] < hi and lo < span[1] for lo, hi in spans)

    for first, second, sim, c in found:
        if hits(second, removed) or hits(first, removed) or hits(second, firsts):
            continue
        kept.append((first, second, sim, c))
        removed.append(second)
        firsts.append(first)
    out = []
    for first, second, sim, c in sorted(kept):
        first_chars = _char_range(line, *first)
        second_chars = _char_range(line, *second)
        if second[1] == n:  # a doubled ending takes its closing punctuation with it
            second_chars = (second_chars[0], max(second_chars[1], len(line.text.rstrip())))
        out.append(_Pair(line, first_chars, line, second_chars, sim, c, _text(line, *first), "internal"))
    return out


def _words_per_doc(lines) -> dict:
    n = lines["text"].fillna("").str.split().str.len().fillna(0).astype("int64")
    return n.groupby(lines["doc_id"]).sum().to_dict()


def _unique_text(corpus, pairs) -> "pd.DataFrame":
    lines = corpus.lines
    cuts: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for r in pairs.itertuples(index=False):
        cuts.setdefault((str(r.b_file), int(r.b_line)), []).append((int(r.b_start), int(r.b_end)))
    if not cuts:
        return lines.copy()
    keep = []
    texts = lines["text"].tolist()
    new_texts = list(texts)
    for i, (f, ln) in enumerate(zip(lines["file"].astype(str), lines["line_no"])):
        spans = cuts.get((f, int(ln)))
        if not spans:
            keep.append(True)
            continue
        text = texts[i]
        kept = _cut(text, spans)
        if not WORD.search(kept):
            keep.append(False)
            continue
        new_texts[i] = kept
        keep.append(True)
    out = lines.copy()
    out["text"] = new_texts
    return out[keep].reset_index(drop=True)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the character ``spans`` (merged), with the spaces around each cut tidied."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    parts, pos = [], 0
    for a, b in merged:
        parts.append(text[pos:a])
        pos = b
    parts.append(text[pos:])
    out = parts[0]
    for p in parts[1:]:
        out = out.rstrip() + (" " if out.strip() and p.strip() else "") + p.lstrip()
    return out.strip()


# Results cached per corpus (weakly, so a corpus that goes away takes its results with it).
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _cache_get(corpus, key):
    try:
        return _CACHE.get(corpus, {}).get(key)
    except TypeError:  # not weak-referenceable
        return None


def _cache_put(corpus, key, value) -> None:
    try:
        _CACHE.setdefault(corpus, {})[key] = value
    except TypeError:
        pass


def _reuse_cached(corpus, options: dict) -> "pd.DataFrame":
    key = ("reuse", tuple(sorted(options.items())))
    cached = _cache_get(corpus, key)
    if cached is None:
        cached = reuse(corpus, **options)
        _cache_put(corpus, key, cached)
    return cached
