"""Names in the corpus: mentions mapped to canonical names, how each is spelled, proposals, co-mentions.

Tables only (figures are in ``cuttings.viz.names``). Listed variants come from the alias table of the
corpus's resources (``aliases.tsv``, general data plus the profile's); unlisted spellings that look
like listed names are proposed for review and never merged.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..text.names import AliasMatcher, find_names

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Line roles whose names count as mentions (apparatus such as signatures and attributions is
# provenance, counted by ``cuttings.analysis.sources.provenance``).
MENTION_ROLES = ("title", "body", "caption", "question", "answer", "statement", "heading", "list_item")


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
        for s, e, surface, canon, kind in find_names(r.text, candidates=candidates, resources=corpus.resources):
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
    and variants of the alias table using rapidfuzz's ``token_sort_ratio`` on folded text.
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
    for alias in corpus.resources.aliases:
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
