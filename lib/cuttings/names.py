"""Names in the text: listed variants mapped to canonical names, other capitalised names as candidates.

The alias table (``data/aliases.tsv``) decides what counts as the same name. ``propose_variants``
uses fuzzy matching (rapidfuzz) to suggest further variants for a human to review; nothing it
proposes is merged until someone adds it to the table.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .aliases import AliasMatcher, alias_table, matcher
from .figures import styled

# Content roles whose names count as mentions (apparatus such as signatures and attributions is
# provenance, counted by ``sources.provenance``).
MENTION_ROLES = ("title", "body", "caption", "question", "answer", "statement", "heading", "list_item")

_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ’'-]+|[A-Z]\.)"
_CANDIDATE = re.compile(rf"(?<![\w’'-]){_NAME_TOKEN}(?:\s+(?:(?:al|el|bin|de|van|von|e)\s+)?{_NAME_TOKEN}){{1,3}}(?![\w-])")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from .lexicon import stop_words

    months = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
              "saturday", "sunday"}
    return frozenset(stop_words()) | months


def find_names(text: str, *, candidates: bool = True):
    """Yield ``(start, end, surface, canonical, type)`` for names in one line of text.

    Listed variants give their canonical name and type; with ``candidates``, other runs of two to
    four capitalised words (not starting with a function word, not overlapping a listed name) are
    yielded with canonical ``None`` and type ``"candidate"``.
    """
    hits = [(s, e, surf, a.canonical, a.type) for s, e, surf, a in matcher().finditer(text)]
    if candidates:
        taken = [(s, e) for s, e, *_ in hits]
        fw = _function_words()
        for m in _CANDIDATE.finditer(text):
            words = list(re.finditer(r"\S+", m.group()))
            while words and words[0].group().lower().strip("’'") in fw:
                words = words[1:]
            if len(words) < 2:
                continue
            s, e = m.start() + words[0].start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            hits.append((s, e, text[s:e], None, "candidate"))
    hits.sort(key=lambda h: (h[0], h[1]))
    yield from hits


def entities(corpus, *, candidates: bool = True, roles=MENTION_ROLES) -> "pd.DataFrame":
    """Return one row per name mention in content lines.

    Columns: doc_id, file, line_no, start, end (character offsets in the line), surface (as written),
    canonical (canonical name from the alias table; null for candidates), type (person, organisation,
    place, outlet, or candidate for unlisted capitalised names).
    """
    import pandas as pd

    lines = corpus.lines
    lines = lines[lines["role"].isin(list(roles))]
    rows = []
    for r in lines.itertuples(index=False):
        for s, e, surface, canon, kind in find_names(r.text, candidates=candidates):
            rows.append((r.doc_id, r.file, r.line_no, s, e, surface, canon, kind))
    return pd.DataFrame(rows, columns=["doc_id", "file", "line_no", "start", "end", "surface", "canonical", "type"])


def variant_table(corpus, *, types=("person", "organisation", "place", "outlet")) -> "pd.DataFrame":
    """Return how each listed name is spelled in the corpus: canonical, type, surface, mentions, pieces.

    One row per (canonical, surface as written, case kept); sorted by canonical, then mentions.
    """
    ents = entities(corpus, candidates=False)
    ents = ents[ents["type"].isin(list(types))]
    table = (ents.groupby(["canonical", "type", "surface"])
             .agg(mentions=("line_no", "size"), pieces=("doc_id", "nunique"))
             .reset_index()
             .sort_values(["canonical", "mentions", "surface"], ascending=[True, False, True]))
    return table.reset_index(drop=True)


def propose_variants(corpus, *, min_score: float = 85.0, limit: int = 3) -> "pd.DataFrame":
    """Propose unlisted spellings that look like listed names, for review (never merged automatically).

    Compares every candidate name (and listed variant not seen as written) with the canonical names
    and variants of ``data/aliases.tsv`` using rapidfuzz's ``token_sort_ratio`` on folded text.
    Columns: surface, mentions, proposed (canonical name), matched_variant, score (0-100),
    example (doc_id:line_no). Sorted by score, then surface.
    """
    import pandas as pd
    from rapidfuzz import fuzz, process

    ents = entities(corpus)
    cands = ents[ents["type"] == "candidate"]
    if cands.empty:
        return pd.DataFrame(columns=["surface", "mentions", "proposed", "matched_variant", "score", "example"])
    choices, owners = [], []
    for alias in alias_table():
        if alias.type != "person" and alias.type != "organisation":
            continue
        for v in alias.variants:
            if len(v.split()) >= 2:
                choices.append(AliasMatcher.key(v))
                owners.append((alias.canonical, v))
    rows = []
    grouped = cands.groupby("surface").agg(mentions=("line_no", "size"),
                                            doc=("doc_id", "first"), line=("line_no", "first"))
    for surface, g in grouped.iterrows():
        best = process.extract(AliasMatcher.key(surface), choices, scorer=fuzz.token_sort_ratio,
                               limit=limit, score_cutoff=min_score)
        for _choice, score, idx in best:
            canon, variant = owners[idx]
            rows.append((surface, int(g["mentions"]), canon, variant, round(float(score), 1),
                         f"{g['doc']}:{g['line']}"))
    out = pd.DataFrame(rows, columns=["surface", "mentions", "proposed", "matched_variant", "score", "example"])
    out = out.sort_values(["score", "surface", "proposed"], ascending=[False, True, True])
    return out.drop_duplicates(["surface", "proposed"]).reset_index(drop=True)


def co_mentions(corpus, *, types=("person", "organisation"), top: int = 12, unit: str = "piece") -> "pd.DataFrame":
    """Return a symmetric matrix (DataFrame) of how many pieces (or lines, ``unit='line'``) mention both names.

    Rows/columns: the ``top`` canonical names of ``types`` by number of pieces mentioning them
    (ties broken by name); the diagonal holds each name's own count.
    """
    import pandas as pd

    ents = entities(corpus, candidates=False)
    ents = ents[ents["type"].isin(list(types))]
    key = "doc_id" if unit == "piece" else ["doc_id", "line_no"]
    units = ents.drop_duplicates([*([key] if isinstance(key, str) else key), "canonical"])
    counts = units.groupby("canonical").size().reset_index(name="n")
    counts = counts.sort_values(["n", "canonical"], ascending=[False, True]).head(top)
    names = counts["canonical"].tolist()
    units = units[units["canonical"].isin(names)]
    incidence = pd.crosstab(units[key] if isinstance(key, str) else [units[k] for k in key], units["canonical"])
    incidence = (incidence > 0).astype("int64")[names]
    return incidence.T.dot(incidence)


@styled
def plot_variants(corpus, *, min_spellings: int = 2):
    """Figure listing, for names written more than one way, each spelling and its mentions; return (fig, table)."""
    from .figures import figure

    table = variant_table(corpus)
    table["folded"] = table["surface"].str.replace("’", "'").str.lower()
    n_spell = table.groupby("canonical")["folded"].nunique()
    keep = n_spell[n_spell >= min_spellings].index
    table = table[table["canonical"].isin(keep)].drop(columns="folded")
    rows = []
    for canon, g in table.groupby("canonical", sort=True):
        total = int(g["mentions"].sum())
        spellings = "  ·  ".join(f"{s} ({m})" for s, m in zip(g["surface"], g["mentions"]))
        rows.append((canon, g["type"].iloc[0], total, spellings))
    rows.sort(key=lambda r: (-r[2], r[0]))
    fig, ax = figure(size=(11, 0.32 * len(rows) + 1.3))
    ax.set_axis_off()
    for k, (canon, kind, total, spellings) in enumerate(rows):
        y = 1 - (k + 0.5) / max(len(rows), 1)
        ax.text(0.0, y, f"{canon}", fontsize=8.5, fontweight="bold", va="center", transform=ax.transAxes)
        ax.text(0.22, y, f"{kind}, {total}", fontsize=7.5, va="center", color="#555555", transform=ax.transAxes)
        ax.text(0.34, y, spellings if len(spellings) < 120 else spellings[:119] + "…", fontsize=7.5,
                va="center", transform=ax.transAxes)
    ax.set_title("Names written in more than one way (spelling as written, mentions in brackets)")
    return fig, table.reset_index(drop=True)


@styled
def plot_co_mentions(corpus, *, top: int = 12):
    """Heatmap of how many pieces mention both of two names (people and organisations); return (fig, matrix)."""
    from .figures import figure

    matrix = co_mentions(corpus, top=top)
    n = len(matrix)
    fig, ax = figure(size=(8.5, 7.2))
    values = matrix.to_numpy()
    ax.imshow(values, cmap="Blues", vmin=0, vmax=max(int(values.max()), 1))
    ax.set_xticks(range(n), matrix.columns, rotation=45, ha="right")
    ax.set_yticks(range(n), matrix.index)
    for i in range(n):
        for j in range(n):
            v = int(values[i, j])
            ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * values.max() else "#222222")
    ax.set_title("Pieces that mention both names (diagonal: pieces mentioning the name)")
    ax.spines[:].set_visible(False)
    return fig, matrix.reset_index(names="name")
