"""Figures of where the pieces say they come from and whose voices they carry."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from .figures import figure, styled

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Voice types in stacking order, and their colours; a profile's own types follow in the order given
# to ``plot_voices`` (``order``, ``colours``), other types after them in name order.
VOICE_ORDER = ["narration", "letter authors", "former member", "interviewer", "politician", "official",
               "commentator", "organisation", "other", "unattributed", "interviewee"]
VOICE_COLOURS = {"narration": "#C8C8C8", "letter authors": "#9467BD", "former member": "#0072B2",
                 "interviewer": "#56B4E9", "politician": "#D55E00", "official": "#E69F00",
                 "commentator": "#009E73", "organisation": "#8C564B",
                 "other": "#F0E442", "unattributed": "#666666", "interviewee": "#BCBD22"}


@styled
def plot_provenance(edges: "pd.DataFrame"):
    """Layered drawing of the provenance graph (left: origin, right: this compilation); return (fig, edges).

    ``edges``: ``cuttings.analysis.sources.provenance_edges(corpus)``.
    """
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
    height = max(1, len(middle))
    fig, ax = figure(size=(11, 0.5 * height + 2.2))
    for r in edges.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[r.source_node], pos[r.target_node]
        ax.annotate("", xy=(x1 - 0.02, y1), xytext=(x0 + 0.02, y0),
                    arrowprops=dict(arrowstyle="-|>", color="#888888", lw=0.6 + 1.2 * math.log1p(len(r.pieces)),
                                    shrinkA=4, shrinkB=4, connectionstyle="arc3,rad=0.0"))
        label = ("#" + ",".join(str(d) for d in r.pieces) if len(r.pieces) <= 6
                 else f"#{r.pieces[0]},{r.pieces[1]}… ({len(r.pieces)} pieces)")
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
    ys = [y for _, y in pos.values()]
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_xticks([0, 1, 2, 3], ["programme", "outlet named in the text", "translator / republisher", "this compilation"])
    ax.tick_params(axis="x", length=0)
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title("Where the pieces say they come from (edge labels: piece numbers)")
    return fig, edges


@styled
def plot_sources(documents: "pd.DataFrame"):
    """Stacked bars of words per stated source, split by kind of piece; return (fig, table).

    ``documents``: ``corpus.documents``.
    """
    docs = documents.copy()
    docs["source"] = docs["source"].fillna("(no outlet stated)")
    table = docs.groupby(["source", "kind"], as_index=False).agg(pieces=("doc_id", "size"), words=("n_words", "sum"))
    wide = table.pivot_table(index="source", columns="kind", values="words", fill_value=0, aggfunc="sum")
    order = wide.sum(axis=1).sort_values(ascending=True).index
    wide = wide.loc[order]
    pieces = table.groupby("source")["pieces"].sum()
    fig, ax = figure(size=(9, 0.45 * len(wide) + 1.8))
    left = [0] * len(wide)
    palette = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377"]
    for kind, colour in zip(sorted(wide.columns), palette):
        vals = wide[kind].tolist()
        ax.barh(range(len(wide)), vals, left=left, color=colour, label=kind)
        left = [a + b for a, b in zip(left, vals)]
    for y, (src, total) in enumerate(zip(wide.index, left)):
        ax.text(total, y, f"  {int(pieces[src])} piece{'s' if pieces[src] > 1 else ''}", va="center", fontsize=7.5)
    ax.set_yticks(range(len(wide)), wide.index)
    ax.set_xlabel("words")
    ax.set_title("Words by the source each piece names, split by kind of piece")
    ax.legend(loc="lower right", title="kind")
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
    palette = dict(zip(voices, ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]))
    y = list(range(len(by_speaker)))[::-1]
    ax.barh(y, by_speaker["words"], color=[palette[v] for v in by_speaker["voice"]])
    for yy, r in zip(y, by_speaker.itertuples(index=False)):
        note = f"  {r.passages} passage{'s' if r.passages > 1 else ''}, {r.pieces} piece{'s' if r.pieces > 1 else ''}"
        ax.text(r.words, yy, note, va="center", fontsize=7)
    ax.set_yticks(y, by_speaker["speaker"])
    ax.set_xlabel("words quoted or spoken in turns")
    ax.set_title("Who is quoted, and how much (direct quotes and interview turns)")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=palette[v], label=v) for v in voices], loc="lower right", title="voice type")
    ax.margins(x=0.25)
    return fig, by_speaker


@styled
def plot_voices(shares: "pd.DataFrame", documents: "pd.DataFrame", *, order: list[str] | None = None,
                colours: dict[str, str] | None = None):
    """Stacked bars: share of each piece's words by voice (narration, quoted voices, letters); return (fig, table).

    ``shares``: ``cuttings.analysis.sources.voice_shares(corpus)``; ``documents``: ``corpus.documents``.
    ``order``: the stacking order of voice types (default ``VOICE_ORDER``; a profile gives its own as
    ``voices.order``); ``colours``: colours of voice types beyond ``VOICE_COLOURS``.
    """
    docs = documents
    labels = {r["doc_id"]: piece_label(r) for _, r in docs.iterrows()}
    wide = shares.pivot_table(index="doc_id", columns="voice", values="share", fill_value=0.0)
    order = list(order) if order else VOICE_ORDER
    cols = [c for c in order if c in wide.columns] + sorted(c for c in wide.columns if c not in order)
    palette = {**VOICE_COLOURS, **(colours or {})}
    fig, ax = figure(size=(9.5, 0.42 * len(wide) + 2.0))
    y = list(range(len(wide)))[::-1]
    left = [0.0] * len(wide)
    for c in cols:
        vals = wide[c].tolist()
        ax.barh(y, vals, left=left, color=palette.get(c, "#777777"), label=c, edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [labels[d] for d in wide.index])
    ax.set_xlim(0, 1)
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of the piece's words")
    ax.set_title("Whose words: narration, quoted voices and letter text in each piece")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="voice", fontsize=7.5)
    return fig, shares


