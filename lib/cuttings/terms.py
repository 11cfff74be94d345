"""Term frequencies, n-grams, keyness, concordances (KWIC), collocates, dispersion and framing words.

Every function takes a ``Corpus`` and returns a pandas DataFrame (columns in its docstring). Words
come from the one tokenizer, ``cuttings.tokens``: case folded, curly quotes straightened, hyphenated
words whole, listed name variants (``data/aliases.tsv``) counted as their canonical name when
``aliases=True`` ("Mojahedin Khalq Organization", "PMOI" and "Mujahideen" are all "MEK").

Which lines are counted: ``roles`` (default ``DEFAULT_ROLES``: title, body, caption, question,
answer, statement). Bylines, credits, sign-offs, signatures, salutations, links, dates, headings
and list items are apparatus and left out unless asked for. Counts are of what the texts say; they
measure wording, not the truth of any claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .figures import styled
from .io import CuttingsError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Line roles counted by default: the running text of pieces, interview speech, titles and
# captions (captions and pull quotes carry much of the framing in press pieces).
DEFAULT_ROLES = ("title", "body", "caption", "question", "answer", "statement")
# Group label for pieces with no value in the grouping column (e.g. no known source).
UNKNOWN = "(unknown)"
# Hardie's Log Ratio: a zero frequency is replaced by this before taking the ratio.
LOG_RATIO_ZERO = 0.5

FREQUENCY_COLUMNS = {
    "term": "word, name (canonical form) or n-gram (tokens joined by one space)",
    "count": "occurrences in the group's counted lines",
    "per_1k": "count per 1,000 tokens of the group (tokens: words and names, stop words included, numbers not)",
    "n_docs": "pieces of the group in which the term occurs (document frequency)",
    "group": "the group: 'all', a doc_id (by='piece') or a value of the documents column (by='kind', 'source')",
}
KEYNESS_COLUMNS = {
    "group": "target group (compared with all other groups together, the reference)",
    "term": "word, name or n-gram",
    "count_target": "occurrences in the target group",
    "count_reference": "occurrences in the other groups",
    "g2": "log-likelihood G2 of the 2x2 table (term / other tokens x target / reference), signed: "
          "positive = relatively more frequent in the target, negative = less",
    "log_ratio": "Hardie's Log Ratio: log2 of (relative frequency in target / in reference), zero counts as 0.5",
    "p_value": "p-value of |g2| under chi-square with 1 degree of freedom (no correction for many tests)",
    "per_1k_target": "count_target per 1,000 tokens of the target",
    "per_1k_reference": "count_reference per 1,000 tokens of the reference",
}
KWIC_COLUMNS = {
    "doc_id": "piece", "line_no": "line in its file (1-based)",
    "left": "text before the match (up to `window` tokens, within the line)",
    "match": "the match as written in the line (e.g. 'Mujahideen' for the term MEK)",
    "right": "text after the match (up to `window` tokens, within the line)",
    "start": "character offset of the match in the line (0-based)", "end": "offset just past the match",
    "position": "token offset of the match in the counted lines (0-based; see dispersion)",
    "file": "input file",
}
COLLOCATE_COLUMNS = {
    "term": "collocate (word or name)",
    "count": "co-occurrences O: tokens of the collocate within `window` tokens left or right of the node "
             "(same line; a token near two occurrences counts once)",
    "count_left": "of which before an occurrence", "count_right": "of which after an occurrence "
                  "(left + right exceeds count when a token lies between two occurrences)",
    "freq": "frequency of the collocate in the counted lines (f_c)",
    "expected": "E = R * f_c / N, R = token positions in the windows (each once), N = tokens in the counted lines",
    "mi": "mutual information log2(O / E)",
    "log_likelihood": "G2 of the 2x2 table [O, R-O; f_c-O, N-R-f_c+O], signed (negative if O < E)",
    "t_score": "(O - E) / sqrt(O)",
}
DISPERSION_COLUMNS = {
    "term": "the term as asked for", "doc_id": "piece", "line_no": "line in its file (1-based)",
    "position": "token offset in the counted lines of the corpus (0-based; every token counts: words, "
                "numbers, stop words, a name as one token)",
    "relative": "position / number of tokens (0 = start of the corpus, 1 = end)",
    "start": "character offset of the match in the line", "end": "offset just past the match",
    "match": "the match as written",
}
BOUNDARY_COLUMNS = {
    "doc_id": "piece", "start": "token position of the piece's first counted token",
    "end": "token position just past its last one", "relative_start": "start / number of tokens",
    "relative_end": "end / number of tokens", "n_tokens": "end - start", "kind": "kind of piece",
    "label": "short label: '#3 interview · title…'",
}
FRAMING_COLUMNS = {
    "group": "group (source, kind, piece or 'all')",
    "frame": "label of data/framing.txt (or of the given lexicon), in lexicon order",
    "count": "tokens of the group matching the label's word forms",
    "per_1k": "count per 1,000 tokens of the group (same tokens as frequencies' per_1k)",
    "n_docs": "pieces of the group using at least one of the label's words",
    "n_tokens": "tokens in the group's counted lines",
    "forms": "the forms found with their counts, most frequent first ('terrorist 20, terrorism 8')",
}


# ----------------------------------------------------------------------------------------------
# Lines, groups and the term-document matrix
# ----------------------------------------------------------------------------------------------

def content_lines(corpus, *, roles=DEFAULT_ROLES, dedup: bool = False, labels: bool = False) -> "pd.DataFrame":
    """Return the lines counted by the analyses: columns of ``corpus.lines``, non-blank, role in ``roles``.

    ``roles=None`` keeps every non-blank line. ``dedup=True`` first removes repeated passages with
    ``cuttings.reuse.unique_text`` (later repeats of a repeated line or sentence are dropped).
    Speaker labels of interview turns ("ABC News: Can you...") are transcript apparatus, not
    wording: unless ``labels=True`` they are replaced by spaces (so character offsets stay valid).
    """
    if dedup:
        try:
            from .reuse import unique_text
        except ImportError:
            raise CuttingsError("dedup=True needs cuttings.reuse.unique_text, which is not available") from None
        lines = unique_text(corpus)
    else:
        lines = corpus.lines
    keep = (lines["text"].astype(str).str.strip() != "") & lines["doc_id"].isin(corpus.documents["doc_id"])
    if roles is not None:
        roles = [roles] if isinstance(roles, str) else list(roles)
        keep &= lines["role"].astype(str).isin(roles)
    lines = lines.loc[keep].reset_index(drop=True)
    if not labels:
        lines = _mask_labels(corpus, lines)
    return lines


def _mask_labels(corpus, lines):
    """Replace the 'Speaker: ' prefix of labelled turns by spaces (same length)."""
    turns = corpus.turns
    if not len(turns) or not len(lines):
        return lines
    said = {(str(f), int(n)): t for f, n, t, s in zip(turns["file"], turns["line_no"], turns["text"],
                                                        turns["speaker"]) if isinstance(s, str)}
    if not said:
        return lines
    texts = lines["text"].astype(str).tolist()
    changed = False
    for i, (f, n) in enumerate(zip(lines["file"].astype(str), lines["line_no"])):
        rest = said.get((f, int(n)))
        if rest:
            k = texts[i].find(rest)
            if k > 0 and texts[i][:k].rstrip().endswith(":"):
                texts[i] = " " * k + texts[i][k:]
                changed = True
    if changed:
        lines = lines.copy()
        lines["text"] = texts
    return lines


def _group_of_docs(corpus, by) -> tuple[dict, list]:
    """Return ({doc_id: group}, groups in order) for ``by`` (None, 'piece' or a documents column)."""
    docs = corpus.documents
    ids = docs["doc_id"].tolist()
    if by is None:
        return {d: "all" for d in ids}, ["all"] if ids else []
    if by in ("piece", "doc_id"):
        return {d: int(d) for d in ids}, [int(d) for d in ids]
    if by not in docs.columns:
        if by == "source":
            raise CuttingsError("by='source' needs a 'source' column in the documents table, which this "
                                "corpus does not have; use by='kind' or by='piece'")
        raise CuttingsError(f"cannot group by {by!r}: use 'piece', 'source', 'kind' or a column of the "
                            f"documents table ({', '.join(map(str, docs.columns))})")
    import pandas as pd

    values = [(v.strip() or UNKNOWN) if isinstance(v, str) else (UNKNOWN if pd.isna(v) else str(v))
              for v in docs[by].tolist()]
    order = list(dict.fromkeys(v for v in values if v != UNKNOWN))
    if UNKNOWN in values:
        order.append(UNKNOWN)
    return dict(zip(ids, values)), order


@dataclass
class _Counts:
    """Term counts aggregated per group, with token totals and document frequencies."""

    terms: "object"          # numpy array of term strings (columns)
    groups: list             # group labels (rows), in order
    counts: "object"         # scipy CSR, groups x terms
    n_docs: "object"         # scipy CSR, groups x terms
    n_tokens: "object"       # numpy int64 array, tokens per group
    lines: "pd.DataFrame"    # the counted lines
    piece_counts: "object"   # scipy CSR, pieces x terms (pieces: piece_ids order)
    piece_ids: list          # doc_ids of the pieces
    piece_groups: "object"   # scipy CSR indicator, groups x pieces


def _indicator(codes, n_rows: int):
    import numpy as np
    from scipy import sparse

    codes = np.asarray(codes, dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(codes), dtype=np.int64), (codes, np.arange(len(codes)))),
                             shape=(n_rows, len(codes)))


def term_matrix(texts, *, ngram: int = 1, aliases: bool = True, numbers: bool = False, stop: bool = False):
    """Return ``(X, terms, n_tokens)`` for a list of texts, built with scikit-learn's ``CountVectorizer``.

    ``X``: sparse counts (texts x terms, int64), ``terms``: numpy array of the terms (sorted),
    ``n_tokens``: tokens per text (words and names with stop words, numbers only if ``numbers``).
    Unigrams are counted with stop words and their columns dropped afterwards unless ``stop=True``
    (so one pass gives both counts and totals); n-grams are formed after stop words are removed.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    from .lexicon import stop_words
    from .tokens import Analyzer, tokenize

    texts = list(texts)
    if ngram < 1:
        raise CuttingsError(f"ngram must be 1 or more, not {ngram}")

    def vectorize(analyzer):
        vec = CountVectorizer(analyzer=analyzer, dtype=np.int64)
        try:
            X = vec.fit_transform(texts)
        except ValueError:  # no token at all
            return sparse.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
        return X.tocsr(), vec.get_feature_names_out().astype(object)

    if ngram == 1:
        X, terms = vectorize(Analyzer(aliases=aliases, numbers=numbers, stop=True))
        n_tokens = np.asarray(X.sum(axis=1)).ravel().astype(np.int64)
        if not stop and len(terms):
            stops = stop_words()
            keep = np.array([t not in stops for t in terms], dtype=bool)
            X, terms = X[:, keep], terms[keep]
    else:
        X, terms = vectorize(Analyzer(aliases=aliases, numbers=numbers, stop=stop, ngram_range=(ngram, ngram)))
        n_tokens = np.array([len(tokenize(t, aliases=aliases, numbers=numbers, stop=True)) for t in texts],
                            dtype=np.int64)
    return X, terms, n_tokens


def _counts(corpus, *, by, ngram=1, aliases=True, numbers=False, roles=DEFAULT_ROLES, dedup=False) -> _Counts:
    import numpy as np

    lines = content_lines(corpus, roles=roles, dedup=dedup)
    group_of, groups = _group_of_docs(corpus, by)
    code = {g: i for i, g in enumerate(groups)}
    X, terms, n_tok = term_matrix(lines["text"].astype(str).tolist(), ngram=ngram, aliases=aliases,
                                  numbers=numbers)
    doc_ids = lines["doc_id"].astype(np.int64).to_numpy()
    line_group = np.array([code[group_of[d]] for d in doc_ids], dtype=np.int64)
    G = _indicator(line_group, len(groups))
    counts = (G @ X).tocsr()
    n_tokens = np.asarray(G @ n_tok).ravel().astype(np.int64)
    # document frequency: pieces whose counted lines contain the term, summed per group
    piece_ids = sorted(group_of)
    piece_code = {d: i for i, d in enumerate(piece_ids)}
    P = _indicator([piece_code[d] for d in doc_ids], len(piece_ids))
    piece_counts = (P @ X).tocsr()
    GP = _indicator([code[group_of[d]] for d in piece_ids], len(groups))
    n_docs = (GP @ (piece_counts > 0).astype(np.int64)).tocsr()
    return _Counts(terms, groups, counts, n_docs, n_tokens, lines, piece_counts, piece_ids, GP)


# ----------------------------------------------------------------------------------------------
# Frequencies, n-grams, keyness
# ----------------------------------------------------------------------------------------------

def frequencies(corpus, *, by=None, ngram: int = 1, top: int | None = None, aliases: bool = True,
                roles=DEFAULT_ROLES, dedup: bool = False, numbers: bool = False,
                min_count: int = 1) -> "pd.DataFrame":
    """Return term frequencies: one row per group and term that occurs in it.

    Columns (``FREQUENCY_COLUMNS``): term, count, per_1k (per 1,000 tokens of the group, counting
    words and names with stop words, not numbers), n_docs (pieces of the group containing the
    term), group. ``by``: None (whole corpus, group 'all'), 'piece' (group = doc_id), 'kind',
    'source' (the documents table's normalised outlet; pieces without one are '(unknown)') or another
    documents column. ``ngram``: 1 (stop words dropped), 2 or 3 (formed after stop words are
    dropped, within a line). ``top``: keep the N most frequent per group. ``aliases=False`` counts
    the raw words instead of canonical names. ``dedup``: count repeated passages once
    (``cuttings.reuse.unique_text``). Rows: groups in order, then count descending, then term.
    """
    import numpy as np
    import pandas as pd

    c = _counts(corpus, by=by, ngram=ngram, aliases=aliases, numbers=numbers, roles=roles, dedup=dedup)
    coo = c.counts.tocoo()
    rows, cols, vals = coo.row, coo.col, coo.data
    keep = vals >= min_count
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    ndocs = np.asarray(c.n_docs[rows, cols]).ravel() if len(rows) else np.array([], dtype=np.int64)
    totals = c.n_tokens[rows]
    per_1k = np.divide(vals * 1000.0, totals, out=np.zeros(len(vals)), where=totals > 0)
    df = pd.DataFrame({
        "term": c.terms[cols] if len(cols) else np.array([], dtype=object),
        "count": vals.astype(np.int64), "per_1k": per_1k, "n_docs": ndocs.astype(np.int64),
        "_g": rows.astype(np.int64),
    })
    df = df.sort_values(["_g", "count", "term"], ascending=[True, False, True], kind="stable")
    if top is not None:
        df = df.groupby("_g", sort=False).head(top)
    groups = np.array(c.groups, dtype=object)
    df["group"] = groups[df["_g"].to_numpy()] if len(df) else pd.Series([], dtype=object)
    if by in ("piece", "doc_id") and len(df):
        df["group"] = df["group"].astype(np.int64)
    return df.drop(columns="_g").reset_index(drop=True)


def ngrams(corpus, *, n: int = 2, **options) -> "pd.DataFrame":
    """Return n-gram frequencies (``n`` = 2 or 3): ``frequencies(corpus, ngram=n, **options)``."""
    if n not in (2, 3):
        raise CuttingsError(f"n-grams of {n} tokens are not offered: use n=2 or n=3")
    return frequencies(corpus, ngram=n, **options)


def g2_table(a, b, c, d, *, correction: str = "none"):
    """Return the signed log-likelihood G² of 2x2 tables, element-wise (numpy arrays or numbers).

    ``a``: term in target, ``b``: term in reference, ``c``: tokens in target, ``d``: tokens in
    reference. The table is [[a, b], [c-a, d-b]]; G² = 2 Σ O ln(O/E) over its four cells with
    E = row total × column total / N (Dunning 1993; quanteda's ``measure="lr"``), 0 ln 0 = 0. The
    sign is + when a/c > b/d. ``correction="williams"`` divides by Williams' q (quanteda's default
    for "lr"). Rayson's two-cell shortcut (used by some web calculators) is not used.
    """
    import numpy as np

    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = c + d
    row1, row2 = a + b, n - a - b
    cells = [(a, c * row1 / n), (b, d * row1 / n), (c - a, c * row2 / n), (d - b, d * row2 / n)]
    total = np.zeros(np.broadcast(a, b, c, d).shape)
    for o, e in cells:
        with np.errstate(divide="ignore", invalid="ignore"):
            total = total + np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / np.where(e > 0, e, 1)), 0.0)
    g2 = 2 * total
    if correction == "williams":
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / c + n / d - 1) * (n / row1 + n / row2 - 1) / (6 * n)
        g2 = np.where(np.isfinite(q) & (q > 0), g2 / q, g2)
    elif correction != "none":
        raise CuttingsError(f"unknown correction {correction!r}: use 'none' or 'williams'")
    with np.errstate(divide="ignore", invalid="ignore"):
        sign = np.sign(a * d - b * c)
    return np.maximum(g2, 0.0) * sign


def log_ratio(a, b, c, d, *, zero: float = LOG_RATIO_ZERO):
    """Return Hardie's Log Ratio log2((a/c) / (b/d)), a zero frequency replaced by ``zero`` (0.5)."""
    import numpy as np

    a, b = (np.where(np.asarray(x, dtype=float) > 0, np.asarray(x, dtype=float), zero) for x in (a, b))
    return np.log2((a / np.asarray(c, dtype=float)) / (b / np.asarray(d, dtype=float)))


def keyness(corpus, *, by="source", target=None, ngram: int = 1, aliases: bool = True, roles=DEFAULT_ROLES,
            dedup: bool = False, min_count: int = 3, absent: bool | None = None, top: int | None = None,
            correction: str = "none") -> "pd.DataFrame":
    """Return keyness of each group (or of ``target``) against all the other groups together.

    Columns (``KEYNESS_COLUMNS``): group, term, count_target, count_reference, g2 (signed
    log-likelihood, + = over-represented in the group), log_ratio (Hardie; zeros as 0.5), p_value
    (chi-square, 1 df), per_1k_target, per_1k_reference. Token totals are the tokens of the
    group's counted lines (words and names, stop words included), as in ``frequencies``.
    ``min_count``: a term enters when it occurs at least that often in the whole corpus.
    ``absent``: also list terms the group never uses (negative keyness); default True except for
    by='piece'. ``top``: keep the N rows with the highest g2 per group. Rows: groups in order, g2
    descending, then term.
    """
    import numpy as np
    import pandas as pd
    from scipy.stats import chi2

    if by is None:
        raise CuttingsError("keyness compares groups: give by='source', 'kind' or 'piece'")
    c = _counts(corpus, by=by, ngram=ngram, aliases=aliases, roles=roles, dedup=dedup)
    if len(c.groups) < 2:
        raise CuttingsError(f"keyness needs at least two groups; by={by!r} gives {len(c.groups)}")
    targets = list(range(len(c.groups)))
    if target is not None:
        lookup = {str(g): i for i, g in enumerate(c.groups)}
        if str(target) not in lookup:
            raise CuttingsError(f"no group {target!r}; groups are: {', '.join(map(str, c.groups))}")
        targets = [lookup[str(target)]]
    if absent is None:
        absent = by not in ("piece", "doc_id")
    total = np.asarray(c.counts.sum(axis=0)).ravel()
    n_all = int(c.n_tokens.sum())
    frames = []
    for g in targets:
        a = c.counts[g].toarray().ravel()
        b = total - a
        keep = total >= min_count
        if not absent:
            keep &= a > 0
        idx = np.flatnonzero(keep)
        a, b = a[idx], b[idx]
        n_t = int(c.n_tokens[g])
        n_r = n_all - n_t
        if n_t == 0 or n_r == 0:
            continue
        g2 = g2_table(a, b, n_t, n_r, correction=correction)
        frames.append(pd.DataFrame({
            "_g": g, "term": c.terms[idx], "count_target": a.astype(np.int64),
            "count_reference": b.astype(np.int64), "g2": g2, "log_ratio": log_ratio(a, b, n_t, n_r),
            "p_value": chi2.sf(np.abs(g2), 1), "per_1k_target": a * 1000.0 / n_t,
            "per_1k_reference": b * 1000.0 / n_r,
        }))
    cols = list(KEYNESS_COLUMNS)
    if not frames:
        return pd.DataFrame({k: [] for k in cols})
    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values(["_g", "g2", "term"], ascending=[True, False, True], kind="stable")
    if top is not None:
        df = df.groupby("_g", sort=False).head(top)
    groups = np.array(c.groups, dtype=object)
    df.insert(0, "group", groups[df["_g"].to_numpy()])
    if by in ("piece", "doc_id"):
        df["group"] = df["group"].astype(np.int64)
    return df[cols].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Token stream: KWIC, collocates, dispersion
# ----------------------------------------------------------------------------------------------

@dataclass
class _Tokens:
    """Token forms of every counted line (the fast path), with each line's first global token position."""

    lines: "pd.DataFrame"
    forms: list           # per line: list of forms (words, numbers, stop words, names as one token)
    offset: "object"      # numpy int64: global position of each line's first token
    total: int            # tokens in all counted lines
    aliases: bool


def _tokens(lines, *, aliases: bool) -> _Tokens:
    import numpy as np

    from .tokens import tokenize

    forms = [tokenize(t, aliases=aliases, numbers=True, stop=True) for t in lines["text"].astype(str)]
    sizes = np.fromiter((len(f) for f in forms), dtype=np.int64, count=len(forms))
    offset = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if len(forms) else sizes
    return _Tokens(lines, forms, offset, int(sizes.sum()), aliases)


@dataclass
class _Stream:
    """Every token of some counted lines (numpy arrays, one entry per token, lines in corpus order)."""

    line: "object"      # index into the counted lines
    form: "object"      # token forms (object array)
    start: "object"     # char offsets in the line
    end: "object"
    kind: "object"      # word, number or name
    position: "object"  # global token position (as in dispersion)


def _stream(toks: _Tokens, rows, *, aliases: bool | None = None) -> _Stream:
    """Return the spans of every token of lines ``rows`` (indices into ``toks.lines``). With
    ``aliases`` different from ``toks.aliases`` the spans are of that tokenization (raw words);
    their positions are then only meaningful through ``_find``."""
    import numpy as np

    from .tokens import token_spans

    aliases = toks.aliases if aliases is None else aliases
    texts = toks.lines["text"].astype(str).to_numpy()
    rows = np.asarray(rows, dtype=np.int64)
    per_line = [token_spans(texts[i], aliases=aliases, numbers=True, stop=True) for i in rows]
    n = np.fromiter((len(t) for t in per_line), dtype=np.int64, count=len(per_line))
    flat = [tok for line_toks in per_line for tok in line_toks]
    line = np.repeat(rows, n)
    local = np.arange(len(flat), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
    return _Stream(
        line=line,
        form=np.array([t.form for t in flat], dtype=object),
        start=np.fromiter((t.start for t in flat), dtype=np.int64, count=len(flat)),
        end=np.fromiter((t.end for t in flat), dtype=np.int64, count=len(flat)),
        kind=np.array([t.kind for t in flat], dtype=object),
        position=toks.offset[line] + local if len(flat) else np.zeros(0, dtype=np.int64),
    )


@dataclass
class _Matches:
    """Matches of a query: indices into the stream (first and last token), and char spans in their lines."""

    query: str
    forms: tuple
    stream: _Stream
    first: "object"   # index of the first stream token of the match
    last: "object"    # index of the last one
    line: "object"
    start: "object"
    end: "object"

    @property
    def position(self):
        return self.stream.position[self.first]


def _query_forms(term: str, *, aliases: bool) -> tuple[tuple[str, ...], bool]:
    """Return the token forms of a query and whether it contains a listed name."""
    from .tokens import token_spans

    toks = token_spans(str(term), aliases=aliases, numbers=True, stop=True)
    if not toks:
        raise CuttingsError(f"nothing to look for in {term!r}: give a word, a name or a phrase")
    return tuple(t.form for t in toks), any(t.kind == "name" for t in toks)


def _seq_find(stream: _Stream, forms: tuple[str, ...]):
    """Return stream indices where ``forms`` occur as consecutive tokens of one line (vectorized)."""
    import numpy as np

    n = len(forms)
    total = len(stream.form)
    if total < n:
        return np.array([], dtype=np.int64)
    cand = np.flatnonzero(stream.form[: total - n + 1] == forms[0])
    for k in range(1, n):
        if not len(cand):
            break
        ok = (stream.form[cand + k] == forms[k]) & (stream.line[cand + k] == stream.line[cand])
        cand = cand[ok]
    return cand.astype(np.int64)


def _find(toks: _Tokens, term: str, *, raw_forms: list | None = None) -> _Matches:
    """Find ``term`` in the counted lines.

    A query naming a listed name (or any query with aliases off) matches the token stream, so a
    name finds all its variants. A query of plain words matches the words as written, also inside
    multiword names: it is found among the raw words and placed on the name token that holds it.
    Only the lines that contain the query's first form are tokenized with spans.
    """
    import numpy as np

    forms, has_name = _query_forms(term, aliases=toks.aliases)
    if has_name or not toks.aliases:
        rows = [i for i, f in enumerate(toks.forms) if forms[0] in f]
        stream = _stream(toks, rows)
        first = _seq_find(stream, forms)
        last = first + len(forms) - 1
        return _Matches(term, forms, stream, first, last, stream.line[first], stream.start[first],
                        stream.end[last])
    if raw_forms is None:
        raw_forms = _raw_forms(toks)
    rows = [i for i, f in enumerate(raw_forms) if forms[0] in f]
    raw = _stream(toks, rows, aliases=False)
    stream = _stream(toks, rows)
    rfirst = _seq_find(raw, forms)
    rlast = rfirst + len(forms) - 1
    # the stream token (same line) starting at or before the raw word: a key sorting by line, then start
    width = int(max(stream.end.max(initial=0), raw.end.max(initial=0))) + 1
    key = stream.line * width + stream.start
    first = np.searchsorted(key, raw.line[rfirst] * width + raw.start[rfirst], side="right") - 1
    last = np.searchsorted(key, raw.line[rlast] * width + raw.start[rlast], side="right") - 1
    return _Matches(term, forms, stream, first.astype(np.int64), last.astype(np.int64), raw.line[rfirst],
                    raw.start[rfirst], raw.end[rlast])


def _raw_forms(toks: _Tokens) -> list:
    from .tokens import tokenize

    return [set(tokenize(t, aliases=False, numbers=True, stop=True)) for t in toks.lines["text"].astype(str)]


def kwic(corpus, term: str, *, window: int = 5, chars: int | None = None, sort: str | None = None,
         aliases: bool = True, roles=None, dedup: bool = False) -> "pd.DataFrame":
    """Return a keyword-in-context concordance of ``term``: one row per occurrence.

    Columns (``KWIC_COLUMNS``): doc_id, line_no, left, match, right, start, end, position, file.
    ``term``: a word, a name or a phrase, tokenized like the texts. With ``aliases`` a query naming
    a listed name finds every variant ("MEK" finds "Mojahedin", "PMOI", "Mujahideen"...; ``match``
    shows the form written); a query of plain words finds the words as written, also inside names
    ("Skanderbeg" in "Skanderbeg Square"). ``window``: tokens of context each side (within the
    line); ``chars``: characters of context instead. ``sort``: None (corpus order), 'left' (by the
    words before the match, nearest first, as AntConc's 1L) or 'right' (by the words after).
    ``roles``: lines searched (default: every non-blank line).
    """
    import numpy as np
    import pandas as pd

    if sort not in (None, "left", "right"):
        raise CuttingsError(f"sort must be 'left', 'right' or None, not {sort!r}")
    lines = content_lines(corpus, roles=roles, dedup=dedup)
    m = _find(_tokens(lines, aliases=aliases), term)
    s = m.stream
    texts = lines["text"].astype(str).to_numpy()
    left, right, keys = [], [], []
    for i in range(len(m.first)):
        li, a, b = int(m.line[i]), int(m.start[i]), int(m.end[i])
        text = texts[li]
        p, q = int(m.first[i]), int(m.last[i])
        lo, hi = p, q
        while lo > 0 and p - lo < window and s.line[lo - 1] == li:
            lo -= 1
        while hi + 1 < len(s.line) and hi - q < window and s.line[hi + 1] == li:
            hi += 1
        if chars is not None:
            ls, rs = max(0, a - chars), min(len(text), b + chars)
        else:
            ls, rs = min(int(s.start[lo]), a), max(int(s.end[hi]), b)
        left.append(text[ls:a].strip())
        right.append(text[b:rs].strip())
        if sort == "left":
            keys.append(" ".join(str(f) for f in s.form[lo:p][::-1]).lower())
        elif sort == "right":
            keys.append(" ".join(str(f) for f in s.form[q + 1:hi + 1]).lower())
    sel = lines.iloc[m.line]
    df = pd.DataFrame({
        "doc_id": sel["doc_id"].astype(np.int64).to_numpy(),
        "line_no": sel["line_no"].astype(np.int64).to_numpy(),
        "left": pd.Series(left, dtype=object),
        "match": pd.Series([texts[int(li)][int(a):int(b)] for li, a, b in zip(m.line, m.start, m.end)],
                           dtype=object),
        "right": pd.Series(right, dtype=object),
        "start": np.asarray(m.start, dtype=np.int64), "end": np.asarray(m.end, dtype=np.int64),
        "position": np.asarray(m.position, dtype=np.int64),
        "file": sel["file"].astype(str).to_numpy(),
    })
    if sort is not None and len(df):
        df["_key"] = keys
        df = df.sort_values(["_key", "position", "start"], kind="stable").drop(columns="_key")
    return df.reset_index(drop=True)


def collocates(corpus, term: str, *, window: int = 5, min_count: int = 2, aliases: bool = True,
               roles=DEFAULT_ROLES, stop: bool = False, numbers: bool = False,
               dedup: bool = False) -> "pd.DataFrame":
    """Return the collocates of ``term``: words and names within ``window`` tokens of it, same line.

    Columns (``COLLOCATE_COLUMNS``): term, count (O), count_left, count_right, freq (f_c),
    expected (E = R f_c / N), mi (log2 O/E), log_likelihood (signed G² of the 2x2 table
    collocate/other tokens x inside/outside the windows: [O, f_c-O; R-O, N-R-f_c+O]), t_score
    ((O-E)/sqrt O). N: tokens of the counted lines (every token: words, numbers, stop words, a
    name as one token); R: token positions within ``window`` of some occurrence of the node, each
    counted once, the node's own tokens excluded (fewer at line edges). Windows are counted over
    every token; listed collocates exclude stop words (unless ``stop``), numbers (unless
    ``numbers``) and the node itself. Rows: count >= ``min_count``, by log_likelihood descending,
    then term.
    """
    from collections import Counter
    from itertools import chain

    import numpy as np
    import pandas as pd

    from .lexicon import stop_words

    if window < 1:
        raise CuttingsError(f"window must be 1 or more, not {window}")
    lines = content_lines(corpus, roles=roles, dedup=dedup)
    toks = _tokens(lines, aliases=aliases)
    m = _find(toks, term)
    s = m.stream
    n = len(s.form)
    codes, uniques = pd.factorize(pd.Series(s.form, dtype=object), sort=True)
    codes = np.asarray(codes, dtype=np.int64)
    offs = np.arange(1, window + 1, dtype=np.int64)
    # window positions as a set: a token near two occurrences of the node counts once, and the
    # node's own tokens never count (so O <= f_c and R <= N: the 2x2 table stays a table)
    node_pos = np.unique(np.concatenate([np.arange(a, b + 1) for a, b in zip(m.first, m.last)])
                         if len(m.first) else np.zeros(0, dtype=np.int64))
    sides = []
    for idx in (m.first[:, None] - offs[None, :], m.last[:, None] + offs[None, :]):
        valid = (idx >= 0) & (idx < n)
        safe = np.where(valid, idx, 0)
        if n:
            valid &= s.line[safe] == m.line[:, None]
        sides.append(np.setdiff1d(np.unique(safe[valid]), node_pos))
    inside = np.union1d(sides[0], sides[1])
    examined = len(inside)
    if not len(uniques) or not examined:
        return pd.DataFrame({k: [] for k in COLLOCATE_COLUMNS})
    o_left, o_right, o = (np.bincount(codes[p], minlength=len(uniques)) for p in (*sides, inside))
    terms_ = np.asarray(uniques, dtype=object)
    kinds = pd.Series(s.kind).groupby(codes).first().reindex(range(len(uniques))).to_numpy()
    stops = stop_words()
    node = set(m.forms) if len(m.forms) == 1 else set()
    keep = [i for i in np.flatnonzero(o >= max(min_count, 1))
            if (stop or terms_[i] not in stops) and (numbers or kinds[i] != "number") and terms_[i] not in node]
    idx = np.asarray(keep, dtype=np.int64)
    # corpus frequency of each collocate: over every counted line, not only those around the node
    freq_of = Counter(chain.from_iterable(toks.forms))
    O = o[idx].astype(float)
    F = np.array([freq_of[t] for t in terms_[idx]], dtype=float)
    R, N = float(examined), float(toks.total)
    E = R * F / N
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.log2(O / E)
        t_score = (O - E) / np.sqrt(O)
    ll = g2_table(O, F - O, R, N - R)
    df = pd.DataFrame({
        "term": terms_[idx], "count": o[idx].astype(np.int64), "count_left": o_left[idx].astype(np.int64),
        "count_right": o_right[idx].astype(np.int64), "freq": F.astype(np.int64),
        "expected": E, "mi": mi, "log_likelihood": ll, "t_score": t_score,
    })
    return df.sort_values(["log_likelihood", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def dispersion(corpus, terms, *, aliases: bool = True, roles=DEFAULT_ROLES, dedup: bool = False) -> "pd.DataFrame":
    """Return where each term occurs along the corpus: one row per occurrence.

    Columns (``DISPERSION_COLUMNS``): term, doc_id, line_no, position (token offset in the counted
    lines, 0-based; every token counts), relative (position / total tokens), start, end, match.
    ``terms``: a term or a list (matched as in ``kwic``). Piece boundaries on the same axis:
    ``piece_boundaries``. Rows: terms in the order given, then position.
    """
    import numpy as np
    import pandas as pd

    terms = [terms] if isinstance(terms, str) else list(terms)
    lines = content_lines(corpus, roles=roles, dedup=dedup)
    toks = _tokens(lines, aliases=aliases)
    raw = None
    total = max(toks.total, 1)
    texts = lines["text"].astype(str).to_numpy()
    frames = []
    for term in terms:
        _, has_name = _query_forms(term, aliases=aliases)
        if aliases and not has_name and raw is None:
            raw = _raw_forms(toks)
        m = _find(toks, term, raw_forms=raw)
        sel = lines.iloc[m.line]
        pos = np.asarray(m.position, dtype=np.int64)
        frames.append(pd.DataFrame({
            "term": term, "doc_id": sel["doc_id"].astype(np.int64).to_numpy(),
            "line_no": sel["line_no"].astype(np.int64).to_numpy(), "position": pos,
            "relative": pos / total, "start": np.asarray(m.start, dtype=np.int64),
            "end": np.asarray(m.end, dtype=np.int64),
            "match": [texts[int(li)][int(a):int(b)] for li, a, b in zip(m.line, m.start, m.end)],
        }))
    if not frames:
        return pd.DataFrame({k: [] for k in DISPERSION_COLUMNS})
    return pd.concat(frames, ignore_index=True)[list(DISPERSION_COLUMNS)]


def piece_boundaries(corpus, *, aliases: bool = True, roles=DEFAULT_ROLES, dedup: bool = False) -> "pd.DataFrame":
    """Return where each piece starts and ends on the token axis of ``dispersion`` (same options).

    Columns (``BOUNDARY_COLUMNS``): doc_id, start, end, relative_start, relative_end, n_tokens,
    kind, label. Pieces with no counted token have start == end.
    """
    import numpy as np
    import pandas as pd

    from .overview import piece_label

    lines = content_lines(corpus, roles=roles, dedup=dedup)
    toks = _tokens(lines, aliases=aliases)
    n_tok = np.fromiter((len(f) for f in toks.forms), dtype=np.int64, count=len(toks.forms))
    per_doc = pd.Series(n_tok).groupby(lines["doc_id"].astype(np.int64).to_numpy()).sum()
    docs = corpus.documents
    sizes = docs["doc_id"].map(per_doc).fillna(0).astype(np.int64).to_numpy()
    end = np.cumsum(sizes)
    start = end - sizes
    total = max(int(end[-1]) if len(end) else 0, 1)
    return pd.DataFrame({
        "doc_id": docs["doc_id"].astype(np.int64).to_numpy(), "start": start, "end": end,
        "relative_start": start / total, "relative_end": end / total, "n_tokens": sizes,
        "kind": docs["kind"].astype(str).to_numpy(), "label": [piece_label(r) for _, r in docs.iterrows()],
    })


# ----------------------------------------------------------------------------------------------
# Framing lexicon
# ----------------------------------------------------------------------------------------------

def framing_lexicon(path=None) -> dict[str, tuple[str, ...]]:
    """Return the framing lexicon {label: word forms} from ``path`` (default ``data/framing.txt``).

    File format: ``label<TAB>form|form|...``, ``#`` comments; a form ending in ``*`` is a prefix.
    """
    from pathlib import Path

    from .lexicon import data_path
    from .tokens import normalize

    source = Path(path) if path else data_path("framing.txt")
    if not source.is_file():
        raise CuttingsError(f"{source}: no such lexicon file")
    out: dict[str, tuple[str, ...]] = {}
    for raw in source.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        label, _, rest = raw.partition("\t")
        forms = tuple(dict.fromkeys(normalize(f.strip()).lower() for f in rest.split("|") if f.strip()))
        if not forms:
            raise CuttingsError(f"{source}: label {label.strip()!r} has no word forms (label<TAB>form|form)")
        out[label.strip()] = out.get(label.strip(), ()) + forms
    return out


def framing(corpus, *, by="source", lexicon=None, aliases: bool = True, roles=DEFAULT_ROLES,
            dedup: bool = False) -> "pd.DataFrame":
    """Return how often each group uses each framing label's words, per 1,000 tokens.

    Columns (``FRAMING_COLUMNS``): group, frame, count, per_1k, n_docs, n_tokens, forms. One row per
    group and label, zeros included. ``lexicon``: None (``data/framing.txt``), a path to a file of
    the same format, or a dict {label: [forms]} (a form ending in * is a prefix). ``by`` as in
    ``frequencies`` (None gives group 'all').
    """
    import numpy as np
    import pandas as pd
    from scipy import sparse

    if lexicon is None or isinstance(lexicon, (str,)) or hasattr(lexicon, "__fspath__"):
        lex = framing_lexicon(lexicon)
    else:
        lex = {str(k): tuple(str(f).lower() for f in v) for k, v in dict(lexicon).items()}
    c = _counts(corpus, by=by, aliases=aliases, roles=roles, dedup=dedup)
    labels = list(lex)
    rows, cols = [], []
    for li, label in enumerate(labels):
        exact = {f for f in lex[label] if not f.endswith("*")}
        prefixes = tuple(f[:-1] for f in lex[label] if f.endswith("*"))
        for j, t in enumerate(c.terms):
            if t in exact or (prefixes and t.startswith(prefixes)):
                rows.append(li)
                cols.append(j)
    M = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(labels), len(c.terms)))
    counts = np.asarray((c.counts @ M.T).todense())                       # groups x labels
    per_piece = np.asarray((c.piece_counts @ M.T).todense()) > 0          # pieces x labels
    n_docs = np.asarray(c.piece_groups @ per_piece.astype(np.int64))      # groups x labels
    records = []
    counts_by_term = c.counts.tocsc()
    for g, group in enumerate(c.groups):
        for li, label in enumerate(labels):
            found = M[li].indices
            per_form = [(c.terms[j], int(counts_by_term[g, j])) for j in found]
            per_form = sorted((p for p in per_form if p[1] > 0), key=lambda p: (-p[1], p[0]))
            n_tok = int(c.n_tokens[g])
            records.append((group, label, int(counts[g, li]),
                            counts[g, li] * 1000.0 / n_tok if n_tok else 0.0, int(n_docs[g, li]), n_tok,
                            ", ".join(f"{t} {k}" for t, k in per_form)))
    return pd.DataFrame(records, columns=list(FRAMING_COLUMNS))


# ----------------------------------------------------------------------------------------------
# Figures (matplotlib imported inside; each returns (fig, table))
# ----------------------------------------------------------------------------------------------

@styled
def plot_top_terms(table, *, title: str = "Words most used in the pieces (alias-aware)", n: int = 25,
                   value: str = "count"):
    """Horizontal bars of the first ``n`` rows of a ``frequencies`` table; return ``(fig, table)``."""
    from .figures import figure

    shown = table.head(n)
    fig, ax = figure(size=(8, 0.26 * len(shown) + 1.6))
    y = list(range(len(shown)))[::-1]
    ax.barh(y, shown[value], color="#4477AA")
    ax.set_yticks(y, shown["term"])
    for yy, v, d in zip(y, shown[value], shown["n_docs"]):
        ax.text(v, yy, f" {v:,.0f}" if value == "count" else f" {v:.1f}", va="center", fontsize=7)
    ax.set_xlabel("occurrences in the counted lines" if value == "count" else "per 1,000 tokens")
    ax.set_title(title)
    ax.margins(x=0.1)
    return fig, shown.reset_index(drop=True)


@styled
def plot_ngrams(corpus, *, n: int = 15, **options):
    """Two panels: the most frequent bigrams and trigrams (stop words dropped); return ``(fig, table)``."""
    import pandas as pd
    from matplotlib.ticker import MaxNLocator

    from .figures import figure

    tables = [ngrams(corpus, n=k, top=n, **options).assign(n=k) for k in (2, 3)]
    fig, axes = figure(ncols=2, size=(11, 0.28 * n + 1.8))
    for ax, t, k in zip(axes, tables, (2, 3)):
        y = list(range(len(t)))[::-1]
        ax.barh(y, t["count"], color="#228833" if k == 2 else "#CCBB44")
        ax.set_yticks(y, t["term"], fontsize=7.5)
        for yy, v in zip(y, t["count"]):
            ax.text(v, yy, f" {v}", va="center", fontsize=7)
        ax.set_xlabel("occurrences")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"{'Two' if k == 2 else 'Three'}-word sequences")
        ax.margins(x=0.12)
    fig.suptitle("Most frequent word sequences in the pieces (stop words removed, alias-aware)")
    return fig, pd.concat(tables, ignore_index=True)


@styled
def plot_keyness(table, *, n: int = 8, title: str | None = None, ncols: int = 2):
    """Diverging bars per group: the ``n`` most over- and under-represented terms (signed G²).

    ``table``: a ``keyness`` table. Returns ``(fig, shown)`` with the rows drawn.
    """
    import math

    import pandas as pd

    from .figures import figure

    groups = list(dict.fromkeys(table["group"]))
    shown = []
    for g in groups:
        t = table[table["group"] == g]
        pos = t[t["g2"] > 0].nlargest(n, "g2")
        neg = t[t["g2"] < 0].nsmallest(n, "g2")
        shown.append(pd.concat([pos, neg.iloc[::-1]]))
    # tokens of each group, recovered from a row it uses (count / per 1,000)
    sizes = []
    for g in groups:
        t = table[(table["group"] == g) & (table["count_target"] > 0)]
        sizes.append(int(round(t["count_target"].iloc[0] * 1000 / t["per_1k_target"].iloc[0])) if len(t) else 0)
    nrows = max(1, math.ceil(len(groups) / ncols))
    # tight layout: constrained layout's solver differs in the last digits between runs on grids of
    # panels, which would make the SVG files differ
    fig, axes = figure(nrows=nrows, ncols=ncols, size=(5.2 * ncols, (0.2 * 2 * n + 1.1) * nrows + 0.6),
                       squeeze=False, layout="tight")
    for k, ax in enumerate(axes.flat):
        if k >= len(groups):
            ax.set_visible(False)
            continue
        t = shown[k]
        y = list(range(len(t)))[::-1]
        ax.barh(y, t["g2"], color=["#CC6677" if v > 0 else "#4477AA" for v in t["g2"]])
        ax.set_yticks(y, t["term"], fontsize=7)
        ax.axvline(0, color="#333333", linewidth=0.6)
        ax.set_title(f"{groups[k]} ({sizes[k]:,} tokens)" if sizes[k] else str(groups[k]), fontsize=9)
        ax.set_xlabel("signed log-likelihood G² (+ more, − less than the rest)", fontsize=7.5)
    fig.suptitle(title or "Words that distinguish each group from the rest of the corpus")
    return fig, pd.concat(shown, ignore_index=True) if shown else table.head(0)


@styled
def plot_dispersion(corpus, terms, *, title: str = "Where key terms occur along the corpus", **options):
    """Dispersion plot (AntConc's Plot, quanteda's x-ray): one row per term, a tick per occurrence,
    piece boundaries as vertical lines numbered by piece; return ``(fig, table)`` (``dispersion``)."""
    from .figures import figure

    terms = [terms] if isinstance(terms, str) else list(terms)
    table = dispersion(corpus, terms, **options)
    bounds = piece_boundaries(corpus, **{k: v for k, v in options.items() if k in ("aliases", "roles", "dedup")})
    total = int(bounds["end"].max()) if len(bounds) else 1
    fig, ax = figure(size=(10, 0.42 * len(terms) + 1.9))
    for i, term in enumerate(terms):
        y = len(terms) - 1 - i
        pos = table.loc[table["term"] == term, "position"]
        ax.vlines(pos, y - 0.35, y + 0.35, color="#222222", linewidth=0.7)
        ax.text(total * 1.005, y, f"{len(pos)}", va="center", fontsize=7, color="#555555")
    for k, (_, b) in enumerate(bounds.iterrows()):
        if k % 2:
            ax.axvspan(b["start"], b["end"], color="#EEEEEE", zorder=0, linewidth=0)
        ax.axvline(b["start"], color="#CC6677", linewidth=0.6, linestyle="--")
        if b["n_tokens"] > 0:
            ax.text((b["start"] + b["end"]) / 2, len(terms) - 0.35, f"#{b['doc_id']}", ha="center",
                    va="bottom", fontsize=7, color="#AA3355")
    ax.text(total * 1.005, len(terms) - 0.35, "count", va="bottom", fontsize=7, color="#555555")
    ax.set_yticks(list(range(len(terms)))[::-1], terms)
    ax.set_xlim(0, total)
    ax.set_ylim(-0.6, len(terms) - 0.1 + 0.45)
    ax.set_xlabel("token position in the corpus (counted lines, in file order; bands and #n: pieces)")
    ax.set_title(title)
    return fig, table


@styled
def plot_framing(table, *, value: str = "per_1k", title: str = "Framing words per 1,000 words, by source",
                 max_columns: int = 12):
    """Heatmap of a ``framing`` table, cells annotated (value per 1,000 tokens, raw count in brackets).

    Frames are rows and groups columns; with more than ``max_columns`` groups the table is turned
    (groups as rows) so that it stays readable. Returns ``(fig, wide)``, ``wide`` the frames x
    groups matrix drawn.
    """
    import numpy as np

    from .figures import figure

    frames = list(dict.fromkeys(table["frame"]))
    groups = list(dict.fromkeys(table["group"]))
    wide = table.pivot_table(index="frame", columns="group", values=value, aggfunc="sum", sort=False)
    raw = table.pivot_table(index="frame", columns="group", values="count", aggfunc="sum", sort=False)
    wide, raw = wide.loc[frames, groups], raw.loc[frames, groups]
    sizes = table.drop_duplicates("group").set_index("group")["n_tokens"]
    names = [f"#{g}" if isinstance(g, (int, np.integer)) else str(g) for g in groups]
    group_labels = [f"{name}\n({int(sizes[g]):,} tokens)" for name, g in zip(names, groups)]
    turned = len(groups) > max_columns
    shown, counts = (wide.T, raw.T) if turned else (wide, raw)
    row_labels, col_labels = (group_labels, frames) if turned else (frames, group_labels)
    n_rows, n_cols = shown.shape
    fig, ax = figure(size=(1.25 * n_cols + 3.2, (0.5 if turned else 0.42) * n_rows + 2.2))
    vmax = float(np.nanmax(shown.to_numpy())) if shown.size else 0.0
    vmax = vmax or 1.0
    im = ax.imshow(shown.to_numpy(), cmap="Reds", aspect="auto", vmin=0, vmax=vmax)
    for i in range(n_rows):
        for j in range(n_cols):
            v, k = shown.iat[i, j], counts.iat[i, j]
            ax.text(j, i, f"{v:.1f}\n({k})" if k else "·", ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * vmax else "#222222")
    ax.set_xticks(range(n_cols), col_labels, rotation=30, ha="right")
    ax.set_yticks(range(n_rows), row_labels, fontsize=7.5 if turned else None)
    ax.set_title(title)
    ax.grid(False)
    cbar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label("per 1,000 tokens (in brackets: count)")
    return fig, wide.reset_index()


@styled
def plot_kwic(table, *, n: int = 15, title: str | None = None, width: int = 48):
    """Render the first ``n`` rows of a ``kwic`` table as a figure (left context right-aligned,
    the match in bold, right context); return ``(fig, shown)``."""
    from .figures import figure

    shown = table.head(n).reset_index(drop=True)
    rows = max(len(shown), 1)
    fig, ax = figure(size=(11, 0.26 * rows + 1.2))
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.5, rows - 0.5)
    ax.set_title(title or "Concordance (keyword in context)")
    renderer = fig.canvas.get_renderer()
    to_axes = ax.transAxes.inverted()
    style = dict(va="center", fontsize=7.5, family="monospace")
    for i, r in shown.iterrows():
        y = rows - 1 - i
        left = r["left"] if len(r["left"]) <= width else "…" + r["left"][-width + 1:]
        right = r["right"] if len(r["right"]) <= width else r["right"][: width - 1] + "…"
        ax.text(0.0, y, f"#{r['doc_id']}:{r['line_no']}", ha="left", fontsize=7, color="#777777",
                va="center", family="monospace")
        ax.text(0.45, y, left + " ", ha="right", **style)
        match = ax.text(0.45, y, r["match"], ha="left", weight="bold", color="#AA3377", **style)
        # the right context starts where the match ends (measured, so any match length fits)
        x_end = to_axes.transform(match.get_window_extent(renderer=renderer))[1][0]
        ax.text(x_end, y, ("" if right[:1] in ",.;:!?)”’" else " ") + right, ha="left", **style)
    return fig, shown


# ----------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------

def _split_term(args) -> str:
    if getattr(args, "term", None):
        return args.term
    if len(args.paths) < 2:
        raise CuttingsError("give the file(s) and then the term: cuttings %s PATH... TERM" % args.command)
    term = args.paths.pop()
    return term


def _cmd_terms(args) -> None:
    from .cli import emit
    from .corpus import load

    df = frequencies(load(args.paths), by=args.by, ngram=args.ngram, top=args.top, aliases=not args.no_aliases)
    emit(df, args.format)


def _cmd_kwic(args) -> None:
    from .cli import emit
    from .corpus import load

    term = _split_term(args)
    df = kwic(load(args.paths), term, window=args.window, sort=args.sort, aliases=not args.no_aliases)
    emit(df[["doc_id", "line_no", "left", "match", "right", "start", "end"]], args.format)


def _cmd_keyness(args) -> None:
    from .cli import emit
    from .corpus import load

    df = keyness(load(args.paths), by=args.by, ngram=args.ngram, top=args.top, aliases=not args.no_aliases,
                 min_count=args.min_count)
    emit(df, args.format)


def _cmd_collocates(args) -> None:
    from .cli import emit
    from .corpus import load

    term = _split_term(args)
    df = collocates(load(args.paths), term, window=args.window, min_count=args.min_count,
                    aliases=not args.no_aliases)
    emit(df, args.format)


def add_command(sub) -> None:
    """Add the ``terms``, ``kwic``, ``keyness`` and ``collocates`` subcommands to the ``cuttings`` parser."""
    from .cli import add_common

    def no_aliases(p):
        p.add_argument("--no-aliases", action="store_true",
                       help="count raw words: do not merge name variants into canonical names (data/aliases.tsv)")

    p = sub.add_parser("terms", help="term frequencies (words, names, n-grams), overall or per group",
                       description="Term frequencies in the pieces' text lines (title, body, caption, "
                                   "question, answer, statement), stop words removed. Records: term, count, "
                                   "per_1k, n_docs, group.")
    add_common(p)
    p.add_argument("--by", choices=("piece", "source", "kind"), default=None,
                   help="count per piece, source or kind of piece (default: whole corpus)")
    p.add_argument("--ngram", type=int, choices=(1, 2, 3), default=1, help="1 (words), 2 or 3 (word sequences)")
    p.add_argument("--top", type=int, default=None, help="keep the N most frequent terms per group")
    no_aliases(p)
    p.set_defaults(func=_cmd_terms)

    p = sub.add_parser("kwic", help="concordance: every occurrence of a term with its context",
                       usage="cuttings kwic [options] PATH... TERM",
                       description="Keyword in context. The last positional argument is the TERM (a word, "
                                   "name or phrase; names find all their variants) unless --term is given. "
                                   "Records: doc_id, line_no, left, match, right, start, end.")
    add_common(p)
    p.add_argument("--term", default=None, help="the term (then every positional argument is a path)")
    p.add_argument("--window", type=int, default=5, help="tokens of context on each side (default 5)")
    p.add_argument("--sort", choices=("left", "right"), default=None,
                   help="sort by the words before (left) or after (right) the match (default: corpus order)")
    no_aliases(p)
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("keyness", help="words over- and under-represented in each group (log-likelihood)",
                       description="Keyness of each group against all others: signed log-likelihood G2, "
                                   "Log Ratio and p-value. Records: group, term, count_target, "
                                   "count_reference, g2, log_ratio, p_value, per_1k_target, per_1k_reference.")
    add_common(p)
    p.add_argument("--by", choices=("piece", "source", "kind"), required=True, help="what the groups are")
    p.add_argument("--ngram", type=int, choices=(1, 2, 3), default=1, help="1 (words), 2 or 3 (word sequences)")
    p.add_argument("--top", type=int, default=None, help="keep the N most over-represented terms per group")
    p.add_argument("--min-count", type=int, default=3, help="ignore terms rarer than this in the corpus (default 3)")
    no_aliases(p)
    p.set_defaults(func=_cmd_keyness)

    p = sub.add_parser("collocates", help="words that occur near a term (count, MI, log-likelihood)",
                       usage="cuttings collocates [options] PATH... TERM",
                       description="Collocates of a term within a window of tokens. The last positional "
                                   "argument is the TERM unless --term is given. Records: term, count, "
                                   "count_left, count_right, freq, expected, mi, log_likelihood, t_score.")
    add_common(p)
    p.add_argument("--term", default=None, help="the term (then every positional argument is a path)")
    p.add_argument("--window", type=int, default=5, help="tokens on each side (default 5)")
    p.add_argument("--min-count", type=int, default=2, help="least co-occurrences to list a collocate (default 2)")
    no_aliases(p)
    p.set_defaults(func=_cmd_collocates)
