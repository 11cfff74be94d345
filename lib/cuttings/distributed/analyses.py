"""Corpus-wide analyses run part by part (on Dask workers or in this process), in memory bounded by the part.

Each function takes a corpus (a built ``StoredCorpus``, whose parts are its Parquet parts, or an in-memory
``Corpus``, whose parts are its files) and ``client`` (a ``dask.distributed.Client``, or None to run in
this process), runs the library's own analysis on each part, and combines the parts' results:

- ``frequencies`` and ``keyness``: term counts, token totals and document frequencies per group are
  exact sums over parts (a tree reduction), then the tables of ``cuttings.analysis.terms``.
- ``kwic``: a filter per part; token positions shifted by the tokens of the parts before.
- ``timeline``: file by file (a piece's reference date comes from its own file only), each file's
  parts together.
- ``topics``: document frequencies reduced over parts give the vocabulary and IDF; scikit-learn's
  ``MiniBatchNMF.partial_fit`` then reads the parts in corpus order (seeded); units are assigned by
  ``transform``. Each part's units, rows and weights wait in a scratch folder between passes. Without a
  client the same steps run in one process: that is the reference path.
- ``reuse``: in its own module, ``cuttings.distributed.reuse``.

Results leave the workers as each part completes (``_Engine.stream``), and reductions merge as parts
complete (``_Engine.fold``), with a few tasks in flight per worker: a worker's memory is set by one part,
not by its share of the corpus. Results equal the in-memory analyses row for row (tests/test_distributed.py
says where and how).
"""
from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from functools import reduce as _reduce
from typing import TYPE_CHECKING, Any

from ..analysis import concordance
from ..analysis import terms as _terms
from ..analysis import timeline as _timeline
from ..analysis import topics as _topics
from ..errors import CuttingsError
from ..store import StoredCorpus, _normalise, _write, group_files

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

BATCH_SIZE = 1024   # MiniBatchNMF's batch size


# -- parts and the engine ------------------------------------------------------------------------------

class FileView:
    """Files of an in-memory ``Corpus`` (one, or a group of small ones), seen as a corpus (their rows of every
    table, global doc_ids)."""

    def __init__(self, corpus: Any, files: list[str]) -> None:
        self.corpus, self.files_in, self.resources = corpus, list(files), corpus.resources

    def _rows(self, df):
        if len(self.files_in) == 1:
            return df[df["file"].astype(str) == self.files_in[0]].reset_index(drop=True)
        return df[df["file"].astype(str).isin(self.files_in)].reset_index(drop=True)

    def __getattr__(self, name: str):
        if name in ("files", "documents", "lines", "sentences", "turns"):
            value = self._rows(getattr(self.corpus, name))
            self.__dict__[name] = value
            return value
        if name == "provenance_records":
            ids = set(self.documents["doc_id"].tolist())
            value = {d: p for d, p in self.corpus.provenance_records.items() if d in ids}
            self.__dict__[name] = value
            return value
        raise AttributeError(name)


def parts(corpus: Any) -> list:
    """The parts of ``corpus``: a built corpus's partitions, else one view per file or group of small files
    (grouped as ``cuttings.store.group_files`` groups them in a build, so both have the same parts)."""
    if isinstance(corpus, StoredCorpus):
        return [corpus.part(i) for i in range(len(corpus.parts))]
    if hasattr(corpus, "sources") and hasattr(corpus, "segmentations"):
        names = [s.file for s in corpus.sources]
        groups = group_files(names, [s.n_bytes for s in corpus.sources])
        return [FileView(corpus, [names[i] for i in g]) for g in groups]
    raise CuttingsError("expected a cuttings Corpus or a built corpus (cuttings.open)")


def _fresh(view: Any) -> Any:
    """A shallow copy of a task's corpus view: the tables it reads (cached on the object) then die with the
    task. A worker can keep a finished task's arguments while later tasks of a reduction depend on it; the
    view given to every part of a fold then kept its tables, and term counts grew by ~25 MB per part."""
    import copy

    return copy.copy(view)


def _small(value: Any) -> bool:
    from dask.sizeof import sizeof

    return bool(sizeof(value) <= 50_000)


class _Engine:
    """Map, chain and reduce tasks: futures on a Dask client, plain calls without one."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, func, *lists, **kw) -> list:
        if self.client is None:
            return [func(*args, **kw) for args in zip(*lists)]
        given = [list(x) for x in lists]
        if not given[0]:
            return []
        kw = self._scattered(kw)
        return self.client.map(func, *given, pure=False, **kw)

    def _window(self) -> int:
        """Tasks in flight at once: two per worker thread (one running, one ready), at least two."""
        return max(2, 2 * sum(self.client.nthreads().values()))

    def stream(self, func, *lists, **kw):
        """Yield ``(i, func(lists[0][i], lists[1][i], ..., **kw))`` as the tasks complete (in order without a
        client). At most ``_window()`` tasks are submitted or held at once and each result leaves the cluster
        as soon as it is yielded, so a worker holds one part's result at a time, never its share of all."""
        given = [list(x) for x in lists]
        n = len(given[0]) if given else 0
        if self.client is None:
            for i, args in enumerate(zip(*given)):
                yield i, func(*args, **kw)
            return
        from distributed import as_completed

        kw = self._scattered(kw)
        index: dict[str, int] = {}
        done = as_completed()
        nxt = 0

        def submit_next() -> None:
            nonlocal nxt
            f = self.client.submit(func, *(g[nxt] for g in given), pure=False, **kw)
            index[f.key] = nxt
            done.add(f)
            nxt += 1

        while nxt < min(self._window(), n):
            submit_next()
        for f in done:
            i, result = index.pop(f.key), f.result()
            f.release()
            if nxt < n:
                submit_next()
            yield i, result

    def fold(self, func, merge, *lists, **kw):
        """``merge`` of ``func``'s results over the items (as ``functools.reduce``; ``merge`` must be associative
        and commutative, as exact sums are). On a cluster the merges run on the workers as results complete,
        with at most ``_window()`` part tasks in flight, so a worker holds a few parts' results, not its share."""
        given = [list(x) for x in lists]
        if self.client is None:
            return _reduce(merge, (func(*args, **kw) for args in zip(*given)))
        from distributed import as_completed

        kw = self._scattered(kw)
        n = len(given[0]) if given else 0
        if not n:
            raise ValueError("fold of no items")
        parts: set[str] = set()
        done = as_completed()
        nxt = 0

        def submit_next() -> None:
            nonlocal nxt
            f = self.client.submit(func, *(g[nxt] for g in given), pure=False, **kw)
            parts.add(f.key)
            done.add(f)
            nxt += 1

        while nxt < min(self._window(), n):
            submit_next()
        ready = None
        for f in done:
            if f.key in parts:
                parts.discard(f.key)
                if nxt < n:
                    submit_next()
            if ready is None:
                ready = f
            else:
                done.add(self.client.submit(merge, ready, f, pure=False))
                ready = None
        assert ready is not None
        return ready.result()

    def _scattered(self, kw: dict) -> dict:
        # Client.map/submit put a keyword argument over 100 kB into the graph under the argument's name as its
        # key (distributed 2026.8): the topics' vocabulary and IDF then stalled in "processing" at 64 MB. Each
        # such value is scattered once instead, and the tasks depend on its future (a key of its own).
        return {k: v if _small(v) else self.client.scatter([v], hash=False)[0] for k, v in kw.items()}

    def submit(self, func, *args, **kw):
        return func(*args, **kw) if self.client is None else self.client.submit(func, *args, pure=False, **kw)

    def gather(self, handles):
        return handles if self.client is None else self.client.gather(handles)

    def reduce(self, merge, handles):
        """Combine results pairwise (a tree on the cluster: no task holds more than two partial results)."""
        if self.client is None:
            return _reduce(merge, handles)
        level = list(handles)
        while len(level) > 1:
            nxt = [self.client.submit(merge, level[i], level[i + 1], pure=False) for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                nxt.append(level[-1])
            level = nxt
        return self.client.gather(level[0])


# -- term frequencies and keyness -----------------------------------------------------------------------

def _term_part(view, *, by, ngram, aliases, roles, numbers):
    """Counts of one part: (long table group/term/count/n_docs, table group/n_tokens/first_doc)."""
    import pandas as pd

    view = _fresh(view)
    c = _terms._counts(view, by=by, ngram=ngram, aliases=aliases, numbers=numbers, roles=roles)
    group_of, _ = _terms._group_of_docs(view, by)
    first: dict = {}
    for d in sorted(group_of):
        first.setdefault(group_of[d], d)
    coo = c.counts.tocoo()
    nd = c.n_docs.tocsr()
    groups = list(c.groups)
    counts = pd.DataFrame({"group": [groups[r] for r in coo.row], "term": c.terms[coo.col] if len(coo.col) else [],
                           "count": coo.data.astype("int64"),
                           "n_docs": (nd[coo.row, coo.col].A1 if len(coo.row) else []) })
    totals = pd.DataFrame({"group": groups, "n_tokens": c.n_tokens.astype("int64"),
                           "first_doc": [first.get(g, 0) for g in groups]})
    return counts.astype({"n_docs": "int64"}), totals


def _term_merge(a, b):
    import pandas as pd

    counts = pd.concat([a[0], b[0]]).groupby(["group", "term"], sort=False, as_index=False).sum()
    tot = pd.concat([a[1], b[1]]).groupby("group", sort=False, as_index=False).agg(
        n_tokens=("n_tokens", "sum"), first_doc=("first_doc", "min"))
    return counts, tot


def _reduced_counts(corpus, client, *, by, ngram, aliases, roles, numbers):
    """A ``terms._Counts`` for the whole corpus, summed over its parts."""
    import numpy as np
    from scipy import sparse

    counts, tot = _Engine(client).fold(_term_part, _term_merge, parts(corpus), by=by, ngram=ngram, aliases=aliases,
                                       roles=roles, numbers=numbers)
    if by is None:
        order = ["all"] if len(tot) else []
    elif by in ("piece", "doc_id"):
        order = sorted(int(g) for g in tot["group"])
    else:
        known = tot[tot["group"] != _terms.UNKNOWN].sort_values("first_doc", kind="stable")
        order = known["group"].tolist() + ([_terms.UNKNOWN] if (tot["group"] == _terms.UNKNOWN).any() else [])
    code = {g: i for i, g in enumerate(order)}
    terms = np.array(sorted(set(counts["term"].tolist())), dtype=object)
    tcode = {t: i for i, t in enumerate(terms)}
    rows = np.array([code[g] for g in counts["group"]], dtype=np.int64)
    cols = np.array([tcode[t] for t in counts["term"]], dtype=np.int64)
    shape = (len(order), len(terms))
    C = sparse.csr_matrix((counts["count"].to_numpy(np.int64), (rows, cols)), shape=shape)
    N = sparse.csr_matrix((counts["n_docs"].to_numpy(np.int64), (rows, cols)), shape=shape)
    n_tok = np.zeros(len(order), dtype=np.int64)
    for g, n in zip(tot["group"], tot["n_tokens"]):
        n_tok[code[g]] = n
    return _terms._Counts(terms, order, C, N, n_tok, None, None, None, None)


def frequencies(corpus, *, client: Any = None, by=None, ngram: int = 1, top: int | None = None,
                aliases: bool = True, roles=_terms.DEFAULT_ROLES, numbers: bool = False,
                min_count: int = 1) -> "pd.DataFrame":
    """Return ``cuttings.analysis.terms.frequencies(corpus, ...)`` computed part by part (same rows)."""
    c = _reduced_counts(corpus, client, by=by, ngram=ngram, aliases=aliases, roles=roles, numbers=numbers)
    return _terms._frequency_table(c, by=by, top=top, min_count=min_count)


def keyness(corpus, *, client: Any = None, by="source", target=None, ngram: int = 1, aliases: bool = True,
            roles=_terms.DEFAULT_ROLES, min_count: int = 3, absent: bool | None = None, top: int | None = None,
            correction: str = "none") -> "pd.DataFrame":
    """Return ``cuttings.analysis.terms.keyness(corpus, ...)`` computed part by part (same rows)."""
    if by is None:
        raise CuttingsError("keyness compares groups: give by='source', 'kind' or 'piece'")
    c = _reduced_counts(corpus, client, by=by, ngram=ngram, aliases=aliases, roles=roles, numbers=False)
    return _terms._keyness_table(c, by=by, target=target, min_count=min_count, absent=absent, top=top,
                                 correction=correction)


# -- concordance ---------------------------------------------------------------------------------------

def _kwic_part(view, term, *, window, chars, aliases, roles):
    view = _fresh(view)
    lines = _terms.content_lines(view, roles=roles)
    total = concordance._tokens(lines, aliases=aliases, resources=view.resources).total
    return concordance.kwic(view, term, window=window, chars=chars, aliases=aliases, roles=roles), total


def kwic(corpus, term: str, *, client: Any = None, window: int = 5, chars: int | None = None,
         aliases: bool = True, roles=None) -> "pd.DataFrame":
    """Return ``cuttings.analysis.concordance.kwic(corpus, term, ...)`` in corpus order, computed part by part."""
    import pandas as pd

    ps = parts(corpus)
    found: list = [None] * len(ps)
    for i, result in _Engine(client).stream(_kwic_part, ps, [term] * len(ps), window=window, chars=chars,
                                            aliases=aliases, roles=roles):
        found[i] = result
    frames, offset = [], 0
    for df, total in found:
        df = df.copy()
        df["position"] = df["position"] + offset
        offset += total
        frames.append(df)
    if not frames:
        return concordance.kwic(corpus, term, window=window)
    found_any = [f for f in frames if len(f)] or frames[:1]   # an empty part's columns are untyped
    return pd.concat(found_any, ignore_index=True)


# -- timeline ------------------------------------------------------------------------------------------

def _file_groups(corpus: Any) -> list:
    """One corpus view per input file (the parts of a file together) or group of small files: a piece's
    reference date is read from its own file only (its date line or dateline, the file's dates.csv row,
    the file's other pieces), so each file's timeline is computed on its own, exactly as in the whole corpus."""
    if isinstance(corpus, StoredCorpus):
        by_file: dict[str, list[int]] = {}
        index = {id(p): i for i, p in enumerate(corpus.all_parts)}
        for part in corpus.parts:
            by_file.setdefault(part.name if part.grouped else part.file, []).append(index[id(part)])
        return [StoredCorpus(corpus.root, manifest=corpus.manifest, only=idx) for idx in by_file.values()]
    return parts(corpus)


def _timeline_file(view, *, reference, default, min_year, max_year):
    view = _fresh(view)
    return _timeline.timeline(view, reference=reference, default=default, min_year=min_year, max_year=max_year)


def timeline(corpus, *, client: Any = None, reference: Any = None, default: str | None = None,
             min_year: int = 1800, max_year: int = 2099) -> "pd.DataFrame":
    """Return ``cuttings.analysis.timeline.timeline(corpus, ...)`` computed file by file (same rows)."""
    import pandas as pd

    _timeline.as_reference(default)
    groups = _file_groups(corpus)
    frames: list = [None] * len(groups)
    for i, frame in _Engine(client).stream(_timeline_file, groups, reference=reference, default=default,
                                           min_year=min_year, max_year=max_year):
        frames[i] = frame   # gathered as each file completes: a worker holds one file's rows at a time
    if not frames:
        return _timeline.timeline(corpus, reference=reference, default=default)
    return _normalise("timeline", pd.concat(frames, ignore_index=True), [])


# -- topics --------------------------------------------------------------------------------------------

def _save(folder: str, index: int, what: str, value: Any) -> None:
    with open(os.path.join(folder, f"{index:06d}.{what}.pkl"), "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)


def _load(folder: str, index: int, what: str) -> Any:
    with open(os.path.join(folder, f"{index:06d}.{what}.pkl"), "rb") as f:
        return pickle.load(f)


def _topic_units(view, folder, index, *, unit, min_tokens, window):
    """Pass 1 on a part: its units and their tokens, saved to ``folder``; returns its document frequencies
    (term -> units containing it) and its number of units."""
    from collections import Counter

    view = _fresh(view)
    table, tokens = _topics._units(view, unit=unit, dedup=False, min_tokens=min_tokens, window=window)
    df: Counter = Counter()
    for toks in tokens:
        df.update(set(toks))
    _save(folder, index, "units", table[["doc_id", "file", "line_no", "unit_id"]])
    _save(folder, index, "tokens", tokens)
    return df, len(table)


def _df_merge(a, b):
    return a[0] + b[0], a[1] + b[1]


def _topic_matrix(folder, index, *, vocab, idf):
    """Pass 2 on a part: TF-IDF rows of its units (sublinear tf, IDF of the whole corpus, L2 rows), as
    ``make_pipeline``'s, saved to ``folder`` with the mask of the units that have a term; returns the rows kept."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    tokens = _load(folder, index, "tokens")
    vec = CountVectorizer(analyzer=lambda x: x, vocabulary=vocab, dtype=np.float64)
    X = vec.transform(tokens) if tokens else vec.transform([[]])[:0]
    del tokens
    X.data = np.log(X.data) + 1.0
    X = normalize(X.multiply(idf).tocsr())
    kept = np.asarray(X.getnnz(axis=1) > 0)
    _save(folder, index, "matrix", (X[kept], kept))
    return int(kept.sum())


def _partial_fit(model, folder, index):
    """Pass 3, a chain in corpus order: the model after reading one part's rows."""
    X = _load(folder, index, "matrix")[0]
    if X.shape[0]:
        model.partial_fit(X)
    return model


def _topic_weights(model, folder, index):
    """Pass 4 on a part: its units' topic weights (rows normalised), saved to ``folder``; returns their sums."""
    import numpy as np

    X = _load(folder, index, "matrix")[0]
    W = model.transform(X) if X.shape[0] else np.zeros((0, model.n_components))
    W = _topics._normalise_rows(W)
    _save(folder, index, "weights", W)
    return W.sum(axis=0)


def topics(corpus, *, k: int, client: Any = None, seed: int = 0, unit: str = "paragraph",
           min_tokens: int = _topics.MIN_TOKENS, window: int = _topics.WINDOW, min_df: int = _topics.MIN_DF,
           max_df: float = _topics.MAX_DF, batch_size: int = BATCH_SIZE, scratch: str | None = None) -> "pd.DataFrame":
    """Fit MiniBatchNMF part by part and return each unit's dominant topic (``topics.assignments`` columns:
    doc_id, file, line_no, unit_id, topic, weight); topics numbered by total weight as ``topics.fit``.

    Vocabulary: terms in at least ``min_df`` units and at most ``max_df`` of them; TF-IDF as
    ``topics.make_pipeline`` (sublinear tf, smooth IDF, L2 rows). The model reads the parts in corpus
    order with ``partial_fit`` (``random_state=seed``), then ``transform`` gives each unit's weights.
    Same corpus, parts, seed and options: the same table, with or without a client.

    Each pass keeps a part's units, tokens, TF-IDF rows and weights in a folder under ``scratch`` (default:
    the system's temporary folder; on a cluster, a folder every worker can reach), removed at the end, so a
    worker holds one part at a time whatever the corpus's size.
    """
    import numpy as np
    import pandas as pd
    from sklearn.decomposition import MiniBatchNMF

    if k < 1:
        raise CuttingsError("k must be at least 1")
    eng = _Engine(client)
    ps = parts(corpus)
    n_parts = len(ps)
    folder = tempfile.mkdtemp(prefix="cuttings-topics-", dir=scratch)
    try:
        where, index = [folder] * n_parts, list(range(n_parts))
        df, n = eng.fold(_topic_units, _df_merge, ps, where, index, unit=unit, min_tokens=min_tokens, window=window)
        limit = max_df * n if isinstance(max_df, float) else max_df
        vocab = sorted(t for t, c in df.items() if min_df <= c <= limit)
        if not vocab:
            raise CuttingsError(f"no terms to model: no term occurs in at least {min_df} and at most {max_df} of "
                                f"the {n} unit(s)")
        idf = np.log((1 + n) / (1 + np.array([df[t] for t in vocab], dtype=np.float64))) + 1.0
        del df
        for _ in eng.stream(_topic_matrix, where, index, vocab=vocab, idf=idf):
            pass
        model = MiniBatchNMF(n_components=k, random_state=seed, batch_size=batch_size, max_iter=1)
        for i in index:
            model = eng.submit(_partial_fit, model, folder, i)
        model = eng.gather(model) if client is not None else model
        sums: list = [None] * n_parts
        for i, s in eng.stream(_topic_weights, [model] * n_parts, where, index):
            sums[i] = s
        total = sum(sums, np.zeros(k))
        order = _topics._topic_order(total.reshape(1, -1), model.components_, vocab)
        assigned: list = [None] * n_parts
        for i, result in eng.stream(_assign, where, index, order=order):
            assigned[i] = result
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    frames, offset = [], 0
    for frame, n_units in assigned:   # unit ids numbered through the corpus, part after part
        frame["unit_id"] = frame["unit_id"] + offset
        offset += n_units
        frames.append(frame)
    return pd.concat(frames, ignore_index=True).astype({"unit_id": "int64", "weight": "float64"})


def _assign(folder, index, *, order):
    """Pass 5 on a part: each modelled unit's heaviest topic (numbered in ``order``) and weight, with the
    part's unit ids (numbered from 0 within the part)."""
    import numpy as np

    table, kept, W = _load(folder, index, "units"), _load(folder, index, "matrix")[1], _load(folder, index, "weights")
    W = W[:, order]
    out = table[kept].reset_index(drop=True)
    top = W.argmax(axis=1) if len(W) else np.zeros(0, dtype=int)
    out["topic"] = (top + 1).astype("int64")
    out["weight"] = W[range(len(W)), top].round(6) if len(W) else np.zeros(0)
    return out, len(table)


# -- stored extras ---------------------------------------------------------------------------------------

def _store_part(view, table, root, name):
    from pathlib import Path

    part = view.parts[0]
    if name == "tokens":
        df = _terms.frequencies(view, by="piece")
        df = df.rename(columns={"group": "piece"})[["piece", "term", "count"]]
        member = part.file_of(df["piece"].to_numpy())
        df.insert(0, "file", [part.members[m][0] for m in member] if part.grouped else part.file)
    else:
        df = table
        df = df.rename(columns={"doc_id": "piece"})
        member = part.file_of(df["piece"].to_numpy())
    offsets = [m[2] for m in part.members]
    shift = [offsets[m] for m in member] if part.grouped else part.file_offset
    # int64 even when the part has no rows (an empty list would make the column float, and the corpus's
    # stored table float once read back with the other parts)
    df["piece"] = (df["piece"] - shift).astype("int64")
    _write(df, Path(root) / name / f"{view.parts[0].name}.parquet")
    return len(df)


def _store_file_timeline(group, root):
    """Compute and write a file's timeline split by its parts (each part's lines), or a group of small files'
    timeline (on the worker: only the row count leaves it)."""
    table = _timeline_file(group, reference=None, default=None, min_year=1800, max_year=2099)
    if len(group.parts) == 1:
        _store_part(group, table, root, "timeline")
        return len(table)
    for i in range(len(group.parts)):
        part = group.part(i)
        first = part.parts[0].start_line
        rows = table[(table["line_no"] > first) & (table["line_no"] <= first + part.parts[0].n_lines)]
        _store_part(part, rows.reset_index(drop=True), root, "timeline")
    return len(table)


def store_table(corpus: StoredCorpus, name: str, *, client: Any = None) -> None:
    """Compute optional table ``name`` (timeline or tokens) part by part and write it into the built corpus."""
    eng = _Engine(client)
    ps = parts(corpus)
    if name == "tokens":
        for _ in eng.stream(_store_part, ps, ["tokens"] * len(ps), [str(corpus.root)] * len(ps), ["tokens"] * len(ps)):
            pass
    elif name == "timeline":
        groups = _file_groups(corpus)
        for _ in eng.stream(_store_file_timeline, groups, [str(corpus.root)] * len(groups)):
            pass
    else:
        raise CuttingsError(f"unknown table {name!r}")
