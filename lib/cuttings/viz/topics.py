"""Figures of topic models: top terms per topic, piece x topic shares, topics along the corpus and by
group, the k sweep, and a map of the units. Each takes a fitted ``TopicModel`` and/or its tables."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from ..analysis.topics import TopicModel, along, labels, shares, summary, topics
from .figures import figure, styled
from .layout import TOP_N, per_piece, plural, row_font, rows_height

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Colour of topic t is TOPIC_COLOURS[(t - 1) % 10] in every figure (Paul Tol's muted scheme).
TOPIC_COLOURS = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933",
                 "#DDCC77", "#CC6677", "#882255", "#AA4499", "#777777")


def topic_colour(topic: int) -> str:
    """Return the colour of topic id ``topic`` (the same in every figure)."""
    return TOPIC_COLOURS[(topic - 1) % len(TOPIC_COLOURS)]


def _topic_names(model: TopicModel) -> list[str]:
    lab = labels(model)
    return [f"{t} · {lab[t]}" for t in range(1, model.k + 1)]


@styled
def plot_terms(model: TopicModel, *, n_terms: int = 8):
    """Small multiples: one bar chart of top-term weights per topic; return ``(fig, topics table)``."""
    table = topics(model, n_terms=n_terms)
    summ = summary(model)
    ncols = 3 if model.k > 4 else model.k
    nrows = -(-model.k // ncols)
    fig, axes = figure(nrows=nrows, ncols=ncols, size=(10, 2.1 * nrows + 0.9), squeeze=False)
    unit_name = {"paragraph": "paragraphs", "sentence": "sentence windows", "document": "pieces"}[model.unit]
    weight_name = "mean TF-IDF weight in topic" if model.model == "nmf" and model.refine else (
        "weight in topic (NMF H)" if model.model == "nmf" else "probability in topic")
    for t in range(1, nrows * ncols + 1):
        ax = axes[(t - 1) // ncols][(t - 1) % ncols]
        if t > model.k:
            ax.set_axis_off()
            continue
        sub = table[table["topic"] == t]
        y = list(range(len(sub)))[::-1]
        ax.barh(y, sub["weight"], color=topic_colour(t))
        ax.set_yticks(y, sub["term"].tolist())
        share = summ.loc[summ["topic"] == t, "share"].iat[0]
        ax.set_title(f"Topic {t} · {share:.0%} of weight", fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        if (t - 1) // ncols == nrows - 1 or t + ncols > model.k:
            ax.set_xlabel(weight_name, fontsize=8)
    fig.suptitle(f"Top terms per topic ({model.model.upper()}, {model.k} topics over {unit_name}, seed {model.seed})",
                 x=0.01, ha="left", fontsize=11, fontweight="bold")
    return fig, table


def _piece_labels(documents: "pd.DataFrame", doc_ids) -> dict[int, str]:
    docs = documents.set_index("doc_id")
    return {int(d): piece_label({"doc_id": int(d), "title": docs.at[d, "title"], "kind": docs.at[d, "kind"]})
            for d in doc_ids}


@styled
def plot_shares(model: TopicModel, documents: "pd.DataFrame"):
    """Heatmap of piece x topic shares; return ``(fig, shares table)``.

    Up to ``MAX_ROWS`` pieces: one annotated row per piece (per cent). More: the pieces as thin rows
    grouped by dominant topic (largest share first within a group), without labels, each group's
    size written beside it. ``documents``: ``corpus.documents`` (for the piece labels).
    """
    import numpy as np

    table = shares(model)
    wide = table.pivot(index="doc_id", columns="topic", values="share").sort_index()
    lab = labels(model)
    xlabels = [f"{t}\n" + lab[t].replace(" · ", "\n") for t in range(1, model.k + 1)]
    if not per_piece(len(wide)):
        return _shares_blocks(wide, xlabels, model), table
    names = _piece_labels(documents, wide.index)
    height = rows_height(len(wide), extra=2.4)
    fig, ax = figure(size=(9, height))
    data = wide.to_numpy()
    im = ax.imshow(data, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            v = data[i, j]
            ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7.5,
                    color="white" if v > 0.55 else "#222222")
    ax.set_yticks(np.arange(len(wide)), [names[d] for d in wide.index],
                  fontsize=row_font(len(wide), height=height, extra=2.4))
    ax.set_xticks(np.arange(model.k), xlabels, fontsize=7.5)
    ax.set_xlabel("topic (id and top three terms)")
    ax.set_title("Each piece's words by topic (token-weighted shares)")
    cb = fig.colorbar(im, ax=ax, shrink=0.6, pad=0.01)
    cb.set_label("share of the piece (0-1)")
    return fig, table


def _shares_blocks(wide: "pd.DataFrame", xlabels: list[str], model: TopicModel):
    """Many pieces: rows sorted by dominant topic, then by its share; blocks labelled with their size."""
    import numpy as np

    data = wide.to_numpy()
    dominant = data.argmax(axis=1)
    order = np.lexsort((wide.index.to_numpy(), -data[np.arange(len(data)), dominant], dominant))
    data = data[order]
    dominant = dominant[order]
    fig, ax = figure(size=(9, 7.5))
    im = ax.imshow(data, cmap="Blues", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax.set_xticks(np.arange(model.k), xlabels, fontsize=7.5)
    ticks, names = [], []
    for t in range(model.k):
        rows = np.flatnonzero(dominant == t)
        if len(rows):
            ax.axhline(rows[-1] + 0.5, color="white", linewidth=1.2)
            ticks.append((rows[0] + rows[-1]) / 2)
            names.append(f"mostly topic {t + 1}: {plural(len(rows), 'piece')}")
    ax.set_yticks(ticks, names, fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.set_ylabel("pieces, one thin row each, grouped by dominant topic", fontsize=8)
    ax.set_xlabel("topic (id and top three terms)")
    ax.set_title(f"Each piece's words by topic ({len(data):,} pieces)")
    cb = fig.colorbar(im, ax=ax, shrink=0.6, pad=0.01)
    cb.set_label("share of the piece (0-1)")
    return fig


@styled
def plot_along(model: TopicModel, *, smooth: int = 5, max_points: int = 600):
    """Stacked areas of topic weights unit by unit along the corpus; return ``(fig, table)``.

    Up to ``MAX_ROWS`` pieces, each piece's start is marked (and numbered where the number fits).
    With more than ``max_points`` units, the smoothed weights are averaged over ``max_points``
    equal stretches of the corpus (the table returned is then that binned table: bin, first_line,
    last_line, topic, smoothed; otherwise the ``along`` table).
    """
    import numpy as np
    import pandas as pd

    table = along(model, smooth=smooth)
    wide = table.pivot(index="position", columns="topic", values="smoothed").sort_index()
    x = wide.index.to_numpy()
    values = wide.to_numpy()
    binned = len(x) > max_points
    if binned:
        edges = np.linspace(x.min(), x.max() + 1, max_points + 1)
        which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, max_points - 1)
        sums = np.zeros((max_points, values.shape[1]))
        np.add.at(sums, which, values)
        counts = np.bincount(which, minlength=max_points)
        keep = counts > 0
        values = sums[keep] / counts[keep, None]
        firsts = np.array([x[which == b].min() for b in np.flatnonzero(keep)])
        lasts = np.array([x[which == b].max() for b in np.flatnonzero(keep)])
        table = pd.DataFrame({
            "bin": np.repeat(np.arange(1, len(firsts) + 1), values.shape[1]),
            "first_line": np.repeat(firsts, values.shape[1]), "last_line": np.repeat(lasts, values.shape[1]),
            "topic": np.tile(wide.columns.to_numpy(), len(firsts)), "smoothed": values.reshape(-1).round(6)})
        x = firsts
    fig, ax = figure(size=(9, 4.6))
    ax.stackplot(x, values.T, colors=[topic_colour(t) for t in wide.columns],
                 labels=_topic_names(model), step="post", linewidth=0)
    n_pieces = model.units["doc_id"].nunique()
    if per_piece(n_pieces):
        firsts_of = along(model, smooth=smooth).drop_duplicates("doc_id")[["doc_id", "position"]]
        span = float(x.max() + 1 - x.min()) or 1.0
        char = 7 * 0.62 / 72 / 6.2 * span  # a character's width in line positions (approx.)
        last_end = -np.inf
        for d, p in zip(firsts_of["doc_id"], firsts_of["position"]):
            ax.axvline(p, color="white", linewidth=1.2)
            width = len(f"#{d}") * char
            if p > last_end + char * 0.5:
                ax.text(p, 1.01, f"#{d}", fontsize=7, ha="left", va="bottom", transform=ax.get_xaxis_transform())
                last_end = p + width
        where = "each unit drawn from its first line; pieces marked #n"
    else:
        where = f"{n_pieces:,} pieces" + (f"; mean of {max_points} equal stretches" if binned else "")
    ax.set_xlim(x.min(), x.max() + 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"line of the corpus ({where})")
    ax.set_ylabel(f"topic weight (rolling mean of {smooth} units)")
    ax.set_title("Topic weights along the corpus", pad=16 if per_piece(n_pieces) else 6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="topic", fontsize=7.5)
    ax.margins(x=0)
    return fig, table


@styled
def plot_by_group(table: "pd.DataFrame", model: TopicModel):
    """Stacked horizontal bars of topic shares per source (or kind) of piece; return ``(fig, table)``.

    ``table``: ``cuttings.analysis.topics.by_group(model, corpus)``.
    """
    by = table.attrs["by"]
    groups = list(dict.fromkeys(table["group"]))
    if len(groups) > TOP_N:
        table = _merge_small_groups(table, TOP_N)
    wide = table.pivot(index="group", columns="topic", values="share")
    order = list(dict.fromkeys(table["group"]))
    wide = wide.loc[order]
    meta = table.drop_duplicates("group").set_index("group")
    height = rows_height(len(wide), per_row=0.45, extra=2.0)
    fig, ax = figure(size=(9, height))
    y = list(range(len(wide)))[::-1]
    left = [0.0] * len(wide)
    names = _topic_names(model)
    for t in wide.columns:
        vals = wide[t].tolist()
        ax.barh(y, vals, left=left, color=topic_colour(t), label=names[t - 1], edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [f"{g} ({plural(int(meta.at[g, 'n_pieces']), 'piece')}, {meta.at[g, 'n_tokens']:,} tokens)"
                      for g in wide.index], fontsize=row_font(len(wide), height=height, extra=2.0))
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the group's tokens (token-weighted unit weights)")
    what = "source the piece names" if by == "source" else by
    ax.set_title(f"Topic shares by {what}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="topic", fontsize=7.5)
    return fig, table


def _merge_small_groups(table: "pd.DataFrame", top: int) -> "pd.DataFrame":
    """Keep the ``top - 1`` groups with the most tokens; merge the others (token-weighted) into one."""
    import pandas as pd

    meta = table.drop_duplicates("group")
    ranked = meta.sort_values(["n_tokens", "group"], ascending=[False, True], kind="stable")["group"].tolist()
    keep, rest = ranked[: top - 1], ranked[top - 1:]
    small = table[table["group"].isin(rest)]
    tokens = small.drop_duplicates("group")["n_tokens"].sum()
    merged = (small.assign(w=small["share"] * small["n_tokens"]).groupby(["topic", "label"], as_index=False)["w"].sum())
    merged["share"] = (merged["w"] / tokens).round(6)
    merged["group"] = f"all others ({len(rest):,} groups)"
    merged["n_pieces"] = int(small.drop_duplicates("group")["n_pieces"].sum())
    merged["n_tokens"] = int(tokens)
    out = pd.concat([table[table["group"].isin(keep)], merged[list(table.columns)]], ignore_index=True)
    out.attrs = dict(table.attrs)
    return out


@styled
def plot_sweep(table: "pd.DataFrame", *, chosen: int | None = None):
    """Two panels over k: coherence (mean and worst topic NPMI) and stability (Jaccard, ARI); return (fig, table)."""
    fig, (a1, a2) = figure(ncols=2, size=(9, 3.8))
    a1.plot(table["k"], table["coherence"], marker="o", color="#4477AA", label="mean over topics")
    a1.plot(table["k"], table["coherence_min"], marker=".", linestyle="--", color="#77AADD", label="least coherent topic")
    a1.set_xlabel("number of topics k")
    a1.set_ylabel("NPMI coherence (-1..1)")
    a1.set_title("Coherence of the top terms")
    a2.plot(table["k"], table["stability"], marker="o", color="#228833", label="top-term Jaccard (matched topics)")
    a2.plot(table["k"], table["ari"], marker="s", color="#CCBB44", label="ARI of unit topics")
    a2.set_ylim(0, 1.02)
    a2.set_xlabel("number of topics k")
    a2.set_ylabel("agreement across seeds (0-1)")
    a2.set_title("Stability across seeds and subsamples")
    for ax in (a1, a2):
        ax.set_xticks(table["k"].tolist())
        if chosen is not None:
            ax.axvline(chosen, color="#AA3377", linewidth=1, linestyle=":")
        ax.legend(loc="best", fontsize=7.5)
    if chosen is not None:
        a1.text(chosen, 1.0, f" k = {chosen}", color="#AA3377", fontsize=8, va="top",
                transform=a1.get_xaxis_transform())
    return fig, table



@styled
def plot_map(table: "pd.DataFrame", model: TopicModel, *, method: str = "tsne"):
    """Scatter of the units on a deterministic 2-D map, coloured by dominant topic; return (fig, table).

    ``table``: ``cuttings.analysis.topics.projection(model, method=method)``.
    """
    fig, ax = figure(size=(9, 6))
    names = _topic_names(model)
    scale = min(1.0, (400 / max(len(table), 1)) ** 0.5)  # many dots: smaller dots
    for t in range(1, model.k + 1):
        sub = table[table["topic"] == t]
        ax.scatter(sub["x"], sub["y"], s=(12 + 40 * sub["weight"]) * scale, color=topic_colour(t), alpha=0.85,
                   edgecolor="white", linewidth=0.4 * scale, label=names[t - 1])
    how = "t-SNE of TF-IDF rows, cosine" if method == "tsne" else "first two SVD components of TF-IDF rows"
    unit_name = {"paragraph": "paragraph", "sentence": "sentence window", "document": "piece"}[model.unit]
    ax.set_title(f"Map of the units, coloured by dominant topic (one dot per {unit_name})")
    ax.set_xlabel(f"map axis 1 ({how}; no units)")
    ax.set_ylabel("map axis 2")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="topic (dot size: weight)", fontsize=7.5)
    return fig, table


