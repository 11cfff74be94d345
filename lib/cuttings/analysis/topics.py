"""Topic clusters: seeded NMF (or LDA) over paragraphs, sentence windows or pieces, with k chosen by coherence and stability.

Tables and models only (figures are in ``cuttings.viz.topics``).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import CuttingsError
from ..resources import Resources
from ..text.sentences import split
from ..text.tokens import Analyzer, tokenize
from .reuse import unique_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

UNITS = ("paragraph", "sentence", "document")
MODELS = ("nmf", "lda")
# Lines that carry the pieces' own prose: narration and what speakers say. Titles, captions,
# headings and list items join them only in whole pieces (unit="document"); letter apparatus
# (salutation, sign-off, signature), credits, attributions, dates and links never do.
CONTENT_ROLES = ("body", "question", "answer", "statement")
DOCUMENT_ROLES = ("title", "heading", "body", "caption", "list_item", "question", "answer", "statement")

QUICK_SEEDS = (0, 1, 2)  # seeds of the sweep that picks k when neither the caller nor the profile gives one
MIN_TOKENS = 5     # a paragraph or sentence window with fewer tokens joins its neighbour (see ``units``)
WINDOW = 3         # sentences per sentence window
MIN_DF = 2         # a term must occur in at least 2 units
MAX_DF = 0.5       # ... and in at most half of them (terms everywhere name the corpus, not a topic)
NMF_MAX_ITER = 1000
LDA_MAX_ITER = 100
LSA_COMPONENTS = 100  # dimensions of the LSA space in which NMF's clusters are refined
REFINE_MAX_ITER = 100
N_TERMS = 10       # top terms per topic (tables, coherence, stability)
COHERENCE_WINDOW = 10
EPSILON = 1e-12    # gensim's EPSILON in its log-ratio measures
SAMPLE = 0.8       # share of units each seed's model sees in ``sweep``
SEEDS = tuple(range(10))


COLUMNS = {
    "units": {
        "unit_id": "unit number, 1-based, in corpus order",
        "doc_id": "the piece the unit belongs to",
        "file": "input file",
        "line_no": "first line of the unit in its file (1-based)",
        "end_line": "last line of the unit (1-based, inclusive; equal to line_no for a single line)",
        "n_tokens": "tokens of the unit (cuttings.tokens: names as one token, stop words and numbers dropped)",
        "text": "the unit's text: its lines (or sentences) joined by a newline (a space for sentences)",
    },
    "topics": {
        "topic": "topic id, 1-based; topic 1 has the largest total weight over the units",
        "rank": "rank of the term in the topic (1 = heaviest)",
        "term": "the term (a token: a lower-case word or a canonical name)",
        "weight": "the term's weight in the topic: for NMF the topic's row of H (refined model: the mean "
                  "TF-IDF weight of the term over the topic's units), for LDA the term's probability",
        "label": "the topic's top three terms, ' · '-separated",
    },
    "assignments": {
        "doc_id": "piece", "file": "input file", "line_no": "first line of the unit (1-based)",
        "unit_id": "unit (see the units table)",
        "topic": "the unit's dominant topic (largest weight; ties to the lower id)",
        "weight": "the unit's weight for that topic: its row of W normalised to sum 1 (0-1)",
    },
    "shares": {
        "doc_id": "piece", "topic": "topic id", "label": "topic label",
        "share": "token-weighted mean of the unit weights of the piece: sum over its units of "
                 "n_tokens x weight, over its tokens (0-1; a piece's shares sum to 1)",
        "n_units": "units of the piece whose dominant topic this is",
    },
    "representatives": {
        "topic": "topic id", "label": "topic label", "rank": "1 = the unit that weighs most for the topic",
        "unit_id": "unit", "doc_id": "piece", "file": "input file",
        "line_no": "first line of the unit (1-based)", "end_line": "last line of the unit",
        "weight": "the unit's weight for the topic (0-1)", "text": "the unit's text",
    },
    "summary": {
        "topic": "topic id", "label": "topic label",
        "share": "the topic's share of all unit weight (0-1; sums to 1 over topics)",
        "n_units": "units whose dominant topic it is",
        "coherence": "NPMI coherence of its top terms over the units (-1..1; see ``npmi``)",
        "terms": "top terms, heaviest first, ', '-separated",
    },
    "sweep": {
        "k": "number of topics",
        "coherence": "mean NPMI of the topics' top terms (model fitted on every unit with the first seed)",
        "coherence_min": "NPMI of the least coherent topic",
        "stability": "mean over seed pairs of the matched-topic top-term Jaccard similarity "
                     "(each seed fits a random subsample; topics matched by the Hungarian method)",
        "ari": "mean over seed pairs of the adjusted Rand index of the dominant topics of every unit",
        "n_units": "units modelled", "n_terms": "terms in the vocabulary",
    },
}


# -- units ------------------------------------------------------------------------------------------

def units(corpus, *, unit: str = "paragraph", dedup: bool = False, min_tokens: int = MIN_TOKENS,
          window: int = WINDOW) -> "pd.DataFrame":
    """Return the units a topic model reads, one row each (columns in ``COLUMNS['units']``).

    ``unit``: ``paragraph`` (default) — one content line (roles in ``CONTENT_ROLES``: body, question,
    answer, statement); ``sentence`` — windows of ``window`` consecutive sentences of a piece's
    content lines, not overlapping, across line breaks; ``document`` — a whole piece: its lines with
    roles in ``DOCUMENT_ROLES`` (content lines plus title, heading, caption and list items).
    For paragraphs and sentence windows a unit with fewer than ``min_tokens`` tokens joins the units
    after it in the same piece until the total reaches ``min_tokens`` (an interview question joins its
    answer); a short remainder at the end of a piece joins the unit before it, and a piece's only
    unit is kept if it has a token at all. Units without any token are left out.
    ``dedup``: read ``cuttings.reuse.unique_text(corpus)`` instead of ``corpus.lines``, so that a
    passage repeated later in the corpus counts once.
    """
    return _units(corpus, unit=unit, dedup=dedup, min_tokens=min_tokens, window=window)[0]


def _units(corpus, *, unit: str, dedup: bool, min_tokens: int, window: int):
    """Return the ``units`` table and each unit's tokens (so the corpus is tokenised once)."""
    import pandas as pd

    res = corpus.resources
    if unit not in UNITS:
        raise CuttingsError(f"unknown unit {unit!r} (choose from {', '.join(UNITS)})")
    if min_tokens < 1 or window < 1:
        raise CuttingsError("min_tokens and window must be at least 1")
    rows = _unit_rows(corpus, unit=unit, dedup=dedup, window=window)
    sep = " " if unit == "sentence" else "\n"
    out, tokens = [], []
    for doc_rows in _by_piece(rows):
        counted = [(r, tokenize(r[4], resources=res)) for r in doc_rows]
        if unit == "document":
            merged = [[c] for c in counted]
        else:
            merged = _merge_short(counted, min_tokens)
        for group in merged:
            if not any(toks for _, toks in group):
                continue
            first, last = group[0][0], group[-1][0]
            text = sep.join(r[4] for r, _ in group)
            toks = group[0][1] if len(group) == 1 else tokenize(text, resources=res)  # a name may span the join
            out.append((first[0], first[1], first[2], last[3], len(toks), text))
            tokens.append(toks)
    df = pd.DataFrame(out, columns=["doc_id", "file", "line_no", "end_line", "n_tokens", "text"])
    df.insert(0, "unit_id", range(1, len(df) + 1))
    df = df.astype({"unit_id": "int64", "doc_id": "int64", "line_no": "int64", "end_line": "int64",
                    "n_tokens": "int64"})
    return df, tokens


def _unit_rows(corpus, *, unit: str, dedup: bool, window: int) -> list[tuple]:
    """Rows (doc_id, file, line_no, end_line, text) in corpus order, before short units are merged."""
    if dedup:
        lines = unique_text(corpus)
    else:
        lines = corpus.lines
    roles = DOCUMENT_ROLES if unit == "document" else CONTENT_ROLES
    keep = lines["role"].astype(str).isin(roles) & lines["text"].astype(str).str.strip().ne("")
    sel = lines[keep]
    base = list(zip(sel["doc_id"].astype(int), sel["file"].astype(str), sel["line_no"].astype(int),
                    sel["text"].astype(str)))
    if unit == "paragraph":
        return [(d, f, n, n, t.strip()) for d, f, n, t in base]
    if unit == "document":
        rows = []
        for doc_rows in _by_piece([(d, f, n, n, t.strip()) for d, f, n, t in base]):
            rows.append((doc_rows[0][0], doc_rows[0][1], doc_rows[0][2], doc_rows[-1][3],
                         "\n".join(r[4] for r in doc_rows)))
        return rows
    rows = []
    for doc_rows in _by_piece([(d, f, n, n, t) for d, f, n, t in base]):
        sents = [(r, r[4][a:b]) for r in doc_rows for a, b in split(r[4], resources=corpus.resources)]
        for i in range(0, len(sents), window):
            chunk = sents[i:i + window]
            rows.append((chunk[0][0][0], chunk[0][0][1], chunk[0][0][2], chunk[-1][0][2],
                         " ".join(s for _, s in chunk)))
    return rows


def _by_piece(rows: list[tuple]) -> list[list[tuple]]:
    """Group consecutive rows by (doc_id, file), keeping corpus order."""
    groups: list[list[tuple]] = []
    for r in rows:
        if groups and groups[-1][0][:2] == r[:2]:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _merge_short(counted: list[tuple], min_tokens: int) -> list[list[tuple]]:
    """Join short units to the following ones; a short tail joins the unit before it."""
    merged: list[list[tuple]] = []
    buf: list[tuple] = []
    size = 0  # tokens in buf, kept as a running total so that a long run of short units stays linear
    for item in counted:
        buf.append(item)
        size += len(item[1])
        if size >= min_tokens:
            merged.append(buf)
            buf, size = [], 0
    if buf:
        if merged:
            merged[-1].extend(buf)
        else:
            merged.append(buf)
    return merged


# -- the estimator ----------------------------------------------------------------------------------

class TokenAnalyzer:
    """The vectorizers' analyzer: a text is tokenised by ``cuttings.text.tokens.Analyzer`` (names as
    one token, curly apostrophes straightened, stop words and numbers dropped); a list of tokens
    passes through unchanged (so a corpus is tokenised once)."""

    def __init__(self, resources: Resources | None = None) -> None:
        self.analyzer = Analyzer(resources=resources)

    def __call__(self, doc) -> list[str]:
        if isinstance(doc, (list, tuple)):
            return list(doc)
        return self.analyzer(doc)


def __getattr__(name: str):
    # RefinedNMF subclasses scikit-learn's BaseEstimator, so it is built on first use (light import).
    if name == "RefinedNMF":
        cls = _refined_nmf_class()
        globals()["RefinedNMF"] = cls
        return cls
    raise AttributeError(f"module 'cuttings.analysis.topics' has no attribute {name!r}")


def _refined_nmf_class():
    import numpy as np
    from sklearn.base import BaseEstimator, TransformerMixin

    class RefinedNMF(TransformerMixin, BaseEstimator):
        """NMF whose clusters are refined by spherical k-means: a scikit-learn transformer.

        ``fit``: (1) NMF with NNDSVDa initialisation (seed-independent apart from its randomized SVD),
        coordinate descent, ``max_iter`` iterations at most; (2) with ``refine`` (default), each unit
        starts in its NMF topic (largest weight) and spherical k-means moves units to the nearest
        cluster centroid by cosine in an LSA space (TruncatedSVD, ``lsa_components`` dimensions,
        ``random_state``) until no unit moves (``refine_max_iter`` rounds at most); a cluster that
        empties keeps its last centroid. The topics (``components_``) are then the mean TF-IDF rows
        of the clusters (an emptied cluster keeps its NMF row).
        ``transform``: the non-negative least-squares weights of each row on ``components_``
        (scikit-learn's ``non_negative_factorization`` with H fixed); without ``refine``, NMF's own.
        """

        def __init__(self, n_components: int = 5, *, refine: bool = True, lsa_components: int = LSA_COMPONENTS,
                     max_iter: int = NMF_MAX_ITER, refine_max_iter: int = REFINE_MAX_ITER, tol: float = 1e-4,
                     random_state: int = 0):
            self.n_components = n_components
            self.refine = refine
            self.lsa_components = lsa_components
            self.max_iter = max_iter
            self.refine_max_iter = refine_max_iter
            self.tol = tol
            self.random_state = random_state

        def fit(self, X, y=None):
            import warnings

            from sklearn.decomposition import NMF
            from sklearn.exceptions import ConvergenceWarning

            k = self.n_components
            nmf = NMF(n_components=k, init="nndsvda", solver="cd", max_iter=self.max_iter, tol=self.tol,
                      random_state=self.random_state)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                warnings.simplefilter("ignore", RuntimeWarning)  # sqrt of a rounding-negative loss on degenerate data
                W = nmf.fit_transform(X)
            self.nmf_ = nmf
            self.n_iter_ = nmf.n_iter_
            if not self.refine:
                self.components_ = nmf.components_
                self.labels_ = W.argmax(axis=1)
                self.refine_iter_ = 0
                return self
            labels = W.argmax(axis=1)
            Z = self._space(X)
            centroids = np.zeros((k, Z.shape[1]))
            self.refine_iter_ = 0
            for it in range(1, self.refine_max_iter + 1):
                for j in range(k):
                    members = labels == j
                    if members.any():
                        c = np.asarray(Z[members].sum(axis=0)).ravel()
                        norm = np.linalg.norm(c)
                        if norm > 0:
                            centroids[j] = c / norm
                sims = np.asarray(Z @ centroids.T)
                sims[:, ~centroids.any(axis=1)] = -np.inf  # a cluster never filled attracts no unit
                new = sims.argmax(axis=1)
                self.refine_iter_ = it
                if (new == labels).all():
                    break
                labels = new
            H = np.array(nmf.components_, dtype=float)
            for j in range(k):
                members = labels == j
                if members.any():
                    H[j] = np.asarray(X[members].mean(axis=0)).ravel()
            self.components_ = H
            self.labels_ = labels
            return self

        def _space(self, X):
            from sklearn.decomposition import TruncatedSVD
            from sklearn.preprocessing import normalize

            n, m = X.shape
            d = min(self.lsa_components, n - 1, m - 1)
            if d <= self.n_components:
                return normalize(X)  # too small for a reduced space: cosine on TF-IDF itself
            Z = TruncatedSVD(n_components=d, algorithm="randomized", n_iter=5,
                             random_state=self.random_state).fit_transform(X)
            return normalize(Z)

        def transform(self, X):
            import warnings

            from sklearn.decomposition import non_negative_factorization
            from sklearn.exceptions import ConvergenceWarning

            if not self.refine:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    warnings.simplefilter("ignore", RuntimeWarning)
                    return self.nmf_.transform(X)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                warnings.simplefilter("ignore", RuntimeWarning)
                W, _, _ = non_negative_factorization(
                    X, H=self.components_, n_components=self.n_components, init="custom", update_H=False,
                    solver="cd", max_iter=self.max_iter, tol=self.tol)
            return W

    RefinedNMF.__module__ = __name__
    RefinedNMF.__qualname__ = "RefinedNMF"
    return RefinedNMF


def default_refine(unit: str) -> bool:
    """Whether NMF's clusters are refined by default: yes for whole pieces, no for paragraphs and sentences.

    A piece is mostly about one thing, so pieces are clustered: the refinement raises NMI against
    the BBC labels from 0.867 (plain NMF) to 0.894 (benchmarks/bench_topics.py). Paragraphs and sentence windows
    mix topics, and NMF's own factors give the more coherent topics there (the sweep on the seed:
    at k = 5, mean NPMI 0.13 plain vs -0.02 refined, top-term stability 0.51 vs 0.44).
    """
    return unit == "document"


def make_pipeline(*, k: int, model: str = "nmf", seed: int = 0, refine: bool = True,
                  min_df: float = MIN_DF, max_df: float = MAX_DF, resources: Resources | None = None):
    """Return the unfitted scikit-learn ``Pipeline`` of a topic model: ``vectorize`` then ``topics``.

    ``nmf``: TfidfVectorizer (``TokenAnalyzer`` of ``resources``, sublinear tf, L2 rows, ``min_df``/``max_df``) then
    ``RefinedNMF`` (``refine=False``: plain NMF). ``lda``: CountVectorizer (same analyzer and limits)
    then LatentDirichletAllocation (batch learning, ``LDA_MAX_ITER`` iterations, ``random_state=seed``).
    """
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.pipeline import Pipeline

    if model not in MODELS:
        raise CuttingsError(f"unknown model {model!r} (choose from {', '.join(MODELS)})")
    if model == "nmf":
        vec = TfidfVectorizer(analyzer=TokenAnalyzer(resources), sublinear_tf=True, min_df=min_df, max_df=max_df)
        est = _refined_nmf_class_cached()(n_components=k, refine=refine, random_state=seed)
    else:
        vec = CountVectorizer(analyzer=TokenAnalyzer(resources), min_df=min_df, max_df=max_df)
        est = LatentDirichletAllocation(n_components=k, learning_method="batch", max_iter=LDA_MAX_ITER,
                                        random_state=seed)
    return Pipeline([("vectorize", vec), ("topics", est)])


def _refined_nmf_class_cached():
    return globals().get("RefinedNMF") or __getattr__("RefinedNMF")


# -- the fitted model -------------------------------------------------------------------------------

class TopicModel:
    """A fitted topic model over a corpus's units, with topics numbered by a stable rule.

    Attributes: ``k``, ``unit``, ``model``, ``seed``, ``refine``, ``pipeline`` (the fitted scikit-learn
    Pipeline), ``units`` (the units modelled, ``COLUMNS['units']``), ``dropped`` (units without a
    vocabulary term, left out), ``terms`` (vocabulary, list), ``components`` (k x terms, row t-1 is
    topic t), ``loadings`` (units x k, the pipeline's output: W for NMF, topic distributions for LDA),
    ``weights`` (the loadings with rows normalised to sum 1), ``order`` (topic t is column ``order[t-1]`` of
    the pipeline's output), ``tokens`` (each unit's tokens, for coherence), ``X`` (the units'
    TF-IDF or count matrix).
    """

    k: int
    unit: str
    model: str
    seed: int
    refine: bool
    pipeline: Any
    units: "pd.DataFrame"
    dropped: "pd.DataFrame"
    terms: list[str]
    components: Any
    loadings: Any
    weights: Any
    order: Any
    tokens: list[list[str]]
    X: Any

    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)

    def __repr__(self) -> str:
        return (f"<TopicModel: {self.model}{'' if self.refine or self.model != 'nmf' else ' (plain)'}, "
                f"k={self.k}, {len(self.units)} {self.unit} units, {len(self.terms)} terms, seed={self.seed}>")

    def transform(self, texts) -> "np.ndarray":
        """Return the topic weights (rows sum to 1; 0 for a text without any vocabulary term) of ``texts``."""
        W = self.pipeline.transform(texts)[:, self.order]
        return _normalise_rows(W)

    def top_terms(self, n: int = N_TERMS) -> list[list[str]]:
        """Return each topic's ``n`` heaviest terms (positive weight only), topic 1 first."""
        return [_top(row, self.terms, n) for row in self.components]


def _top(row, terms, n: int) -> list[str]:
    import numpy as np

    idx = np.lexsort((np.asarray(terms, dtype=object).astype(str), -row))
    return [terms[i] for i in idx[:n] if row[i] > 0]


def _normalise_rows(W):
    import numpy as np

    s = W.sum(axis=1, keepdims=True)
    return np.divide(W, s, out=np.zeros_like(W, dtype=float), where=s > 0)


def default_k(corpus, *, unit: str = "paragraph", **options) -> int:
    """The number of topics used when none is given: the profile's ``topics.k``, else the k that
    ``choose_k`` picks from a ``sweep`` of k = 2..10 with ``QUICK_SEEDS`` (deterministic)."""
    k = corpus.resources.param("topics.k", 0)
    if k:
        return k
    sweep_options = {key: v for key, v in options.items()
                     if key in ("model", "refine", "dedup", "min_tokens", "window", "min_df", "max_df")}
    n_units = len(units(corpus, unit=unit, dedup=options.get("dedup", False)))
    ks = range(2, max(3, min(11, n_units)))
    return choose_k(sweep(corpus, ks, seeds=QUICK_SEEDS, unit=unit, clip=True, **sweep_options))


def fit(corpus, *, k: int | None = None, unit: str = "paragraph", model: str = "nmf", seed: int = 0,
        refine: bool | None = None, dedup: bool = False, min_tokens: int = MIN_TOKENS, window: int = WINDOW,
        min_df: float = MIN_DF, max_df: float = MAX_DF) -> TopicModel:
    """Fit a topic model on the units of ``corpus``; return a ``TopicModel``.

    Same seed, same corpus, same options: the same topics, numbers and weights. Topics are numbered
    by total weight over the units (largest first), ties broken by their top term. ``k``: number of
    topics (default: ``default_k``). See ``units`` for ``unit``, ``dedup``, ``min_tokens`` and
    ``window``, ``make_pipeline`` for the rest.
    """
    if k is None:
        k = default_k(corpus, unit=unit, model=model, refine=refine, dedup=dedup, min_tokens=min_tokens,
                      window=window, min_df=min_df, max_df=max_df)
    table, tokens = _units(corpus, unit=unit, dedup=dedup, min_tokens=min_tokens, window=window)
    return _fit(table, tokens, k=k, unit=unit, model=model, seed=seed, refine=refine, min_df=min_df, max_df=max_df,
                resources=corpus.resources)


def fit_units(table: "pd.DataFrame", *, k: int, unit: str = "paragraph", model: str = "nmf",
              seed: int = 0, refine: bool | None = None, min_df: float = MIN_DF, max_df: float = MAX_DF,
              resources: Resources | None = None) -> TopicModel:
    """Fit a topic model on a ``units`` table (columns in ``COLUMNS['units']``); return a ``TopicModel``."""
    analyzer = TokenAnalyzer(resources)
    return _fit(table, [analyzer(t) for t in table["text"]], k=k, unit=unit, model=model, seed=seed,
                refine=refine, min_df=min_df, max_df=max_df, resources=resources)


def _fit(table, tokens, *, k, unit, model, seed, refine, min_df, max_df, resources=None) -> TopicModel:
    import numpy as np

    refine = default_refine(unit) if refine is None else refine
    pipe = make_pipeline(k=k, model=model, seed=seed, refine=refine, min_df=min_df, max_df=max_df,
                         resources=resources)
    X, kept = _vectorize(pipe, tokens)
    tokens = [tokens[i] for i in np.flatnonzero(kept)]
    modelled = table[kept].reset_index(drop=True)
    if k < 1 or k > len(modelled):
        raise CuttingsError(f"k={k} topics, but only {len(modelled)} unit(s) with vocabulary terms")
    _check_terms(k, X.shape[1], model)
    loadings = pipe.named_steps["topics"].fit_transform(X)
    H = _components_of(pipe.named_steps["topics"], model)
    terms = pipe.named_steps["vectorize"].get_feature_names_out().tolist()
    W = _normalise_rows(loadings)
    order = _topic_order(W, H, terms)
    return TopicModel(k=k, unit=unit, model=model, seed=seed, refine=refine, pipeline=pipe,
                      units=modelled, dropped=table[~kept].reset_index(drop=True), terms=terms,
                      components=H[order], weights=W[:, order], loadings=loadings[:, order], order=order,
                      tokens=tokens, X=X)


def _vectorize(pipe, tokens):
    """Fit the pipeline's vectorizer on ``tokens``; return (rows with a term, mask of those rows)."""
    import numpy as np

    vec = pipe.named_steps["vectorize"]
    try:
        X = vec.fit_transform(tokens)
    except ValueError:  # empty vocabulary, or max_df below min_df for this many units
        limit = f"{vec.max_df:.0%}" if isinstance(vec.max_df, float) else str(vec.max_df)
        raise CuttingsError(f"no terms to model: no term occurs in at least {vec.min_df} and at most {limit} "
                            f"of the {len(tokens)} unit(s); try a lower --min-df, another --unit or more text") from None
    kept = np.asarray(X.getnnz(axis=1) > 0)
    return X[kept], kept


def _topic_order(W, H, terms) -> "np.ndarray":
    """Topic order: total weight over the units, descending; ties by top term, then by column."""
    import numpy as np

    total = np.round(W.sum(axis=0), 9)
    tops = [(_top(H[j], terms, 1) or [""])[0] for j in range(H.shape[0])]
    return np.array(sorted(range(H.shape[0]), key=lambda j: (-total[j], tops[j], j)), dtype=int)


# -- tables -----------------------------------------------------------------------------------------

def labels(model: TopicModel) -> dict[int, str]:
    """Return {topic id: label}, the label being the topic's top three terms joined by ' · '."""
    return {t: " · ".join(terms[:3]) for t, terms in enumerate(model.top_terms(3), start=1)}


def topics(model: TopicModel, *, n_terms: int = N_TERMS) -> "pd.DataFrame":
    """Return the topics' top terms: one row per topic and term (columns in ``COLUMNS['topics']``)."""
    import pandas as pd

    lab = labels(model)
    rows = []
    for t, row in enumerate(model.components, start=1):
        for rank, term in enumerate(_top(row, model.terms, n_terms), start=1):
            rows.append((t, rank, term, round(float(row[model.terms.index(term)]), 6), lab[t]))
    return pd.DataFrame(rows, columns=list(COLUMNS["topics"]))


def assignments(model: TopicModel) -> "pd.DataFrame":
    """Return each unit's dominant topic and its weight (columns in ``COLUMNS['assignments']``).

    One row per modelled unit, in unit order; a unit none of whose tokens is in the vocabulary
    (``min_df``/``max_df``) cannot be modelled and is listed in ``model.dropped`` instead.
    """
    W = model.weights
    u = model.units
    top = W.argmax(axis=1)
    df = u[["doc_id", "file", "line_no", "unit_id"]].copy()
    df["topic"] = (top + 1).astype("int64")
    df["weight"] = W[range(len(W)), top].round(6)
    return df.reset_index(drop=True)


def unit_weights(model: TopicModel) -> "pd.DataFrame":
    """Return every unit's weight for every topic: unit_id, doc_id, line_no, topic, weight (rows sum to 1 per unit)."""
    import numpy as np
    import pandas as pd

    n, k = model.weights.shape
    u = model.units
    return pd.DataFrame({
        "unit_id": np.repeat(u["unit_id"].to_numpy(), k), "doc_id": np.repeat(u["doc_id"].to_numpy(), k),
        "line_no": np.repeat(u["line_no"].to_numpy(), k), "topic": np.tile(np.arange(1, k + 1), n),
        "weight": model.weights.reshape(-1).round(6)})


def shares(model: TopicModel) -> "pd.DataFrame":
    """Return piece x topic shares, one row per piece and topic (columns in ``COLUMNS['shares']``)."""
    import numpy as np
    import pandas as pd

    u = model.units
    k = model.k
    lab = labels(model)
    ntok = u["n_tokens"].to_numpy(dtype=float)
    top = model.weights.argmax(axis=1)
    rows = []
    for doc_id, m in _index_groups(u["doc_id"].to_numpy()):
        s = (model.weights[m] * ntok[m, None]).sum(axis=0) / ntok[m].sum()
        counts = np.bincount(top[m], minlength=k)
        for t in range(k):
            rows.append((int(doc_id), t + 1, lab[t + 1], round(float(s[t]), 6), int(counts[t])))
    return pd.DataFrame(rows, columns=list(COLUMNS["shares"]))


def _index_groups(values) -> list[tuple[Any, "np.ndarray"]]:
    """(value, ascending positions of that value) for each distinct value of ``values``, values sorted:
    what one boolean mask per value selects, in one sort instead of one scan per value."""
    import numpy as np

    values = np.asarray(values)
    if not len(values):
        return []
    try:
        order = np.argsort(values, kind="stable")
    except TypeError:  # mixed types: order of first appearance, then sorted by the caller
        firsts: dict = {}
        for i, v in enumerate(values.tolist()):
            firsts.setdefault(v, []).append(i)
        return [(v, np.array(ix, dtype=np.int64)) for v, ix in firsts.items()]
    sv = values[order]
    cuts = np.flatnonzero(sv[1:] != sv[:-1]) + 1
    return [(sv[a], order[a:b]) for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(sv)])]


def representatives(model: TopicModel, *, n: int = 3) -> "pd.DataFrame":
    """Return the ``n`` most representative units of each topic, with their line numbers so a reader
    can check them (``COLUMNS['representatives']``): among the units the topic dominates, those with
    the largest loading on it (before normalisation, so a long unit the topic explains well comes
    before a two-word unit that has nothing else; ties by unit_id)."""
    import pandas as pd

    u = model.units
    lab = labels(model)
    top = model.weights.argmax(axis=1)
    rows = []
    for t in range(model.k):
        idx = [i for i in range(len(u)) if top[i] == t]
        idx.sort(key=lambda i: (-round(float(model.loadings[i, t]), 9), int(u["unit_id"].iat[i])))
        for rank, i in enumerate(idx[:n], start=1):
            r = u.iloc[i]
            rows.append((t + 1, lab[t + 1], rank, int(r["unit_id"]), int(r["doc_id"]), r["file"],
                         int(r["line_no"]), int(r["end_line"]), round(float(model.weights[i, t]), 6), r["text"]))
    return pd.DataFrame(rows, columns=list(COLUMNS["representatives"]))


def summary(model: TopicModel, *, n_terms: int = N_TERMS) -> "pd.DataFrame":
    """Return one row per topic: topic, label, share, n_units, coherence, terms (``COLUMNS['summary']``)."""
    import numpy as np
    import pandas as pd

    tops = model.top_terms(n_terms)
    coh = npmi(tops, model.tokens)
    total = model.weights.sum(axis=0)
    counts = np.bincount(model.weights.argmax(axis=1), minlength=model.k)
    lab = labels(model)
    return pd.DataFrame({
        "topic": range(1, model.k + 1), "label": [lab[t] for t in range(1, model.k + 1)],
        "share": (total / total.sum()).round(4), "n_units": counts.astype("int64"),
        "coherence": np.round(coh, 4), "terms": [", ".join(t) for t in tops]})


# -- choosing k -------------------------------------------------------------------------------------

def npmi(topics: Sequence[Sequence[str]], texts: Sequence[Sequence[str]], *, window: int = COHERENCE_WINDOW,
         eps: float = EPSILON) -> list[float]:
    """Return the NPMI coherence of each topic: gensim's ``CoherenceModel(coherence='c_npmi')`` formula.

    Probabilities come from boolean sliding windows of ``window`` tokens over each text (a text
    shorter than the window is one window; a text without any of the topics' terms still counts its
    windows, as in gensim 4.4). With N windows, p(w) = windows containing w / N and p(a, b) = windows containing
    both / N; NPMI(a, b) = log((p(a, b) + eps) / (p(a) p(b))) / -log(p(a, b) + eps), eps = 1e-12.
    A topic's coherence is the mean NPMI over its pairs of distinct terms (-1..1; NaN below 2 terms).
    """
    import numpy as np

    vocab = sorted({w for t in topics for w in t})
    index = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    occ = np.zeros(V, dtype=np.int64)
    co = np.zeros((V, V), dtype=np.int64)
    n_windows = 0
    for text in texts:
        ids = np.fromiter((index.get(w, -1) for w in text), dtype=np.int64, count=len(text))
        present = np.unique(ids[ids >= 0])
        L = len(ids)
        if present.size == 0:
            n_windows += 1 if L <= window else L - window + 1
            continue
        if L <= window:
            P = np.zeros((present.size, 1), dtype=bool)
            P[:, 0] = True
            n = 1
        else:
            ind = ids[None, :] == present[:, None]
            c = np.concatenate([np.zeros((present.size, 1), dtype=np.int64), np.cumsum(ind, axis=1)], axis=1)
            P = (c[:, window:] - c[:, :-window]) > 0
            n = L - window + 1
        Pi = P.astype(np.int64)
        occ[present] += Pi.sum(axis=1)
        co[np.ix_(present, present)] += Pi @ Pi.T
        n_windows += n
    out = []
    for t in topics:
        term_ids = [index[w] for w in t]
        vals = []
        for a in range(len(term_ids)):
            for b in range(a + 1, len(term_ids)):
                i, j = term_ids[a], term_ids[b]
                p_ij = co[i, j] / n_windows
                num = np.log((p_ij + eps) / ((occ[i] / n_windows) * (occ[j] / n_windows)))
                vals.append(num / -np.log(p_ij + eps))
        out.append(float(np.mean(vals)) if vals else float("nan"))
    return out


def matched_jaccard(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]) -> float:
    """Return the mean Jaccard similarity of two topic sets' term lists after matching topics one to
    one so that the total similarity is largest (Hungarian method, scipy ``linear_sum_assignment``)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    sim = np.zeros((len(a), len(b)))
    for i, s in enumerate(a):
        for j, t in enumerate(b):
            s1, s2 = set(s), set(t)
            sim[i, j] = len(s1 & s2) / len(s1 | s2) if s1 | s2 else 0.0
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def sweep(corpus, ks=range(2, 11), *, seeds: Sequence[int] = SEEDS, unit: str = "paragraph",
          model: str = "nmf", refine: bool | None = None, sample: float = SAMPLE, n_terms: int = N_TERMS,
          dedup: bool = False, min_tokens: int = MIN_TOKENS, window: int = WINDOW, min_df: float = MIN_DF,
          max_df: float = MAX_DF, clip: bool = False) -> "pd.DataFrame":
    """Fit the model for each k in ``ks``; return coherence and stability per k (``COLUMNS['sweep']``).

    The vocabulary and TF-IDF (or counts) are computed once on every unit. Coherence: ``npmi`` of the
    top ``n_terms`` terms of the model fitted on every unit with ``seeds[0]``, averaged over topics.
    Stability (Greene, O'Callaghan and Cunningham 2014): each seed s fits the model on a random
    ``sample`` share of the units (drawn with numpy's ``default_rng(s)``; the model's random_state is
    s too); for every pair of seeds, ``matched_jaccard`` of their top terms and the adjusted Rand
    index of the dominant topics they give every unit; both averaged over the pairs.
    ``clip``: leave out the k larger than the units (or, for NMF, the terms) instead of raising
    ``CuttingsError`` (what ``default_k`` does on a small or degenerate corpus).
    """
    import itertools

    import numpy as np
    import pandas as pd
    from sklearn.base import clone
    from sklearn.metrics import adjusted_rand_score

    if not seeds:
        raise CuttingsError("sweep needs at least one seed")
    if any(k < 1 for k in ks):
        raise CuttingsError("every k must be at least 1")
    if not 0 < sample <= 1:
        raise CuttingsError("sample must be in (0, 1]")
    refine = default_refine(unit) if refine is None else refine
    table, tokens = _units(corpus, unit=unit, dedup=dedup, min_tokens=min_tokens, window=window)
    pipe = make_pipeline(k=2, model=model, seed=seeds[0], refine=refine, min_df=min_df, max_df=max_df,
                         resources=corpus.resources)
    X, kept = _vectorize(pipe, tokens)
    tokens = [tokens[i] for i in np.flatnonzero(kept)]
    terms = pipe.named_steps["vectorize"].get_feature_names_out().tolist()
    n = X.shape[0]
    base = pipe.named_steps["topics"]
    rows = []
    if clip:
        ks = [k for k in ks if k <= n and (model != "nmf" or k <= len(terms))] or [1]
    for k in ks:
        if k > n:
            raise CuttingsError(f"k={k} topics, but only {n} unit(s) with vocabulary terms")
        _check_terms(k, len(terms), model)
        full = clone(base).set_params(n_components=k, random_state=seeds[0]).fit(X)
        H = _components_of(full, model)
        coh = npmi([_top(h, terms, n_terms) for h in H], tokens)
        runs = []
        for s in seeds:
            idx = np.sort(np.random.default_rng(s).choice(n, size=max(k, round(sample * n)), replace=False))
            est = clone(base).set_params(n_components=k, random_state=s).fit(X[idx])
            runs.append(([_top(h, terms, n_terms) for h in _components_of(est, model)],
                         est.transform(X).argmax(axis=1)))
        pairs = list(itertools.combinations(range(len(runs)), 2))
        jac = [matched_jaccard(runs[i][0], runs[j][0]) for i, j in pairs]
        ari = [adjusted_rand_score(runs[i][1], runs[j][1]) for i, j in pairs]
        rows.append((k, round(_nan_stat(np.nanmean, coh), 4), round(_nan_stat(np.nanmin, coh), 4),
                     round(float(np.mean(jac)), 4) if jac else 1.0, round(float(np.mean(ari)), 4) if ari else 1.0,
                     n, len(terms)))
    return pd.DataFrame(rows, columns=list(COLUMNS["sweep"]))


def _nan_stat(func, values) -> float:
    """``func`` (np.nanmean, np.nanmin) of ``values``, NaN without a warning when every value is NaN."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    return float(func(values)) if np.isfinite(values).any() else float("nan")


def _check_terms(k: int, n_terms: int, model: str) -> None:
    """NMF's initialisation needs at least k terms: one line instead of scikit-learn's ValueError."""
    if model == "nmf" and k > n_terms:
        raise CuttingsError(f"k={k} topics, but the vocabulary has only {n_terms} term(s) (NMF needs at least k); "
                            "try a smaller --k, a lower --min-df or more text")


def choose_k(table: "pd.DataFrame", *, tolerance: float = 0.05) -> int:
    """Return the k a ``sweep`` table supports: the most coherent k among those whose stability is
    within ``tolerance`` of the most stable one (differences below 0.05 in top-term Jaccard are
    treated as ties); ties in coherence go to the smaller k."""
    if not len(table):
        raise CuttingsError("the sweep table is empty")
    best = table["stability"].max()
    near = table[table["stability"] >= best - tolerance]
    return int(near.sort_values(["coherence", "k"], ascending=[False, True])["k"].iat[0])


def _components_of(est, model: str):
    import numpy as np

    H = np.asarray(est.components_, dtype=float)
    return H / H.sum(axis=1, keepdims=True) if model == "lda" else H



def along(model: TopicModel, *, smooth: int = 5) -> "pd.DataFrame":
    """Return topic weights along the corpus: unit_id, doc_id, file, line_no, position, topic, weight, smoothed.

    ``position``: the unit's first line counted across the files in corpus order (1-based);
    ``smoothed``: the centred rolling mean of ``weight`` over ``smooth`` units of the same piece.
    """
    import numpy as np
    import pandas as pd

    u = model.units
    offsets, total = {}, 0
    last = u.groupby("file", sort=False, observed=True)["end_line"].max()
    for f in dict.fromkeys(u["file"]):
        offsets[f] = total
        total += int(last[f])
    pos = np.array([offsets[f] + n for f, n in zip(u["file"], u["line_no"])])
    W = pd.DataFrame(model.weights, columns=range(1, model.k + 1))
    sm = W.groupby(u["doc_id"].to_numpy()).transform(
        lambda s: s.rolling(smooth, center=True, min_periods=1).mean())
    k = model.k
    return pd.DataFrame({
        "unit_id": np.repeat(u["unit_id"].to_numpy(), k), "doc_id": np.repeat(u["doc_id"].to_numpy(), k),
        "file": np.repeat(u["file"].to_numpy(), k), "line_no": np.repeat(u["line_no"].to_numpy(), k),
        "position": np.repeat(pos, k), "topic": np.tile(np.arange(1, k + 1), len(u)),
        "weight": model.weights.reshape(-1).round(6), "smoothed": sm.to_numpy().reshape(-1).round(6)})



def by_group(model: TopicModel, corpus, *, by: str | None = None) -> "pd.DataFrame":
    """Return topic shares per group of pieces: group, topic, label, share, n_pieces, n_tokens.

    ``by``: a column of ``corpus.documents``; default ``source`` (the outlet the piece names) when
    that column exists and names one for some piece, else ``kind``. Pieces without a value form
    the group "(not stated)". Shares are token-weighted over the group's units and sum to 1.
    """
    import pandas as pd

    docs = corpus.documents
    if by is None:
        by = "source" if "source" in docs.columns and docs["source"].notna().any() else "kind"
    if by not in docs.columns:
        raise CuttingsError(f"the documents table has no column {by!r}")
    group_of = docs.set_index("doc_id")[by].astype(object).where(lambda s: s.notna(), "(not stated)")
    u = model.units
    groups = u["doc_id"].map(group_of).to_numpy()
    ntok = u["n_tokens"].to_numpy(dtype=float)
    lab = labels(model)
    rows = []
    where = dict(_index_groups(groups))
    for g in sorted(where, key=lambda g: (g == "(not stated)", str(g))):
        m = where[g]
        s = (model.weights[m] * ntok[m, None]).sum(axis=0) / ntok[m].sum()
        n_pieces = u["doc_id"].iloc[m].nunique()
        for t in range(model.k):
            rows.append((g, t + 1, lab[t + 1], round(float(s[t]), 6), int(n_pieces), int(ntok[m].sum())))
    out = pd.DataFrame(rows, columns=["group", "topic", "label", "share", "n_pieces", "n_tokens"])
    out.attrs["by"] = by
    return out



def projection(model: TopicModel, *, method: str = "tsne") -> "pd.DataFrame":
    """Return a deterministic 2-D map of the units: unit_id, doc_id, line_no, topic, weight, x, y.

    ``tsne``: t-SNE (exact method, cosine distance, ``init='pca'``, ``random_state=model.seed``,
    perplexity min(30, (n - 1) / 3)) of the units' TF-IDF rows; ``svd``: the first two TruncatedSVD
    components (``random_state=model.seed``). Coordinates are rounded to 6 decimals.
    """
    import numpy as np

    X = model.X
    if method == "svd" or X.shape[0] < 5:
        from sklearn.decomposition import TruncatedSVD

        xy = TruncatedSVD(n_components=2, random_state=model.seed).fit_transform(X)
    elif method == "tsne":
        from sklearn.manifold import TSNE

        n = X.shape[0]
        xy = TSNE(n_components=2, perplexity=min(30.0, (n - 1) / 3), init="pca", metric="cosine",
                  method="exact" if n <= 2000 else "barnes_hut", random_state=model.seed,
                  max_iter=1000).fit_transform(X.toarray() if n <= 2000 else X)
    else:
        raise CuttingsError(f"unknown projection {method!r} (tsne or svd)")
    df = assignments(model)[["unit_id", "doc_id", "line_no", "topic", "weight"]].copy()
    df["x"] = np.round(xy[:, 0], 6)
    df["y"] = np.round(xy[:, 1], 6)
    return df


