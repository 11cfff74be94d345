"""Every plotting function on real text nobody here wrote: 60 BBC articles (more pieces than one bar
each can show), no profile. Each figure must take its large-corpus form, keep within the size
limits, and have no text overlapping another or cut off (``cuttings.viz.checks``)."""
import shutil

import pytest

from cuttings.viz import checks
from cuttings.viz.figures import MAX_INCHES
from cuttings.viz.layout import MAX_ROWS


@pytest.fixture(scope="module")
def bbc60(bench, tmp_path_factory):
    """The first 12 files of each BBC section (60 articles), as a folder corpus without a profile."""
    import cuttings

    root = tmp_path_factory.mktemp("bbc60")
    for section in sorted(p for p in (bench / "bbc").iterdir() if p.is_dir()):
        (root / section.name).mkdir()
        for f in sorted(section.glob("*.txt"))[:12]:
            shutil.copy(f, root / section.name / f.name)
    corpus = cuttings.load(root, profile=False)
    assert corpus.n_documents > MAX_ROWS
    return corpus


def _readable(fig):
    import matplotlib.pyplot as plt

    width, height = fig.get_size_inches()
    fig.set_dpi(min(150, 2400 / max(width, height)))  # drawn as saved: text widths change with the dpi
    overlaps, outside = checks.text_overlaps(fig), checks.texts_outside(fig)
    plt.close(fig)
    assert max(width, height) <= MAX_INCHES
    assert overlaps == [] and outside == []


def test_overview_figures_become_histograms_and_kind_summaries(bbc60):
    from cuttings.analysis import overview
    from cuttings.viz import overview as plots

    counts = overview.unit_counts(bbc60)
    fig, table = plots.plot_pieces(counts)
    assert fig.axes[0].get_ylabel() == "pieces" and len(table) == bbc60.n_documents
    _readable(fig)
    fig, table = plots.plot_roles(overview.role_counts(bbc60), bbc60.documents, value="n_words")
    kinds = bbc60.documents["kind"].nunique()
    assert len(fig.axes[0].get_yticklabels()) == kinds  # one bar per kind of piece
    assert table.groupby("kind")["share"].sum().round(6).eq(1).all()
    _readable(fig)
    fig, _ = plots.plot_units(counts)
    _readable(fig)


def test_sources_figures_on_bbc(bbc60):
    from cuttings.analysis import names, sources
    from cuttings.viz import names as name_plots
    from cuttings.viz import sources as plots

    fig, edges = plots.plot_provenance(sources.provenance_edges(bbc60), n_files=len(bbc60.files))
    # 60 files become one compilation node, "60 files"
    assert (edges["target_node"] == "compilation: 60 files").any()
    _readable(fig)
    fig, _ = plots.plot_sources(bbc60.documents)
    _readable(fig)
    fig, _ = plots.plot_quoted(sources.quotes(bbc60))
    _readable(fig)
    fig, table = plots.plot_voices(sources.voice_shares(bbc60), bbc60.documents)
    assert set(table.columns) >= {"kind", "voice", "share"}
    _readable(fig)
    fig, _ = name_plots.plot_variants(names.variant_table(bbc60))
    _readable(fig)
    fig, _ = name_plots.plot_co_mentions(names.co_mentions(bbc60))
    _readable(fig)


def test_timeline_figures_take_their_axis_from_the_data(bbc60):
    from cuttings.analysis import timeline
    from cuttings.viz import timeline as plots

    table = timeline.timeline(bbc60)
    mentions = timeline.mentions(bbc60, table=table)
    start, end = plots.axis_years(mentions)
    assert start <= 2004 <= end  # the BBC set dates from 2004-2005
    fig, marks = plots.plot_timeline(mentions)
    assert len(mentions) > plots.MAX_MENTION_ROWS and list(marks.columns) == ["bin", "kind", "n_mentions"]
    _readable(fig)
    fig, _ = plots.plot_references(timeline.references(bbc60), bbc60.documents)
    _readable(fig)
    fig, _ = plots.plot_spans(timeline.spans(bbc60, table=table), mentions, bbc60.documents)
    _readable(fig)


def test_terms_figures_on_bbc(bbc60):
    from cuttings.analysis import concordance, terms
    from cuttings.viz import terms as plots

    freq = terms.frequencies(bbc60)
    key = terms.key_terms(bbc60, table=freq)
    assert len(key) == 6 and all(freq.set_index("term").loc[t, "n_docs"] >= 2 for t in key)
    fig, _ = plots.plot_keyness(terms.keyness(bbc60, by="kind"), n=7)
    _readable(fig)
    fig, _ = plots.plot_dispersion(concordance.dispersion(bbc60, key), concordance.piece_boundaries(bbc60), terms=key)
    _readable(fig)
    fig, _ = plots.plot_kwic(concordance.kwic(bbc60, key[0], sort="right"), n=15)
    _readable(fig)
    fig, wide = plots.plot_framing(terms.framing(bbc60, by="piece"))  # no profile: no lexicon, a short note
    assert len(wide) == 0
    _readable(fig)


def test_topics_and_reuse_figures_on_bbc(bbc60):
    from cuttings.analysis import reuse, topics
    from cuttings.viz import reuse as reuse_plots
    from cuttings.viz import topics as plots

    model = topics.fit(bbc60, k=5, unit="document", min_df=2)
    fig, _ = plots.plot_shares(model, bbc60.documents)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][0].startswith("mostly topic 1: ")
    _readable(fig)
    fig, _ = plots.plot_along(model)
    _readable(fig)
    fig, _ = plots.plot_by_group(topics.by_group(model, bbc60), model)
    _readable(fig)
    fig, _ = plots.plot_terms(model)
    _readable(fig)
    pairs = reuse.reuse(bbc60)
    counts, words = reuse.reuse_matrix(bbc60, pairs=pairs), reuse.reuse_matrix(bbc60, pairs=pairs, value="words")
    fig, _ = reuse_plots.plot_matrix(counts, words, bbc60.documents)
    _readable(fig)
    fig, _ = reuse_plots.plot_share(reuse.repeated_share(bbc60, pairs=pairs), bbc60.documents)
    _readable(fig)
