"""Concordances on the token stream: keyword in context (KWIC), collocates and dispersion of terms.

Every function takes a ``Corpus`` and returns a pandas DataFrame (columns in ``*_COLUMNS``); figures
are in ``cuttings.viz.terms``. Lines counted and tokens are those of ``cuttings.analysis.terms``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import CuttingsError
from ..resources import Resources
from ..text.tokens import token_spans, tokenize
from .overview import piece_label
from .terms import DEFAULT_ROLES, content_lines, g2_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

KWIC_COLUMNS = {
    "doc_id": "piece", "line_no": "line in its file (1-based)",
    "left": "text before the match (up to `window` tokens, within the line)",
    "match": "the match as written in the line (e.g. 'U.N.' for the term United Nations)",
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
# ----------------------------------------------------------------------------------------------
# Token stream: KWIC, collocates, dispersion
# ----------------------------------------------------------------------------------------------

@dataclass
class _Tokens:
    """Token forms of every counted line (the fast path), with each line's first global token position."""

    lines: "pd.DataFrame"
    forms: list           # per line: list of forms (words, numbers, stop words, names as one token)
    offset: Any      # numpy int64: global position of each line's first token
    total: int            # tokens in all counted lines
    aliases: bool
    resources: Resources


def _tokens(lines, *, aliases: bool, resources: Resources) -> _Tokens:
    import numpy as np

    forms = [tokenize(t, aliases=aliases, numbers=True, stop=True, resources=resources)
             for t in lines["text"].astype(str)]
    sizes = np.fromiter((len(f) for f in forms), dtype=np.int64, count=len(forms))
    offset = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if len(forms) else sizes
    return _Tokens(lines, forms, offset, int(sizes.sum()), aliases, resources)


@dataclass
class _Stream:
    """Every token of some counted lines (numpy arrays, one entry per token, lines in corpus order)."""

    line: Any      # index into the counted lines
    form: Any      # token forms (object array)
    start: Any     # char offsets in the line
    end: Any
    kind: Any      # word, number or name
    position: Any  # global token position (as in dispersion)


def _stream(toks: _Tokens, rows, *, aliases: bool | None = None) -> _Stream:
    """Return the spans of every token of lines ``rows`` (indices into ``toks.lines``). With
    ``aliases`` different from ``toks.aliases`` the spans are of that tokenization (raw words);
    their positions are then only meaningful through ``_find``."""
    import numpy as np

    aliases = toks.aliases if aliases is None else aliases
    texts = toks.lines["text"].astype(str).to_numpy()
    rows = np.asarray(rows, dtype=np.int64)
    per_line = [token_spans(texts[i], aliases=aliases, numbers=True, stop=True, resources=toks.resources)
                for i in rows]
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
    first: Any   # index of the first stream token of the match
    last: Any    # index of the last one
    line: Any
    start: Any
    end: Any

    @property
    def position(self):
        return self.stream.position[self.first]


def _query_forms(term: str, *, aliases: bool, resources: Resources) -> tuple[tuple[str, ...], bool]:
    """Return the token forms of a query and whether it contains a listed name."""
    toks = token_spans(str(term), aliases=aliases, numbers=True, stop=True, resources=resources)
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

    forms, has_name = _query_forms(term, aliases=toks.aliases, resources=toks.resources)
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
    return [set(tokenize(t, aliases=False, numbers=True, stop=True, resources=toks.resources))
            for t in toks.lines["text"].astype(str)]


def kwic(corpus, term: str, *, window: int = 5, chars: int | None = None, sort: str | None = None,
         aliases: bool = True, roles=None, dedup: bool = False) -> "pd.DataFrame":
    """Return a keyword-in-context concordance of ``term``: one row per occurrence.

    Columns (``KWIC_COLUMNS``): doc_id, line_no, left, match, right, start, end, position, file.
    ``term``: a word, a name or a phrase, tokenized like the texts. With ``aliases`` a query naming
    a listed name finds every variant (with a profile listing them, "United Nations" finds "UN" and "U.N."; ``match``
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
    m = _find(_tokens(lines, aliases=aliases, resources=corpus.resources), term)
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

    if window < 1:
        raise CuttingsError(f"window must be 1 or more, not {window}")
    lines = content_lines(corpus, roles=roles, dedup=dedup)
    toks = _tokens(lines, aliases=aliases, resources=corpus.resources)
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
    stops = corpus.resources.stop_words
    node = set(m.forms) if len(m.forms) == 1 else set()
    keep = [i for i in np.flatnonzero(o >= max(min_count, 1))
            if (stop or terms_[i] not in stops) and (numbers or kinds[i] != "number") and terms_[i] not in node]
    idx = np.asarray(keep, dtype=np.int64)
    # corpus frequency of each collocate: over every counted line, not only those around the node
    freq_of = Counter(chain.from_iterable(toks.forms))
    O = o[idx].astype(float)  # noqa: E741 - O, E, F, R, N as in the collocation literature
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
    toks = _tokens(lines, aliases=aliases, resources=corpus.resources)
    raw = None
    total = max(toks.total, 1)
    texts = lines["text"].astype(str).to_numpy()
    frames = []
    for term in terms:
        _, has_name = _query_forms(term, aliases=aliases, resources=corpus.resources)
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

    lines = content_lines(corpus, roles=roles, dedup=dedup)
    toks = _tokens(lines, aliases=aliases, resources=corpus.resources)
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
