"""Term frequencies, n-grams, keyness and framing words (concordances are in ``concordance``).

Every function takes a ``Corpus`` and returns a pandas DataFrame (columns in its docstring; figures
are in ``cuttings.viz.terms``). Words come from the one tokenizer, ``cuttings.text.tokens``: case
folded, curly quotes straightened, hyphenated words whole, listed name variants (the alias table of
the corpus's resources) counted as their canonical name when ``aliases=True`` (with "UN" listed for
"United Nations", both count as "UN").

Which lines are counted: ``roles`` (default ``DEFAULT_ROLES``: title, body, caption, question,
answer, statement). Bylines, credits, sign-offs, signatures, salutations, links, dates, headings
and list items are apparatus and left out unless asked for. Counts are of what the texts say; they
measure wording, not the truth of any claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import CuttingsError
from ..resources import Resources, read_table_file
from ..text.patterns import normalize
from ..text.tokens import Analyzer, tokenize
from .reuse import unique_text

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
FRAMING_COLUMNS = {
    "group": "group (source, kind, piece or 'all')",
    "frame": "label of the framing lexicon (framing.txt of the profile, or the given lexicon), in lexicon order",
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

    terms: Any          # numpy array of term strings (columns)
    groups: list             # group labels (rows), in order
    counts: Any         # scipy CSR, groups x terms
    n_docs: Any         # scipy CSR, groups x terms
    n_tokens: Any       # numpy int64 array, tokens per group
    lines: "pd.DataFrame"    # the counted lines
    piece_counts: Any   # scipy CSR, pieces x terms (pieces: piece_ids order)
    piece_ids: list          # doc_ids of the pieces
    piece_groups: Any   # scipy CSR indicator, groups x pieces


def _indicator(codes, n_rows: int):
    import numpy as np
    from scipy import sparse

    codes = np.asarray(codes, dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(codes), dtype=np.int64), (codes, np.arange(len(codes)))),
                             shape=(n_rows, len(codes)))


def term_matrix(texts, *, ngram: int = 1, aliases: bool = True, numbers: bool = False, stop: bool = False,
                resources: Resources | None = None):
    """Return ``(X, terms, n_tokens)`` for a list of texts, built with scikit-learn's ``CountVectorizer``.

    ``X``: sparse counts (texts x terms, int64), ``terms``: numpy array of the terms (sorted),
    ``n_tokens``: tokens per text (words and names with stop words, numbers only if ``numbers``).
    Unigrams are counted with stop words and their columns dropped afterwards unless ``stop=True``
    (so one pass gives both counts and totals); n-grams are formed after stop words are removed.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    res = resources or Resources.default()
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
        X, terms = vectorize(Analyzer(aliases=aliases, numbers=numbers, stop=True, resources=res))
        n_tokens = np.asarray(X.sum(axis=1)).ravel().astype(np.int64)
        if not stop and len(terms):
            stops = res.stop_words
            keep = np.array([t not in stops for t in terms], dtype=bool)
            X, terms = X[:, keep], terms[keep]
    else:
        X, terms = vectorize(Analyzer(aliases=aliases, numbers=numbers, stop=stop, ngram_range=(ngram, ngram),
                                      resources=res))
        n_tokens = np.array([len(tokenize(t, aliases=aliases, numbers=numbers, stop=True, resources=res))
                             for t in texts],
                            dtype=np.int64)
    return X, terms, n_tokens


def _counts(corpus, *, by, ngram=1, aliases=True, numbers=False, roles=DEFAULT_ROLES, dedup=False) -> _Counts:
    import numpy as np

    lines = content_lines(corpus, roles=roles, dedup=dedup)
    group_of, groups = _group_of_docs(corpus, by)
    code = {g: i for i, g in enumerate(groups)}
    X, terms, n_tok = term_matrix(lines["text"].astype(str).tolist(), ngram=ngram, aliases=aliases,
                                  numbers=numbers, resources=corpus.resources)
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
    n_docs.sum_duplicates()  # canonical (sorted) indices: frequencies() then looks entries up by binary search
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
    c = _counts(corpus, by=by, ngram=ngram, aliases=aliases, numbers=numbers, roles=roles, dedup=dedup)
    return _frequency_table(c, by=by, top=top, min_count=min_count)


def _frequency_table(c: _Counts, *, by, top: int | None, min_count: int) -> "pd.DataFrame":
    """The table of ``frequencies`` from counts per group (also from counts reduced over partitions)."""
    import numpy as np
    import pandas as pd

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
    if by is None:
        raise CuttingsError("keyness compares groups: give by='source', 'kind' or 'piece'")
    c = _counts(corpus, by=by, ngram=ngram, aliases=aliases, roles=roles, dedup=dedup)
    return _keyness_table(c, by=by, target=target, min_count=min_count, absent=absent, top=top,
                          correction=correction)


def _keyness_table(c: _Counts, *, by, target, min_count: int, absent: bool | None, top: int | None,
                   correction: str) -> "pd.DataFrame":
    """The table of ``keyness`` from counts per group (also from counts reduced over partitions)."""
    import numpy as np
    import pandas as pd
    from scipy.stats import chi2

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
# Framing lexicon
# ----------------------------------------------------------------------------------------------

def framing_lexicon(path=None, *, resources: Resources | None = None) -> dict[str, tuple[str, ...]]:
    """Return a framing lexicon {label: word forms}: the file at ``path``, else ``framing.txt`` of ``resources``.

    File format: ``label<TAB>form|form|...``, ``#`` comments; a form ending in ``*`` is a prefix. The
    general data hold no framing lexicon (an empty one): a corpus's profile brings its own.
    """
    from pathlib import Path

    if path:
        source = Path(path)
        if not source.is_file():
            raise CuttingsError(f"{source}: no such lexicon file")
        rows = read_table_file(source, "framing.txt")
    else:
        rows = (resources or Resources.default()).table("framing.txt")
    out: dict[str, tuple[str, ...]] = {}
    for label, rest in rows:
        forms = tuple(dict.fromkeys(normalize(f.strip()).lower() for f in rest.split("|") if f.strip()))
        out[label] = out.get(label, ()) + forms
    return out


def framing(corpus, *, by="source", lexicon=None, aliases: bool = True, roles=DEFAULT_ROLES,
            dedup: bool = False) -> "pd.DataFrame":
    """Return how often each group uses each framing label's words, per 1,000 tokens.

    Columns (``FRAMING_COLUMNS``): group, frame, count, per_1k, n_docs, n_tokens, forms. One row per
    group and label, zeros included. ``lexicon``: None (``framing.txt`` of the corpus's profile), a path to a file of
    the same format, or a dict {label: [forms]} (a form ending in * is a prefix). ``by`` as in
    ``frequencies`` (None gives group 'all').
    """
    import numpy as np
    import pandas as pd
    from scipy import sparse

    if lexicon is None or isinstance(lexicon, (str,)) or hasattr(lexicon, "__fspath__"):
        lex = framing_lexicon(lexicon, resources=corpus.resources)
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
# Repeated passages
# ----------------------------------------------------------------------------------------------

def term_change(corpus, *, top: int = 20) -> "pd.DataFrame":
    """Return how term counts change when repeats are counted once: term, count, count_dedup, change, change_pct.

    Counts are ``cuttings.terms.frequencies(corpus)`` (the terms notebook's counts: its default
    line roles, stop words dropped, name variants merged) and ``frequencies(corpus, dedup=True)``,
    which counts ``unique_text(corpus)`` at the default settings. ``change`` = count_dedup - count;
    ``change_pct`` in percent of count. Rows: the ``top`` terms by count, then every other term
    whose count changes, largest change first (ties by term).
    """
    import pandas as pd

    before = frequencies(corpus)[["term", "count"]]
    after = frequencies(corpus, dedup=True)[["term", "count"]].rename(columns={"count": "count_dedup"})
    df = before.merge(after, on="term", how="left")
    df["count_dedup"] = df["count_dedup"].fillna(0).astype("int64")
    df["change"] = df["count_dedup"] - df["count"]
    df["change_pct"] = (100.0 * df["change"] / df["count"]).round(1)
    head = df.sort_values(["count", "term"], ascending=[False, True]).head(top)
    rest = df[(df["change"] != 0) & ~df["term"].isin(head["term"])]
    rest = rest.assign(_abs=-rest["change"].abs()).sort_values(["_abs", "term"]).drop(columns="_abs")
    return pd.concat([head, rest], ignore_index=True)


def key_terms(corpus, *, n: int = 6, param: str = "terms.kwic", table: "pd.DataFrame | None" = None) -> list[str]:
    """Return the terms to look at closely (concordances, collocates, dispersion): the profile's list
    ``param`` (``terms.kwic`` or ``terms.dispersion``) when it gives one, else the corpus's own key
    terms, the ``n`` words and names (at least three letters; stop words and numbers left out) with
    the highest count x log(pieces / pieces using the term): frequent, but in some pieces rather
    than all (TF-IDF over the corpus; ties by term). With several pieces, a term must occur in at
    least two; a corpus of one piece ranks by count. ``table``: ``frequencies(corpus)`` if computed.
    """
    import math

    chosen = corpus.resources.param(param, [])
    if chosen:
        return [str(t) for t in chosen]
    freq = table if table is not None else frequencies(corpus)
    pieces = corpus.n_documents
    scored = []
    for term, count, n_docs in zip(freq["term"], freq["count"], freq["n_docs"]):
        if sum(ch.isalpha() for ch in str(term)) < 3 or (pieces >= 2 and n_docs < 2):
            continue
        score = count * math.log(pieces / n_docs) if pieces >= 2 else float(count)
        scored.append((-score, str(term)))
    return [term for _, term in sorted(scored)[:n]]


# -- figures ------------------------------------------------------------------------------------
