"""Figures of where the pieces say they come from and whose voices they carry."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from .figures import figure, styled
from .layout import per_piece, plural, row_font, rows_height

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Voice types in stacking order, and their colours; a profile's own types follow in the order given
# to ``plot_voices`` (``order``, ``colours``), other types after them in name order.
VOICE_ORDER = ["narration", "letter authors", "interviewer", "politician", "official",
               "commentator", "organisation", "other", "unattributed", "interviewee"]
VOICE_COLOURS = {"narration": "#C8C8C8", "letter authors": "#9467BD",
                 "interviewer": "#56B4E9", "politician": "#D55E00", "official": "#E69F00",
                 "commentator": "#009E73", "organisation": "#8C564B",
                 "other": "#F0E442", "unattributed": "#666666", "interviewee": "#BCBD22"}
PALETTE = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB", "#222222")
# Nodes of the provenance graph per layer: beyond these, the nodes naming fewest pieces are merged
# into one ("12 other outlets"), and compilation files into one node ("2,225 files").
MAX_NODES = {"programme": 10, "outlet": 14, "authors": 14, "translator": 10, "compilation": 8}
_LAYER_NAMES = {"programme": ("programme", "programmes"), "outlet": ("outlet", "outlets"),
                "authors": ("byline", "bylines"), "translator": ("translator", "translators"),
                "compilation": ("file", "files")}


def collapse_provenance(edges: "pd.DataFrame", *, max_nodes: dict[str, int] | None = None,
                        n_files: int | None = None) -> "pd.DataFrame":
    """Return the provenance edges with at most ``max_nodes[layer]`` nodes per layer (default
    ``MAX_NODES``): the nodes naming the fewest pieces are merged into one node per layer
    ("outlet: 12 other outlets"; every compilation file into "compilation: 2,225 files" when there
    are more than allowed; ``n_files``: their number, when known, else the number of compilation
    nodes), and the edges between merged nodes joined (pieces united). Columns as
    ``provenance_edges``, plus ``merged``: how many original edges each row stands for.
    """
    import pandas as pd

    limits = {**MAX_NODES, **(max_nodes or {})}
    pieces: dict[str, set[int]] = {}
    for r in edges.itertuples(index=False):
        for node in (r.source_node, r.target_node):
            pieces.setdefault(node, set()).update(int(d) for d in r.pieces)
    rename: dict[str, str] = {}
    by_layer: dict[str, list[str]] = {}
    for node in pieces:
        by_layer.setdefault(node.split(":")[0], []).append(node)
    for layer, nodes in by_layer.items():
        limit = limits.get(layer)
        if limit is None or len(nodes) <= limit:
            continue
        one, many = _LAYER_NAMES.get(layer, ("node", "nodes"))
        if layer == "compilation":
            keep: list[str] = []
        else:
            keep = sorted(nodes, key=lambda n: (-len(pieces[n]), n))[: limit - 1]
        dropped = [n for n in nodes if n not in keep]
        count = n_files if layer == "compilation" and n_files else len(dropped)
        label = f"{layer}: {count:,} {'other ' if keep else ''}{one if count == 1 else many}"
        for n in dropped:
            rename[n] = label
    rows: dict[tuple[str, str, str], list] = {}
    for r in edges.itertuples(index=False):
        key = (rename.get(r.source_node, r.source_node), rename.get(r.target_node, r.target_node), r.relation)
        entry = rows.setdefault(key, [set(), 0])
        entry[0].update(int(d) for d in r.pieces)
        entry[1] += 1
    out = [(a, b, rel, sorted(p), n) for (a, b, rel), (p, n) in rows.items()]
    return pd.DataFrame(out, columns=["source_node", "target_node", "relation", "pieces", "merged"])


@styled
def plot_provenance(edges: "pd.DataFrame", *, n_files: int | None = None):
    """Layered drawing of the provenance graph (left: origin, right: this compilation); return (fig, edges).

    ``edges``: ``cuttings.analysis.sources.provenance_edges(corpus)``; large graphs are first reduced
    by ``collapse_provenance`` (the edges drawn are returned; ``n_files``: the corpus's number of
    files, for the label of merged compilation files).
    """
    edges = collapse_provenance(edges, n_files=n_files)
    layer_of = {"programme": 0, "outlet": 1, "authors": 1, "(no outlet stated)": 1, "translator": 2, "compilation": 3}
    nodes: dict[str, float] = {}
    for r in edges.itertuples(index=False):
        for node in (r.source_node, r.target_node):
            nodes[node] = layer_of.get(node.split(":")[0], 1)
    # Outlets that only feed others (a broadcaster reported by a paper) sit left of the outlets that publish.
    fed = {r.source_node for r in edges.itertuples(index=False) if r.relation == "reported by"}
    for node in fed:
        nodes[node] = 0.5 if nodes[node] == 1 else nodes[node]
    succ: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {}
    for r in edges.itertuples(index=False):
        succ.setdefault(r.source_node, []).append(r.target_node)
        pred.setdefault(r.target_node, []).append(r.source_node)
    # Outlets and authors evenly spaced, those passing through a translator together; every other
    # node sits at the mean height of its neighbours, so that few edges cross.
    middle = sorted((n for n, layer in nodes.items() if layer == 1),
                    key=lambda n: (not any(nodes.get(t) == 2 for t in succ.get(n, [])), n.split(":")[0] != "outlet", n))
    pos = {n: (1.0, (len(middle) - 1) / 2 - k) for k, n in enumerate(middle)}

    def place(layer: float, neighbours: dict[str, list[str]]) -> None:
        def mean_height(n: str) -> float:
            return sum(pos[m][1] for m in neighbours.get(n, []) if m in pos) / max(1, len(neighbours.get(n, [])))

        members = sorted((n for n, lay in nodes.items() if lay == layer), key=lambda n: (mean_height(n), n))
        used: list[float] = []
        for n in members:
            known = [pos[m][1] for m in neighbours.get(n, []) if m in pos]
            y = sum(known) / len(known) if known else 0.0
            while any(abs(y - u) < 0.7 for u in used):
                y -= 0.7
            used.append(y)
            pos[n] = (layer, y)

    place(0.5, succ)
    place(0, succ)
    place(2, pred)
    place(3, pred)
    ys = [y for _, y in pos.values()]
    height = max(ys) - min(ys) + 1 if ys else 1
    fig, ax = figure(size=(11, min(15.6, 0.5 * height + 2.2)))
    for r in edges.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[r.source_node], pos[r.target_node]
        ax.annotate("", xy=(x1 - 0.02, y1), xytext=(x0 + 0.02, y0),
                    arrowprops=dict(arrowstyle="-|>", color="#888888", lw=0.6 + 1.2 * math.log1p(len(r.pieces)),
                                    shrinkA=4, shrinkB=4, connectionstyle="arc3,rad=0.0"))
        label = ("#" + ",".join(str(d) for d in r.pieces) if len(r.pieces) <= 6
                 else f"#{r.pieces[0]},{r.pieces[1]}… ({len(r.pieces):,} pieces)")
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, label,
                ha="center", va="center", fontsize=6.5, color="#555555",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
    colours = {"programme": "#CCBB44", "outlet": "#4477AA", "authors": "#AA3377", "translator": "#EE6677",
               "compilation": "#222222", "(no outlet stated)": "#BBBBBB"}
    for node, (x, y) in pos.items():
        kind, _, name = node.partition(": ")
        ax.text(x, y, name or kind, ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round,pad=0.35", fc="white", ec=colours.get(kind, "#777777"), lw=1.4))
    ax.set_xlim(-0.45, 3.45)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_xticks([0, 1, 2, 3], ["programme", "outlet named in the text", "translator / republisher", "this compilation"])
    ax.tick_params(axis="x", length=0)
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title("Where the pieces say they come from (edge labels: piece numbers)")
    return fig, edges


@styled
def plot_sources(documents: "pd.DataFrame", *, top: int = 25):
    """Stacked bars of words per stated source, split by kind of piece; return (fig, table).

    ``documents``: ``corpus.documents``. At most ``top`` sources are drawn, those with the most
    words; the rest are summed into one bar "all others (N sources)". The table: source, kind,
    pieces, words for every source (the bars' sums).
    """
    docs = documents.copy()
    docs["source"] = docs["source"].fillna("(no outlet stated)")
    table = docs.groupby(["source", "kind"], as_index=False).agg(pieces=("doc_id", "size"), words=("n_words", "sum"))
    totals = table.groupby("source")["words"].sum().reset_index()
    ranked = totals.sort_values(["words", "source"], ascending=[False, True], kind="stable")["source"].tolist()
    shown = table
    if len(ranked) > top:
        rest = set(ranked[top - 1:])
        other = f"all others ({len(rest):,} sources)"
        shown = table.assign(source=table["source"].where(~table["source"].isin(rest), other))
        shown = shown.groupby(["source", "kind"], as_index=False)[["pieces", "words"]].sum()
    wide = shown.pivot_table(index="source", columns="kind", values="words", fill_value=0, aggfunc="sum")
    order = wide.sum(axis=1).sort_values(ascending=True, kind="stable").index
    if len(ranked) > top:  # the merged bar at the bottom
        order = [other] + [i for i in order if i != other]
    wide = wide.loc[order]
    pieces = shown.groupby("source")["pieces"].sum()
    height = rows_height(len(wide), per_row=0.45, extra=1.8)
    fig, ax = figure(size=(9, height))
    left = [0] * len(wide)
    for i, kind in enumerate(sorted(wide.columns)):
        vals = wide[kind].tolist()
        ax.barh(range(len(wide)), vals, left=left, color=PALETTE[i % len(PALETTE)], label=kind)
        left = [a + b for a, b in zip(left, vals)]
    for y, (src, total) in enumerate(zip(wide.index, left)):
        ax.text(total, y, "  " + plural(int(pieces[src]), "piece"), va="center", fontsize=7.5)
    ax.set_yticks(range(len(wide)), wide.index, fontsize=row_font(len(wide), height=height, extra=1.8))
    ax.set_xlabel("words")
    ax.set_title("Words by the source each piece names, split by kind of piece")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="kind")
    ax.margins(x=0.12)
    return fig, table


@styled
def plot_quoted(quotes: "pd.DataFrame", *, top: int = 15):
    """Words quoted per speaker (top ``top``), coloured by voice type; return (fig, table).

    ``quotes``: ``cuttings.analysis.sources.quotes(corpus)``.
    """
    q = quotes
    q = q[q["mode"].isin(["direct", "turn"]) & q["speaker"].notna() & (q["speaker"] != "interviewer")]
    by_speaker = (q.groupby(["speaker", "voice"], as_index=False)
                  .agg(words=("n_words", "sum"), passages=("line_no", "size"), pieces=("doc_id", "nunique"))
                  .sort_values(["words", "speaker"], ascending=[False, True]).head(top))
    fig, ax = figure(size=(9, 0.38 * len(by_speaker) + 1.8))
    voices = sorted(by_speaker["voice"].unique())
    palette = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(voices)}
    y = list(range(len(by_speaker)))[::-1]
    ax.barh(y, by_speaker["words"], color=[palette[v] for v in by_speaker["voice"]])
    for yy, r in zip(y, by_speaker.itertuples(index=False)):
        note = f"  {r.passages} passage{'s' if r.passages > 1 else ''}, {r.pieces} piece{'s' if r.pieces > 1 else ''}"
        ax.text(r.words, yy, note, va="center", fontsize=7)
    ax.set_yticks(y, by_speaker["speaker"])
    ax.set_xlabel("words quoted or spoken in turns")
    ax.set_title("Who is quoted, and how much (direct quotes and interview turns)")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=palette[v], label=v) for v in voices], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), title="voice type")
    ax.margins(x=0.25)
    return fig, by_speaker


@styled
def plot_voices(shares: "pd.DataFrame", documents: "pd.DataFrame", *, order: list[str] | None = None,
                colours: dict[str, str] | None = None):
    """Stacked bars: share of the words by voice (narration, quoted voices, letters); return (fig, table).

    Up to ``MAX_ROWS`` pieces: one bar per piece (the table: ``shares``). More: one bar per kind of
    piece, its words summed over its pieces (the table: kind, voice, n_pieces, n_words, share).
    ``shares``: ``cuttings.analysis.sources.voice_shares(corpus)``; ``documents``: ``corpus.documents``.
    ``order``: the stacking order of voice types (default ``VOICE_ORDER``; a profile gives its own as
    ``voices.order``); ``colours``: colours of voice types beyond ``VOICE_COLOURS``.
    """
    from matplotlib.ticker import PercentFormatter

    docs = documents
    if per_piece(len(docs)):
        labels = {r["doc_id"]: piece_label(r) for _, r in docs.iterrows()}
        wide = shares.pivot_table(index="doc_id", columns="voice", values="share", fill_value=0.0)
        names = [labels[d] for d in wide.index]
        table = shares
    else:
        kinds = docs.set_index("doc_id")["kind"]
        n_pieces = docs.groupby("kind").size()
        table = (shares.assign(kind=shares["doc_id"].map(kinds))
                 .groupby(["kind", "voice"], as_index=False)["n_words"].sum())
        table["share"] = table["n_words"] / table.groupby("kind")["n_words"].transform("sum")
        table.insert(2, "n_pieces", table["kind"].map(n_pieces).astype("int64"))
        wide = table.pivot_table(index="kind", columns="voice", values="share", fill_value=0.0)
        wide = wide.loc[sorted(wide.index, key=lambda k: (-int(n_pieces[k]), k))]
        names = [f"{k} ({plural(int(n_pieces[k]), 'piece')})" for k in wide.index]
    order = list(order) if order else VOICE_ORDER
    cols = [c for c in order if c in wide.columns] + sorted(c for c in wide.columns if c not in order)
    palette = {**VOICE_COLOURS, **(colours or {})}
    height = rows_height(len(wide), extra=2.0)
    fig, ax = figure(size=(9.5, height))
    y = list(range(len(wide)))[::-1]
    left = [0.0] * len(wide)
    for c in cols:
        vals = wide[c].tolist()
        ax.barh(y, vals, left=left, color=palette.get(c, "#777777"), label=c, edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, names, fontsize=row_font(len(wide), height=height, extra=2.0))
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    if per_piece(len(docs)):
        ax.set_xlabel("share of the piece's words")
        ax.set_title("Whose words: narration, quoted voices\nand letter text in each piece")
    else:
        ax.set_xlabel("share of the words of the pieces of each kind")
        ax.set_title(f"Whose words: narration, quoted voices and letter text,\nby kind of piece ({len(docs):,} pieces)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="voice", fontsize=7.5)
    return fig, table
