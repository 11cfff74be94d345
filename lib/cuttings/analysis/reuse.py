"""Recycled text: passages repeated within and across pieces, found on word shingles (exact index or MinHash + LSH).

Tables only (figures are in ``cuttings.viz.reuse``).
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

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

# Caps on the work one line, passage or shingle can cause, so that every input ends in time linear in
# its size (issue 18). Each is recorded in ``table.attrs["truncated"]`` when it bites (see ``reuse``).
LONG_LINE = 1000         # words: a longer line is compared in windows of whole sentences of at most this many
STOP_SHARE = 0.01        # a shingle in more than this share of the passages ...
STOP_MIN = 100           # ... and in more than this many is a stop-shingle: never a candidate key
LOOKBACK = 20            # per shingle (or LSH bucket), only the nearest this many earlier passages holding it count
MAX_CANDIDATES = 20      # a passage is compared with at most this many earlier passages (those sharing most)
INTERNAL_LOOKBACK = 8    # within a line, a shingle is paired with at most its this many nearest earlier occurrences
ALIGN_MAX = 250_000      # word pairs (passage x container) above which a region is aligned without difflib
CAPS = {
    "windows": f"lines of more than {LONG_LINE:,} words, compared in windows of whole sentences",
    "stop_shingles": f"shingles in more than {STOP_SHARE:.0%} of the passages (and more than {STOP_MIN}): "
                     "not used to find candidates",
    "lookback": f"shingles or LSH buckets held by more than {LOOKBACK} earlier passages: only the nearest "
                f"{LOOKBACK} counted",
    "candidates": f"passages with more than {MAX_CANDIDATES} candidates: the {MAX_CANDIDATES} sharing most compared",
    "internal": f"lines whose shingles repeat more than {INTERNAL_LOOKBACK} times: each occurrence paired with "
                f"its {INTERNAL_LOOKBACK} nearest earlier ones",
}

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
    """A passage prepared for comparison: a non-blank line, or a window of a long line."""

    pos: int                      # position in corpus order (units of one line in order)
    file: str
    doc: int
    line_no: int
    text: str
    segments: list[tuple[int, int]]  # character ranges tokenised: its sentences (speaker label excluded)
    words: list[str]              # normalised word forms, segment after segment
    sents: list[tuple[int, int]]  # word ranges of the line's sentences (only when there are two or more)
    whole: tuple[int, int] = (0, 0)  # character range of the whole passage (the line, or the window)
    window: bool = False          # a window of a line longer than LONG_LINE words
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
            spans: list[tuple[int, int]] = []
            for a, b in self.segments:  # (a window's segments only: not the whole of a long line)
                spans.extend((x + a, y + a) for x, y in _word_spans(normalize(self.text[a:b]), 0, b - a))
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
    A line pair gives at most one row (one per window pair for lines in windows); the first passage
    (a) is the earlier one in corpus order.

    Methods. ``exact`` compares every pair of lines that shares at least ``ceil(min_words / shingle)``
    shingles; ``minhash`` proposes candidate pairs with MinHash signatures (the permutations of
    datasketch's ``MinHash(num_perm, seed)``) of every passage, banded as datasketch's
    ``MinHashLSH(lsh_threshold, num_perm)`` bands them, then checks each candidate exactly as above:
    a pair can be missed (rarely: it needs a passage whose sentences do not line up with the other's)
    but no false pair is added. ``auto`` uses exact up to ``EXACT_MAX_WORDS`` corpus words, minhash
    above. The method used is recorded in the ``method`` column. Both stream the shingles into flat
    arrays (4 bytes a word) and find candidates by sorting, with no table of all pairs.

    Caps (``CAPS``), so that no line, passage or shingle can cause unbounded work: a line of more
    than ``LONG_LINE`` words is compared as windows of whole sentences (a repeat straddling two
    windows can be missed; pairs between windows of one line are *internal*); a shingle held by
    more than ``STOP_SHARE`` of the passages and more than ``STOP_MIN`` is a stop-shingle, never a
    candidate key (near-duplicate detectors drop such keys: they are boilerplate, or a degenerate
    text); per shingle or LSH bucket only the ``LOOKBACK`` nearest earlier passages count; a passage is
    compared with at most ``MAX_CANDIDATES`` earlier passages (those sharing most shingles or bands,
    then the earliest); within a line a shingle is paired with at most its ``INTERNAL_LOOKBACK``
    nearest earlier occurrences. When a cap bites, ``table.attrs["truncated"]`` counts it
    (``{"windows": lines, "stop_shingles": shingles, "lookback": shingles or buckets,
    "candidates": passages, "internal": lines}``, only the caps that bit), never silently.

    Raises ``CuttingsError`` for an unknown method or out-of-range option.
    """

    check_options(min_words=min_words, threshold=threshold, method=method, shingle=shingle,
                  num_perm=num_perm, lsh_threshold=lsh_threshold)
    units = _prepare(corpus, shingle, min_words=min_words)
    if method == "auto":
        method = "exact" if units.all_words <= EXACT_MAX_WORDS else "minhash"
    _index_shingles(units, groups=method == "exact")
    if method == "exact":
        candidates = _exact_candidates(units, min_shared=max(1, math.ceil(min_words / shingle)))
    else:
        candidates = _minhash_candidates(units, min_words=min_words, num_perm=num_perm,
                                         lsh_threshold=lsh_threshold, seed=seed)
    rows = _Rows()
    for i, j in candidates:
        a, b = units.line(i), units.line(j)
        same_line = a.line_no == b.line_no and a.file == b.file  # two windows of one line
        for p in _compare(a, b, min_words=min_words, threshold=threshold, k=shingle):
            rows.add(p, "internal" if same_line else p.kind)
    for u in units.repeating():
        for p in _internal(units.line(u), min_words=min_words, threshold=threshold, k=shingle, bitten=units.bitten):
            rows.add(p, p.kind)
    df = rows.table(units.file_names, method)
    df.attrs["truncated"] = {cap: n for cap, n in units.bitten.items() if n}
    return df


class _Rows:
    """The pairs found, kept as flat columns (no reference to the passages), sorted when the table is made."""

    def __init__(self) -> None:
        from array import array

        self.ints = {c: array("q") for c in ("a_pos", "b_pos", "a_file", "a_doc", "a_line", "a_start", "a_end",
                                              "b_file", "b_doc", "b_line", "b_start", "b_end", "words")}
        self.similarity = array("d")
        self.shared: list[str] = []
        self.kind: list[str] = []
        self._file_code: dict[str, int] = {}

    def add(self, p: _Pair, kind: str) -> None:
        code = self._file_code
        for side, line, (start, end) in (("a", p.a, p.a_range), ("b", p.b, p.b_range)):
            self.ints[f"{side}_pos"].append(line.pos)
            self.ints[f"{side}_file"].append(code.setdefault(line.file, len(code)))
            self.ints[f"{side}_doc"].append(line.doc)
            self.ints[f"{side}_line"].append(line.line_no)
            self.ints[f"{side}_start"].append(start)
            self.ints[f"{side}_end"].append(end)
        self.ints["words"].append(p.words)
        self.similarity.append(round(p.similarity, 3))
        self.shared.append(p.shared)
        self.kind.append(kind)

    def table(self, file_names: list[str], method: str, *, positions: bool = False) -> "pd.DataFrame":
        """The pairs as a table (``COLUMNS``), sorted; ``positions``: with the passages' positions
        (a_pos, b_pos) as two more columns, for tables of several parts to be sorted together."""
        import numpy as np
        import pandas as pd

        cols = {c: np.frombuffer(v, dtype=np.int64) if len(v) else np.zeros(0, np.int64)
                for c, v in self.ints.items()}
        order = np.lexsort(tuple(cols[c] for c in ("b_end", "b_start", "a_end", "a_start", "b_pos", "a_pos")))
        names = np.array(list(self._file_code), dtype=object)
        shared = np.array(self.shared, dtype=object) if self.shared else np.zeros(0, dtype=object)
        kind = np.array(self.kind, dtype=object) if self.kind else np.zeros(0, dtype=object)
        sim = np.frombuffer(self.similarity, dtype=np.float64) if len(self.similarity) else np.zeros(0)
        out = {}
        for c in COLUMNS:
            if c in ("a_file", "b_file"):
                out[c] = names[cols[c][order]] if len(order) else np.zeros(0, dtype=object)
            elif c == "similarity":
                out[c] = sim[order]
            elif c == "shared":
                out[c] = shared[order]
            elif c == "kind":
                out[c] = kind[order]
            elif c == "method":
                out[c] = np.full(len(order), method, dtype=object)
            else:
                out[c] = cols[c][order]
        if positions:
            out["a_pos"], out["b_pos"] = cols["a_pos"][order], cols["b_pos"][order]
        return pd.DataFrame(out, columns=list(out))


def truncation_note(table: "pd.DataFrame") -> str | None:
    """One line saying which caps bit while ``table`` was computed (``reuse``'s attrs), or None."""
    bitten = table.attrs.get("truncated") or {}
    if not bitten:
        return None
    parts = [f"{cap} {n:,} ({CAPS[cap]})" for cap, n in bitten.items() if cap in CAPS]
    return "reuse caps bit (pairs may be missing): " + "; ".join(parts)


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


class _Units:
    """The passages of a corpus in flat arrays, built in one streaming pass over its lines.

    A unit is a non-blank line of at least ``min_words`` words, or a window of a line longer than
    ``LONG_LINE`` words. Per unit: its line (row of ``corpus.lines``), its segments (sentences, the
    speaker label left out) and their first words, its word count and where its shingle hashes start
    in ``hkeys``: one 32-bit hash per shingle, 4 bytes a word (the words themselves are not kept: a
    unit's ``_Line`` is rebuilt from its text when a pair needs it).
    """

    def __init__(self, k: int, lines) -> None:
        from array import array

        import numpy as np

        self.k = k
        cat = hasattr(lines["file"], "cat")
        self.file_codes: Any = lines["file"].cat.codes.to_numpy() if cat else np.zeros(len(lines), dtype=np.int32)
        self.file_names: list[str] = [str(c) for c in lines["file"].cat.categories] if cat else [""]
        self.docs: Any = lines["doc_id"].to_numpy()
        self.line_nos: Any = lines["line_no"].to_numpy()
        self.texts: Any = lines["text"].to_numpy()
        self.stop_limit = STOP_MIN
        self.stop_keys: Any = np.zeros(0, dtype=np.uint32)
        self._groups: list[tuple[Any, Any]] = []
        self._repeating: list[int] = []
        self.row = array("q")        # unit -> row of the lines table
        self.seg_lo = array("q")     # unit -> its first segment in seg_a/seg_b/seg_w
        self.words = array("q")      # unit -> words
        self.window = array("b")     # unit -> 1 for a window of a long line
        self.seg_a = array("q")      # segment -> first character
        self.seg_b = array("q")      # segment -> character just past it
        self.seg_w = array("q")      # segment -> its first word in the unit
        self.hkeys = array("I")
        self.vocab: dict[str, int] = {}
        self.word_hash = array("Q")  # word id -> a 64-bit hash of the word, the same in every process
        self.offset = 0              # added to a unit's index to give its position (a part's first unit)
        self.base = 0                # base of a line's exact shingle keys (0: the vocabulary's size + 1)
        self.bitten = dict.fromkeys(CAPS, 0)
        self.all_words = 0                 # words of every non-blank line (what method="auto" goes by)
        self._cache: dict[int, _Line] = {}
        self.cache_size = 1024             # passages kept rebuilt
        self.word_ids: Any = None          # every word's vocabulary id, kept when ``_prepare(keep_ids=True)``
        self.forms: Any = None             # with word_ids: the word forms by id (a numpy object array)
        self.ids_of: Any = None            # with word_ids: word id -> id in ``vocab`` (set by ``use_vocab``)
        self._pending: list[int] = []      # word ids of the units not yet hashed
        self._pending_units: list[int] = []  # their word counts

    def __len__(self) -> int:
        return len(self.row)

    def add(self, row: int, segments: list[tuple[int, int]], forms: list[list[str]], window: bool) -> None:
        vocab = self.vocab
        self.row.append(row)
        self.seg_lo.append(len(self.seg_a))
        self.window.append(1 if window else 0)
        n = 0
        for (a, b), words in zip(segments, forms):
            self.seg_a.append(a)
            self.seg_b.append(b)
            self.seg_w.append(n)
            n += len(words)
            known = len(vocab)
            ids = [vocab.setdefault(w, len(vocab)) for w in words]
            if len(vocab) > known:  # new words, first met in id order
                hashes = self.word_hash
                for w, i in zip(words, ids):
                    if i == len(hashes):
                        hashes.append(_word_hash(w))
            self._pending.extend(ids)
            if self.word_ids is not None:
                self.word_ids.extend(ids)
        self.words.append(n)
        self._pending_units.append(n)
        if len(self._pending) >= 1 << 18:
            self._flush()

    def _flush(self) -> None:
        """Hash the shingles of the pending units into ``hkeys`` (vectorised), and forget their words."""
        import numpy as np

        if not self._pending:
            return
        ids = np.frombuffer(self.word_hash, dtype=np.uint64)[np.array(self._pending, dtype=np.int64)]
        sizes = np.array(self._pending_units, dtype=np.int64)
        self._pending, self._pending_units = [], []
        k = self.k
        n = len(ids) - k + 1
        if n <= 0:
            return
        h = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            h += ids[j:j + n] * np.uint64(_MULT[j % len(_MULT)])
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        ends = np.cumsum(sizes)
        starts = ends - sizes
        # a position starts a shingle of its unit when the unit has k more words from it
        first_invalid = np.maximum(starts, ends - k + 1)
        marks = np.zeros(len(ids) + 1, dtype=np.int64)
        np.add.at(marks, starts, 1)
        np.add.at(marks, first_invalid, -1)
        valid = np.cumsum(marks[:-1]) > 0
        self.hkeys.frombytes((h[valid[:n]] >> np.uint64(32)).astype(np.uint32).tobytes())

    def finish(self) -> None:
        """Hash what is pending and freeze the arrays as numpy arrays."""
        import numpy as np

        self._flush()
        k = self.k
        self.n_words_np = np.frombuffer(self.words, dtype=np.int64) if len(self.words) else np.zeros(0, np.int64)
        self.n_keys = np.maximum(self.n_words_np - k + 1, 0)
        self.key_lo = np.concatenate([[0], np.cumsum(self.n_keys)]).astype(np.int64)
        self.hk = np.frombuffer(self.hkeys, dtype=np.uint32) if len(self.hkeys) else np.zeros(0, np.uint32)
        self.n_words = int(self.n_words_np.sum())
        self.word_lo = np.concatenate([[0], np.cumsum(self.n_words_np)]).astype(np.int64)  # unit -> first word
        if self.word_ids is not None:
            self.word_ids = np.frombuffer(self.word_ids, dtype=np.uint32) if len(self.word_ids) else np.zeros(0, np.uint32)
            self.forms = np.array(list(self.vocab), dtype=object)

    def use_vocab(self, vocab: dict[str, int]) -> None:
        """Number the kept words (``keep_ids``) in ``vocab`` (a vocabulary shared with other units), once per form,
        so that passages are rebuilt from the kept ids instead of their text."""
        import numpy as np

        self.vocab = vocab
        self._cache = {}
        if self.forms is not None:
            self.ids_of = np.fromiter((vocab.setdefault(w, len(vocab)) for w in self.forms.tolist()), dtype=np.int64,
                                      count=len(self.forms))

    def segments(self, u: int) -> tuple[int, int]:
        """Range of unit ``u``'s segments in ``seg_a``/``seg_b``/``seg_w``."""
        return self.seg_lo[u], (self.seg_lo[u + 1] if u + 1 < len(self.seg_lo) else len(self.seg_a))

    def line(self, u: int) -> _Line:
        """The ``_Line`` of unit ``u`` (words re-read from its text, or from the kept ids; the last ``cache_size``
        to ``cache_size / 2`` are cached)."""
        ln = self._cache.get(u)
        if ln is not None:
            return ln
        if len(self._cache) >= self.cache_size:  # the older half goes (dicts keep their insertion order)
            for old in list(self._cache)[:len(self._cache) // 2]:
                del self._cache[old]
        row = self.row[u]
        text = self.texts[row]
        lo, hi = self.segments(u)
        segments = [(self.seg_a[x], self.seg_b[x]) for x in range(lo, hi)]
        vocab = self.vocab
        ids = None
        if self.ids_of is not None:  # the words kept (``_prepare(keep_ids=True)``): no need to re-read the text
            local = self.word_ids[self.word_lo[u]:self.word_lo[u + 1]]
            words = self.forms[local].tolist()
            ids = self.ids_of[local].tolist()
            starts = [self.seg_w[x] for x in range(lo, hi)]
            ranges = list(zip(starts, starts[1:] + [len(words)]))
        else:
            words = []
            ranges = []
            for a, b in segments:
                forms = _word_forms(normalize(text[a:b]))
                ranges.append((len(words), len(words) + len(forms)))
                words.extend(forms)
        window = bool(self.window[u])
        whole = (segments[0][0], segments[-1][1]) if window else (0, len(text))
        ln = _Line(u + self.offset, self.file_names[self.file_codes[row]], int(self.docs[row]), int(self.line_nos[row]), text,
                   segments, words, ranges if len(ranges) > 1 else [], whole, window)
        # (a shared vocabulary may lack the words)
        ln.ids = ids if ids is not None else [vocab.setdefault(w, len(vocab)) for w in words]
        ln.keys = _exact_keys(ln.ids, self.k, self.base or len(vocab) + 1)
        self._cache[u] = ln
        return ln

    def repeating(self) -> list[int]:
        """Units in which some shingle occurs twice (the only ones that can double a passage)."""
        return self._repeating


def _word_hash(word: str) -> int:
    """A 64-bit hash of ``word`` that every process computes alike (BLAKE2b; ``hash`` is salted per process)."""
    return int.from_bytes(blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


# Odd 64-bit multipliers of the shingle hash (one per word position, cycled).
_MULT = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0x94D049BB133111EB)


def _exact_keys(ids: list[int], k: int, base: int) -> list[int]:
    """One exact key per shingle of ``ids`` (no two shingles share one)."""
    if k == 1:
        return list(ids)
    if k == 2:
        return [a * base + b for a, b in zip(ids, ids[1:])]
    if k == 3:
        return [(a * base + b) * base + c for a, b, c in zip(ids, ids[1:], ids[2:])]
    keys = []
    for p in range(len(ids) - k + 1):
        key = 0
        for x in ids[p:p + k]:
            key = key * base + x
        keys.append(key)
    return keys


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


def _prepare(corpus, k: int, *, min_words: int, keep_ids: bool = False) -> _Units:
    """Tokenise every non-blank line of ``corpus`` (by sentence) into ``_Units``, streaming: words become
    shingle hashes as they go, and a line longer than ``LONG_LINE`` words becomes windows. ``keep_ids``:
    also keep every word's id (4 bytes a word), so that passages can be rebuilt without their text."""
    from array import array

    lines = corpus.lines
    units = _Units(k, lines)
    if keep_ids:
        units.word_ids = array("I")
    # Speaker labels ("Name: text") are left out of the passage.
    turns = corpus.turns
    said: dict[tuple[str, int], str] = {}
    if len(turns):
        labelled = turns[turns["speaker"].notna() & (turns["speaker"] != "interviewer")]
        for f, ln, t in zip(labelled["file"].astype(str), labelled["line_no"], labelled["text"]):
            said[(f, int(ln))] = t
    sentence_spans = _sentence_source(corpus, lines)
    roles = lines["role"].cat.codes.to_numpy() if hasattr(lines["role"], "cat") else None
    blank = list(lines["role"].cat.categories).index("blank") if roles is not None and \
        "blank" in list(lines["role"].cat.categories) else -1
    texts = units.texts
    for row in range(len(lines)):
        text = texts[row]
        if (roles is not None and roles[row] == blank) or not isinstance(text, str) or not text.strip():
            continue
        norm = normalize(text)
        if len(text) <= _QUICK_CHARS:
            n_all = len(_word_forms(norm))
            units.all_words += n_all
            if n_all < min_words:  # too short to be a passage, whatever its sentences
                continue
        f = units.file_names[units.file_codes[row]]
        ln = int(units.line_nos[row])
        start = 0
        label = said.get((f, ln)) if said else None
        if label:
            at = text.rfind(label)
            start = at if at > 0 else 0
        spans = sentence_spans(row, text) or [(0, len(text))]
        segments = ((max(a, start), b) for a, b in spans if b > start)
        for w_segments, w_forms, window in _units_of_line(norm, segments, units, min_words=min_words,
                                                          count=len(text) > _QUICK_CHARS):
            units.add(row, w_segments, w_forms, window)
    units.finish()
    return units


def _sentence_source(corpus, lines):
    """A function (row, text) -> sentence spans of that line: from ``corpus.sentences`` when it is
    already built, else split on the fly (so that the table is not built only for this)."""
    if "sentences" not in getattr(corpus, "__dict__", {}):
        from ..text.sentences import split

        res = corpus.resources
        return lambda row, text: split(text, resources=res)
    import numpy as np

    s = corpus.sentences
    if not len(s):
        return lambda row, text: []
    # Row of the lines table of each sentence: lines are in file order, numbered from 1 in each file.
    codes = lines["file"].cat.codes.to_numpy()
    first = {}
    for i, c in enumerate(codes):
        first.setdefault(int(c), i)
    cats = list(lines["file"].cat.categories)
    code_of = {str(c): i for i, c in enumerate(cats)}
    srow = np.array([first[code_of[str(f)]] for f in s["file"]], dtype=np.int64) + s["line_no"].to_numpy() - 1
    order = np.argsort(srow, kind="stable")
    srow = srow[order]
    a = s["start"].to_numpy()[order]
    b = s["end"].to_numpy()[order]

    def spans(row: int, text: str) -> list[tuple[int, int]]:
        lo, hi = np.searchsorted(srow, [row, row + 1])
        return list(zip(a[lo:hi].tolist(), b[lo:hi].tolist()))

    return spans


_QUICK_CHARS = 20_000  # a line up to this long is counted first (skipped if too short); a longer one streams


def _units_of_line(norm: str, segments, units: _Units, *, min_words: int, count: bool):
    """Yield ``(segments, forms, window)`` for the units of one line: the line itself when it has at most
    ``LONG_LINE`` words, else windows of whole sentences of at most ``LONG_LINE`` words (a longer
    sentence cut at word boundaries; a last window under a tenth of ``LONG_LINE`` words joins the one
    before). Streams: a line of any length holds no more than two windows' words at a time.
    ``count``: add the line's words to ``units.all_words`` (a short line was counted already)."""
    floor = max(min_words, LONG_LINE // 10)
    done: tuple[list, list, int] | None = None     # the last full window, held until the next one starts
    cur: tuple[list, list, int] = ([], [], 0)
    windows = False
    for seg, forms in _pieces(norm, segments):
        if count:
            units.all_words += len(forms)
        if cur[2] and cur[2] + len(forms) > LONG_LINE:
            if done is not None:
                yield done[0], done[1], True
            elif not windows:
                windows = True
                units.bitten["windows"] += 1
            done, cur = cur, ([], [], 0)
        cur[0].append(seg)
        cur[1].append(forms)
        cur = (cur[0], cur[1], cur[2] + len(forms))
    if done is None:
        if cur[2] >= min_words:
            yield cur[0], cur[1], False
        return
    if cur[2] < floor:
        done[0].extend(cur[0])
        done[1].extend(cur[1])
        done = (done[0], done[1], done[2] + cur[2])
        cur = ([], [], 0)
    if done[2] >= min_words:
        yield done[0], done[1], True
    if cur[2] >= min_words:
        yield cur[0], cur[1], True


def _pieces(norm: str, segments):
    """``((start, end), forms)`` of each segment with words, a segment of more than ``LONG_LINE`` words
    cut at word boundaries into pieces of ``LONG_LINE`` words (found match by match, not all at once)."""
    for a, b in segments:
        if b - a <= 2 * LONG_LINE:  # fewer than LONG_LINE words, whatever they are
            forms = _word_forms(norm[a:b])
            if forms:
                yield (a, b), forms
            continue
        start = end = None
        n = 0
        for m in WORD.finditer(norm, a, b):
            if start is None:
                start = m.start()
            n += 1 + len(glue_points(m.group()))
            end = m.end()
            if n >= LONG_LINE:
                yield (start, end), _word_forms(norm[start:end])
                start, n = None, 0
        if start is not None and end is not None:
            yield (start, end), _word_forms(norm[start:end])


def _distinct(units: _Units, *, chunks: int = 1):
    """Yield, per range of hash values, the distinct (shingle hash, unit) pairs sorted by hash then unit."""
    import numpy as np

    hk = units.hk
    lo = units.key_lo
    shift = np.uint32(32 - max(0, (chunks - 1).bit_length()))
    for c in range(chunks):
        if chunks == 1:
            pos = np.arange(len(hk), dtype=np.int64)
        else:
            pos = np.flatnonzero((hk >> shift) == c)
        owner = np.searchsorted(lo, pos, side="right") - 1
        codes = np.unique((hk[pos].astype(np.uint64) << np.uint64(32)) | owner.astype(np.uint64))
        yield (codes >> np.uint64(32)).astype(np.uint32), (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)


def _index_shingles(units: _Units, *, groups: bool) -> None:
    """Find the stop-shingles (``STOP_SHARE``, ``STOP_MIN``), the units in which a shingle repeats, and
    (``groups``, for the exact method) the units sharing each shingle; all by sorting, chunk by chunk."""
    import numpy as np

    n = len(units)
    units.stop_limit = max(STOP_MIN, math.ceil(STOP_SHARE * n))
    distinct_per_unit = np.zeros(n, dtype=np.int64)
    stops = []
    chunks = 1
    while chunks < 256 and len(units.hk) > chunks << 19:  # about half a million shingles a chunk
        chunks *= 2
    units._groups = []
    for keys, owners in _distinct(units, chunks=chunks):
        distinct_per_unit += np.bincount(owners, minlength=n)
        if not len(keys):
            continue
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        sizes = np.diff(np.r_[starts, len(keys)])
        stop = sizes > units.stop_limit
        stops.append(keys[starts[stop]])
        size_of = np.repeat(sizes, sizes)
        shared = (size_of >= 2) & (size_of <= units.stop_limit)
        if groups:
            units.bitten["lookback"] += int(((sizes > LOOKBACK + 1) & ~stop).sum())
            units._groups.append((keys[shared], owners[shared]))
    units.stop_keys = np.unique(np.concatenate(stops)) if stops else np.zeros(0, np.uint32)
    units.bitten["stop_shingles"] = len(units.stop_keys)
    units._repeating = np.flatnonzero(distinct_per_unit < units.n_keys).tolist() if n else []


def _pairs_from_groups(keys, owners, counts: "dict", *, lookback: int = LOOKBACK):
    """Add to the running pair counts (code i<<32|j -> count) the pairs of owners in the same group
    (equal ``keys``; owners ascending within a group), each owner with its ``lookback`` nearest earlier ones."""
    import numpy as np

    parts = []
    for o in range(1, min(lookback, len(keys) - 1) + 1):
        same = keys[o:] == keys[:-o]
        i, j = owners[:-o][same], owners[o:][same]
        diff = i != j
        if diff.any():
            parts.append((i[diff].astype(np.uint64) << np.uint64(32)) | j[diff].astype(np.uint64))
        if not same.any():
            break
    if parts:
        counts["parts"].extend(parts)
        counts["size"] += sum(len(p) for p in parts)
        if counts["size"] > 1 << 19:
            _reduce(counts)


def _reduce(counts: dict) -> None:
    """Merge the collected pair codes into the running (sorted unique codes, their counts)."""
    import numpy as np

    if not counts["parts"]:
        return
    new = np.concatenate(counts["parts"])
    counts["parts"], counts["size"] = [], 0
    new.sort()
    starts = np.flatnonzero(np.r_[True, new[1:] != new[:-1]])
    uniq, n = new[starts], np.diff(np.r_[starts, len(new)])
    del new, starts
    codes, weights = counts["codes"], counts["weights"]
    if len(codes):
        at = np.searchsorted(codes, uniq)
        known = at < len(codes)
        known[known] = codes[at[known]] == uniq[known]
        np.add.at(weights, at[known], n[known])
        uniq, n = uniq[~known], n[~known]
        if len(uniq):
            merged = np.concatenate([codes, uniq])
            order = np.argsort(merged, kind="stable")
            codes, weights = merged[order], np.concatenate([weights, n])[order]
    else:
        codes, weights = uniq, n.astype(np.int64)
    counts["codes"], counts["weights"] = codes, weights


def _new_counts() -> dict:
    import numpy as np

    return {"codes": np.zeros(0, np.uint64), "weights": np.zeros(0, np.int64), "parts": [], "size": 0}


def _select(bitten: dict, counts: dict, *, least: int) -> list[tuple[int, int]]:
    """Candidate pairs (i < j) with at least ``least`` shared shingles (or bands); each unit j keeps the
    ``MAX_CANDIDATES`` earlier units sharing most (then the earliest)."""
    import numpy as np

    _reduce(counts)
    codes, w = counts["codes"], counts["weights"]
    keep = w >= least
    codes, w = codes[keep], w[keep]
    if not len(codes):
        return []
    i = (codes >> np.uint64(32)).astype(np.int64)
    j = (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)
    order = np.lexsort((i, -w, j))
    i, j = i[order], j[order]
    starts = np.flatnonzero(np.r_[True, j[1:] != j[:-1]])
    sizes = np.diff(np.r_[starts, len(j)])
    rank = np.arange(len(j)) - np.repeat(starts, sizes)
    bitten["candidates"] += int((sizes > MAX_CANDIDATES).sum())
    ok = rank < MAX_CANDIDATES
    out = np.stack([i[ok], j[ok]], axis=1)
    out = out[np.lexsort((out[:, 1], out[:, 0]))]
    return [(int(x), int(y)) for x, y in out]


def _exact_candidates(units: _Units, *, min_shared: int) -> list[tuple[int, int]]:
    """Pairs of units (indices, i < j) sharing at least ``min_shared`` distinct shingles.

    The (shingle, unit) pairs are sorted by shingle; units holding the same shingle pair up, each with
    its ``LOOKBACK`` nearest earlier holders (stop-shingles left out); the pairs are counted by sorting.
    Memory is linear in the words; time in the words times ``LOOKBACK``.
    """
    counts = _new_counts()
    for keys, owners in units._groups:
        _pairs_from_groups(keys, owners, counts)
    return _select(units.bitten, counts, least=min_shared)


_PRIME = (1 << 61) - 1   # datasketch's Mersenne prime and hash range
_MAX_HASH = (1 << 32) - 1
_CHUNK = 1 << 18         # shingle hashes permuted at a time (bounds the temporary arrays)


def _minhash_candidates(units: _Units, *, min_words: int, num_perm: int, lsh_threshold: float,
                        seed: int) -> list[tuple[int, int]]:
    """Candidate pairs of units (i < j) from MinHash + LSH over every unit and every sentence passage.

    Passages whose rows of a band are equal share a bucket (``band_records``); each pairs with its
    ``LOOKBACK`` nearest earlier bucket mates; a unit keeps the ``MAX_CANDIDATES`` earlier units sharing
    most bands (``_select``). Memory: the shingle hashes plus one array of that size; no index of
    buckets is kept.
    """
    counts = _new_counts()
    for _, sig, own in band_records(units, min_words=min_words, num_perm=num_perm, lsh_threshold=lsh_threshold,
                                    seed=seed):
        bucket_pairs(sig, own, counts, units.bitten)
    return _select(units.bitten, counts, least=1)


def bucket_pairs(sig, own, counts: dict, bitten: dict) -> None:
    """Add to ``counts`` the pairs of passages' units sharing a bucket (``sig`` sorted, then ``own``
    ascending within it), each with its ``LOOKBACK`` nearest earlier mates; count the buckets where that bit."""
    import numpy as np

    if len(sig) > 1:
        starts = np.flatnonzero(np.r_[True, sig[1:] != sig[:-1]])
        sizes = np.diff(np.r_[starts, len(sig)])
        bitten["lookback"] += int((sizes > LOOKBACK + 1).sum())
        _pairs_from_groups(sig, own, counts)


def band_records(units: _Units, *, min_words: int, num_perm: int, lsh_threshold: float, seed: int):
    """Yield ``(band, keys, units)`` per LSH band: the band key of every passage that has a shingle other
    than a stop-shingle (``units.stop_keys``), and the passage's unit (index + ``units.offset``), sorted by
    key, then unit.

    Passages: each unit, and each sentence of at least ``min_words`` words of a unit with two or
    more sentences (its shingles inside the sentence). Signatures: datasketch's ``MinHash(num_perm,
    seed)`` permutations applied to the passages' shingle hashes (stop-shingles left out), computed one
    band at a time with numpy; bands and rows as datasketch's ``MinHashLSH(lsh_threshold, num_perm)``
    chooses them. A band key is the band's rows mixed into 64 bits.
    """
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    bands, rows = lsh.b, lsh.r
    perm_a, perm_b = MinHash(num_perm=num_perm, seed=seed).permutations
    hk = units.hk
    n = len(units)
    if not n:
        return
    # Passages: [key_lo, key_hi) ranges in hk, units first, then sentences (both in corpus order).
    k = units.k
    p_lo = [units.key_lo[:-1]]
    p_hi = [units.key_lo[1:]]
    p_owner = [np.arange(n, dtype=np.int64)]
    s_lo, s_hi, s_owner = [], [], []
    for u in range(n):
        lo, hi = units.segments(u)
        if hi - lo < 2:
            continue
        base = int(units.key_lo[u])
        words = int(units.n_words_np[u])
        for x in range(lo, hi):
            w0 = units.seg_w[x]
            w1 = units.seg_w[x + 1] if x + 1 < hi else words
            if w1 - w0 >= min_words:
                s_lo.append(base + w0)
                s_hi.append(base + w1 - k + 1)
                s_owner.append(u)
    p_lo.append(np.array(s_lo, dtype=np.int64))
    p_hi.append(np.array(s_hi, dtype=np.int64))
    p_owner.append(np.array(s_owner, dtype=np.int64))
    stop = np.isin(hk, units.stop_keys) if len(units.stop_keys) else None
    stop_at = np.flatnonzero(stop) if stop is not None else np.zeros(0, dtype=np.int64)
    live = []  # passages with a shingle that is not a stop-shingle
    for plo, phi in zip(p_lo, p_hi):
        n_stop = np.searchsorted(stop_at, phi) - np.searchsorted(stop_at, plo)
        live.append((phi - plo) > n_stop)
    owner = np.concatenate(p_owner)
    alive = np.concatenate(live)
    own_alive = owner[alive] + units.offset
    values = np.empty(len(hk) + 1, dtype=np.uint32)  # one permutation's hash of every shingle (+ sentinel)
    values[-1] = _MAX_HASH
    for band in range(bands):
        sig = np.zeros(len(owner), dtype=np.uint64)
        for r in range(rows):
            perm = band * rows + r
            mul, add = np.uint64(perm_a[perm]), np.uint64(perm_b[perm])
            for x in range(0, len(hk), _CHUNK):
                chunk = hk[x:x + _CHUNK].astype(np.uint64)
                chunk *= mul
                chunk += add
                chunk %= np.uint64(_PRIME)
                chunk &= np.uint64(_MAX_HASH)
                values[x:x + len(chunk)] = chunk
            if len(stop_at):
                values[stop_at] = _MAX_HASH
            mins = []
            for plo, phi in zip(p_lo, p_hi):
                if not len(plo):
                    mins.append(np.zeros(0, dtype=np.uint64))
                    continue
                idx = np.empty(2 * len(plo), dtype=np.int64)
                idx[0::2], idx[1::2] = plo, phi
                mins.append(np.minimum.reduceat(values, idx)[0::2].astype(np.uint64))
            sig = sig * np.uint64(0x100000001B3) + np.concatenate(mins) + np.uint64(r + 1)
        sig = sig[alive]
        # passages of one bucket, in corpus order: sort owners within equal signatures
        order = np.lexsort((own_alive, sig))
        yield band, sig[order], own_alive[order]


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
        return line.whole
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
    if (phi - plo) * len(container.ids) > ALIGN_MAX:
        # Too large for difflib (quadratic on repetitive text): the container's words in shingles of the passage.
        mask = _covered(container, 0, len(container.ids), frozenset(passage.keys[plo:max(plo, phi - k + 1)]), k)
        if any(mask):
            return _extent(mask)
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
    # (An edge moves past a sentence's end or start only when the stretch goes on beyond it, so that a
    # stretch inside the last words of a sentence is not moved out of it.)
    for slo, shi in container.sents:
        near = max(2, (shi - slo) // 5)
        if slo < lo < shi:
            if lo - slo <= near:
                lo = slo
            elif shi - lo <= near and shi < hi:
                lo = shi
        if slo < hi < shi:
            if hi - slo <= near and slo > lo:
                hi = slo
            elif shi - hi <= near:
                hi = shi
    n = len(container.ids)
    lo = min(lo, n - 1)
    return lo, min(max(hi, lo + 1), n)


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
        return [_Pair(a, a.whole, b, b.whole, 1.0, na, text, "exact")]
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
        return [_Pair(a, a.whole, b, b.whole, r, c, _text(short, lo, hi), "near")]
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


def _internal(line: _Line, *, min_words: int, threshold: float, k: int, bitten: dict | None = None) -> list[_Pair]:
    """Passages doubled within one line: exact repeated runs of words, then near-identical sentence pairs.

    Linear in the line: each occurrence of a shingle is paired with its ``INTERNAL_LOOKBACK`` nearest
    earlier occurrences (the runs of such pairs at one distance are the doubled passages), and two
    sentences are compared only when they share a shingle (each sentence with the ``LOOKBACK``
    nearest earlier sentences holding it).
    """
    keys = line.keys
    n = len(line.ids)
    found: list[tuple] = []  # (first word range, second word range, similarity, shared words)
    last: dict[int, list[int]] = {}
    diag: dict[int, list[int]] = {}
    capped = False
    for p, key in enumerate(keys):
        prev = last.get(key)
        if prev is None:
            last[key] = [p]
            continue
        for q in prev:
            if p - q >= k:
                diag.setdefault(p - q, []).append(q)
        if len(prev) == INTERNAL_LOOKBACK:
            del prev[0]
            capped = True
        prev.append(p)
    if capped and bitten is not None:
        bitten["internal"] += 1
    for d in sorted(diag):
        starts = diag[d]  # ascending: appended in the order of the later occurrence
        x = y = starts[0]
        for s in starts[1:] + [-2]:
            if s == y + 1:
                y = s
                continue
            lo, hi = x, min(y + k, x + d)
            if hi - lo >= min_words:
                found.append(((lo, hi), (lo + d, hi + d), 1.0, hi - lo))
            x = y = s
    found.extend(_near_sentences(line, min_words=min_words, threshold=threshold, k=k))
    # Most shared words first (exact before near). A copy is removed once; a pair may not point at a
    # removed copy, and may not remove a copy that another pair keeps as its first.
    found.sort(key=lambda f: (-f[3], -f[2], f[0], f[1]))
    kept: list[tuple] = []
    removed, firsts = bytearray(n + 1), bytearray(n + 1)
    for first, second, sim, c in found:
        if removed.find(1, *second) >= 0 or removed.find(1, *first) >= 0 or firsts.find(1, *second) >= 0:
            continue
        kept.append((first, second, sim, c))
        removed[second[0]:second[1]] = b"\x01" * (second[1] - second[0])
        firsts[first[0]:first[1]] = b"\x01" * (first[1] - first[0])
    out = []
    end = len(line.text.rstrip()) if not line.window else line.whole[1]
    for first, second, sim, c in sorted(kept):
        first_chars = _char_range(line, *first)
        second_chars = _char_range(line, *second)
        if second[1] == n:  # a doubled ending takes its closing punctuation with it
            second_chars = (second_chars[0], max(second_chars[1], end))
        out.append(_Pair(line, first_chars, line, second_chars, sim, c, _text(line, *first), "internal"))
    return out


def _near_sentences(line: _Line, *, min_words: int, threshold: float, k: int) -> list[tuple]:
    """Pairs of sentences of ``line`` of which the shorter (``min_words`` or more) is mostly in the longer:
    (first range, second range, similarity, shared words). Only sentences sharing a shingle are compared."""
    keys = line.keys
    holders: dict[int, list[int]] = {}
    out = []
    for y, (lo2, hi2) in enumerate(line.sents):
        mine = set(keys[lo2:max(lo2, hi2 - k + 1)])
        near: set[int] = set()
        for key in mine:
            held = holders.setdefault(key, [])
            near.update(held)
            held.append(y)
            if len(held) > LOOKBACK:
                del held[0]
        for x in sorted(near):
            lo1, hi1 = line.sents[x]
            short, long_ = ((lo1, hi1), (lo2, hi2)) if hi1 - lo1 <= hi2 - lo2 else ((lo2, hi2), (lo1, hi1))
            size = short[1] - short[0]
            if size < min_words:
                continue
            other = frozenset(keys[long_[0]:max(long_[0], long_[1] - k + 1)])
            c = sum(_covered(line, short[0], short[1], other, k))
            if c >= min_words and c / size >= threshold:
                out.append(((lo1, hi1), (lo2, hi2), c / size, c))
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
