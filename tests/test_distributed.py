"""The Dask engine: a built corpus (built on a two-worker LocalCluster, a file split into chunks) gives the
in-memory path's tables row for row; topics and reuse equal their in-memory reference paths."""
import time

import pandas as pd
import pytest

import cuttings
from cuttings import store
from cuttings.analysis import concordance, reuse, terms, timeline
from cuttings.distributed import analyses, build, session
from cuttings.distributed import reuse as distributed_reuse


@pytest.fixture(scope="module")
def setup(bench, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dist")
    (tmp / "in").mkdir()
    politics = "".join((bench / "bbc" / "politics" / f"{i:03d}.txt").read_text(encoding="utf-8") + "\n"
                       for i in range(1, 31))
    (tmp / "in" / "a.txt").write_text(politics, encoding="utf-8")
    wire = sorted((bench / "real" / "reuters").glob("*.txt"))[:40]
    (tmp / "in" / "b.txt").write_text("".join(p.read_text(encoding="utf-8") for p in wire), encoding="utf-8")
    # a piece repeated in another file, so that reuse crosses files and parts
    (tmp / "in" / "c.txt").write_text((bench / "bbc" / "politics" / "005.txt").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    corpus = cuttings.load(tmp / "in", profile=False)
    with session(workers=2, processes=False) as client:
        report = build(tmp / "in", tmp / "split", profile=False, client=client, chunk_bytes=12000,
                       overlap_bytes=15000, margin_lines=10, extras=["timeline"])
        whole = build(tmp / "in", tmp / "whole", profile=False, client=client, chunk_bytes=0)
        yield corpus, cuttings.open(tmp / "split"), cuttings.open(tmp / "whole"), client, report, whole


def eq(a, b):
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_built_on_workers_equals_loaded(setup):
    corpus, split, whole, _, report, w = setup
    # a.txt was cut into chunks; built whole, the three small files are one group (as the in-memory parts)
    assert report.parts > 3 and w.parts == 1
    for t in ("files", "documents", "lines", "sentences", "turns"):
        eq(getattr(corpus, t), getattr(split, t))
        eq(getattr(corpus, t), getattr(whole, t))
    eq(split.read("timeline"), timeline.timeline(corpus))


def test_term_counts_kwic_timeline_equal(setup):
    corpus, split, _, client, _, _ = setup
    eq(terms.frequencies(corpus), analyses.frequencies(split, client=client))
    eq(terms.frequencies(corpus, by="piece", ngram=2), analyses.frequencies(split, client=client, by="piece", ngram=2))
    eq(terms.keyness(corpus, by="kind"), analyses.keyness(split, client=client, by="kind"))
    k = concordance.kwic(corpus, "minister")
    assert len(k) > 5
    eq(k, analyses.kwic(split, "minister", client=client))
    eq(timeline.timeline(corpus), analyses.timeline(split, client=client))


def test_topics_same_as_in_memory_path(setup):
    corpus, split, whole, client, _, _ = setup
    here = analyses.topics(corpus, k=3, seed=0)               # in one process, parts = the corpus's files
    there = analyses.topics(whole, k=3, seed=0, client=client)  # the same parts, on the workers
    eq(here, there)
    assert here["topic"].nunique() == 3 and here["unit_id"].is_monotonic_increasing
    # many parts (a.txt's chunks, then b.txt and c.txt): the chain of partial fits is the same on the workers
    eq(analyses.topics(split, k=3, seed=0), analyses.topics(split, k=3, seed=0, client=client))


def test_reuse_same_as_in_memory_path_and_exact(setup):
    corpus, split, _, client, _, _ = setup
    here = distributed_reuse.reuse(corpus)
    there = distributed_reuse.reuse(split, client=client)
    eq(here, there)
    # part by part, the pairs (and caps) of the single-process MinHash path, whatever the partitioning
    single = reuse.reuse(corpus, method="minhash")
    eq(single, here)
    assert single.attrs == here.attrs == there.attrs
    exact = reuse.reuse(corpus, method="exact").drop(columns="method")
    found = there.drop(columns="method")
    assert len(found) >= 0.95 * len(exact) and len(exact) > 20
    # every pair found is one the exact comparison finds, with the same row
    merged = found.merge(exact, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert ((there["a_file"] != there["b_file"]) & (there["kind"] == "exact")).any()


def test_stored_part_is_a_corpus(setup):
    _, split, _, _, _, _ = setup
    part = split.part(1)
    assert isinstance(part, store.StoredCorpus) and len(part.parts) == 1
    assert part.lines["line_no"].iloc[0] == split.parts[1].start_line + 1
    assert part.documents["doc_id"].iloc[0] == split.parts[1].doc_offset + 1


def _plus_len(x, *, vocab):
    return x + len(vocab)


def test_large_keyword_arguments_reach_the_workers(setup):
    # Client.map keys a keyword argument over 100 kB by its name: two maps given the same name used to
    # collide (the topics' vocabulary stalled at 64 MB); the engine scatters such values instead
    client = setup[3]
    eng = analyses._Engine(client)
    vocab = [f"term{i}" for i in range(20000)]
    first = eng.map(_plus_len, [1, 2], vocab=vocab)
    second = eng.map(_plus_len, first, vocab=vocab[:10000])
    assert [f.result(timeout=120) for f in second] == [30001, 30002]   # a stall fails, it does not hang


def _in_memory(dask_scheduler):
    return sum(ts.state == "memory" for ts in dask_scheduler.tasks.values())


def _square(x):
    return x * x


def _add(a, b):
    return a + b


def test_stream_and_fold_hold_a_window_of_results(setup):
    # results leave the cluster as they complete: the old map-then-gather held all 40 on the workers
    client = setup[3]
    eng = analyses._Engine(client)
    window = eng._window()
    assert window == 4   # two per worker thread, two workers
    seen, held = [], []
    for i, r in eng.stream(_square, list(range(40))):
        held.append(client.run_on_scheduler(_in_memory))
        seen.append((i, r))
    assert sorted(seen) == [(i, i * i) for i in range(40)]
    assert max(held) <= window
    # 0² + 1² + ... + 39² = 39·40·79/6, merged on the workers in whatever order the parts complete
    assert eng.fold(_square, _add, list(range(40))) == 20540
    assert analyses._Engine(None).fold(_square, _add, list(range(40))) == 20540
    assert list(analyses._Engine(None).stream(_add, [1, 2], [10, 20])) == [(0, 11), (1, 22)]
    # and nothing is left on the cluster once the results are out (releases reach the scheduler asynchronously)
    deadline = time.monotonic() + 30
    while client.run_on_scheduler(_in_memory) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.run_on_scheduler(_in_memory) == 0


def test_topics_scratch_is_removed(setup, tmp_path):
    _, split, _, client, _, _ = setup
    analyses.topics(split, k=2, seed=0, client=client, scratch=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_stored_timeline_of_groups_without_dates_keeps_int_ids(tmp_path):
    # one dated file among 60 small ones grouped into several parts: the other groups' timelines are empty,
    # and their stored rows must not turn the corpus's doc_id column into floats once read back
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        date = " It was written on 3 March 2021." if i == 0 else ""
        (folder / f"{i:04d}.txt").write_text(f"Title number {i}\nThe body of file {i} says little.{date}\n",
                                             encoding="utf-8")
    report = build(folder, tmp_path / "b", profile=False, part_bytes=600, extras=["timeline"])
    assert report.parts > 2
    stored = cuttings.open(tmp_path / "b").read("timeline")
    eq(stored, timeline.timeline(cuttings.load(folder, profile=False)))
    assert stored["doc_id"].tolist() == [1] and stored["doc_id"].dtype == "int64"
