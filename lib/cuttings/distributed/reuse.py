"""Reuse part by part (on Dask workers or here), in memory bounded by a part: the rows of ``reuse(..., method="minhash")``.

Four stages, each a task per part or per range of hash values, each reading and writing files in a
scratch folder, so that what passes between tasks (and through the driver) is a few counts, never
passages or candidate pairs:

1. per part: its passages (``cuttings.analysis.reuse._prepare``: words become 32-bit shingle hashes
   computed from stable word hashes, the same in every process), saved; the number of its passages
   holding each shingle, saved sorted by hash range;
2. per hash range: those counts summed over the parts; the stop-shingles (in more than
   ``STOP_SHARE`` of all passages and more than ``STOP_MIN``) saved;
3. per part: MinHash band keys of its passages (stop-shingles left out), saved sorted by key range;
   per key range (a shuffle through files): the band records of every part, grouped by bucket, each
   passage paired with its ``LOOKBACK`` nearest earlier bucket mates; the pair counts saved by the
   part of the later passage;
4. per part: its pairs' counts summed over the ranges, the ``MAX_CANDIDATES`` earlier passages sharing
   most bands kept, each verified with ``cuttings.analysis.reuse``'s own comparison (the earlier
   passage read from its part's saved passages, one part at a time), then the part's internal
   doubling; the rows saved as Parquet. The driver reads the parts' rows and sorts them.

Every step is the single-process one applied to a part, and the global positions are the corpus
order, so the table equals ``cuttings.analysis.reuse.reuse(corpus, method="minhash")`` row for row,
whatever the partitioning (tests/test_distributed.py), and ``attrs["truncated"]`` counts the same caps.
"""
from __future__ import annotations

import math
import os
import pickle
import shutil
import tempfile
from array import array
from typing import TYPE_CHECKING, Any

from ..analysis import reuse as _reuse
from ..errors import CuttingsError
from .analyses import _Engine, _fresh, parts

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

VERIFY_CACHE = 8192     # passages of a part kept rebuilt while verifying (each candidate's twice otherwise)
_BASE = 1 << 32          # base of the exact shingle keys when passages of several parts are compared


def _path(folder: str, name: str, index: int, field: str = "") -> str:
    return os.path.join(folder, f"{name}-{index:06d}{'-' + field if field else ''}")


def _save_ranged(folder: str, name: str, index: int, ranges, n_ranges: int, **arrays) -> None:
    """Save ``arrays`` (one row per record) sorted by ``ranges`` (0..n_ranges-1), with the bounds of each range."""
    import numpy as np

    order = np.argsort(ranges, kind="stable")
    bounds = np.searchsorted(ranges[order], np.arange(n_ranges + 1))
    np.save(_path(folder, name, index, "bounds") + ".npy", bounds)
    for field, values in arrays.items():
        np.save(_path(folder, name, index, field) + ".npy", values[order])


def _read_range(folder: str, name: str, index: int, r: int, *fields: str) -> list:
    """The rows of range ``r`` of saved arrays ``fields`` (memory-mapped: only the range is read)."""
    import numpy as np

    bounds = np.load(_path(folder, name, index, "bounds") + ".npy")
    lo, hi = int(bounds[r]), int(bounds[r + 1])
    return [np.array(np.load(_path(folder, name, index, f) + ".npy", mmap_mode="r")[lo:hi]) for f in fields]


def _key_range(keys, n_ranges: int):
    """Range (0..n_ranges-1) of 32-bit hash values, by their value."""
    import numpy as np

    return ((keys.astype(np.uint64) * np.uint64(n_ranges)) >> np.uint64(32)).astype(np.int64)


def _load_units(folder: str, index: int):
    with open(_path(folder, "units", index) + ".pkl", "rb") as f:
        return pickle.load(f)


# -- 1. passages and shingle counts per part -------------------------------------------------------------

def _prepare_part(view, folder: str, index: int, *, shingle: int, min_words: int, n_ranges: int) -> dict:
    """Prepare a part's passages and save them; save how many of them hold each shingle (by hash range).
    Returns the part's passage count and the caps that bit while preparing."""
    import numpy as np

    view = _fresh(view)   # the tables the view caches die with the task (see analyses._fresh)
    units = _reuse._prepare(view, shingle, min_words=min_words, keep_ids=True)
    n = len(units)
    keys, owners = next(_reuse._distinct(units)) if n else (np.zeros(0, np.uint32), np.zeros(0, np.int64))
    distinct = np.bincount(owners, minlength=n)
    units._repeating = np.flatnonzero(distinct < units.n_keys).tolist() if n else []
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, np.int64)
    uniq = keys[starts]
    held = np.diff(np.r_[starts, len(keys)]).astype(np.int64)
    del keys, owners
    _save_ranged(folder, "counts", index, _key_range(uniq, n_ranges), n_ranges, key=uniq, n=held)
    units._cache = {}
    units.vocab = {}
    units.word_hash = units.hkeys = array("I")   # not needed any more (hk keeps the shingle hashes)
    with open(_path(folder, "units", index) + ".pkl", "wb") as f:
        pickle.dump(units, f, protocol=pickle.HIGHEST_PROTOCOL)
    return {"n": n, "windows": units.bitten["windows"]}


# -- 2. stop-shingles per hash range ---------------------------------------------------------------------

def _stop_range(folder: str, r: int, *, n_parts: int, limit: int) -> int:
    """Sum the parts' counts of range ``r``; save the stop-shingles (held by more than ``limit`` passages)."""
    import numpy as np

    got = [_read_range(folder, "counts", i, r, "key", "n") for i in range(n_parts)]
    keys = np.concatenate([g[0] for g in got]) if got else np.zeros(0, np.uint32)
    held = np.concatenate([g[1] for g in got]) if got else np.zeros(0, np.int64)
    del got
    uniq, inverse = np.unique(keys, return_inverse=True)
    total = np.bincount(inverse, weights=held, minlength=len(uniq)) if len(uniq) else np.zeros(0)
    stop = uniq[total > limit].astype(np.uint32)
    np.save(_path(folder, "stop", r) + ".npy", stop)
    return len(stop)


# -- 3. band keys per part, buckets per key range ----------------------------------------------------------

def _band_part(folder: str, index: int, offset: int, *, n_ranges: int, min_words: int, num_perm: int,
               lsh_threshold: float, seed: int) -> int:
    """Save the band records (band, key, passage's global unit) of a part, sorted by key range."""
    import numpy as np

    units = _load_units(folder, index)
    units.offset = offset
    units.stop_keys = np.concatenate([np.load(_path(folder, "stop", r) + ".npy") for r in range(n_ranges)])
    units.stop_keys.sort()
    bands, sigs, owns = [], [], []
    for band, sig, own in _reuse.band_records(units, min_words=min_words, num_perm=num_perm,
                                              lsh_threshold=lsh_threshold, seed=seed):
        bands.append(np.full(len(sig), band, dtype=np.int16))
        sigs.append(sig)
        owns.append(own)
    band_a = np.concatenate(bands) if bands else np.zeros(0, np.int16)
    sig_a = np.concatenate(sigs) if sigs else np.zeros(0, np.uint64)
    own_a = np.concatenate(owns) if owns else np.zeros(0, np.int64)
    del bands, sigs, owns
    _save_ranged(folder, "bands", index, _key_range(sig_a >> np.uint64(32), n_ranges), n_ranges,
                 band=band_a, sig=sig_a, own=own_a.astype(np.uint32))
    return len(sig_a)


def _bucket_range(folder: str, r: int, *, n_parts: int, offsets: list[int]) -> int:
    """Pair the passages sharing a bucket among the band records of key range ``r`` (every part's); save the
    pairs' shared-band counts sorted by the part of the later passage. Returns the buckets where the
    lookback cap bit."""
    import numpy as np

    got = [_read_range(folder, "bands", i, r, "band", "sig", "own") for i in range(n_parts)]
    band = np.concatenate([g[0] for g in got])
    sig = np.concatenate([g[1] for g in got])
    own = np.concatenate([g[2] for g in got]).astype(np.int64)
    del got
    counts = _reuse._new_counts()
    bitten = {"lookback": 0}
    order = np.lexsort((own, sig, band))
    band, sig, own = band[order], sig[order], own[order]
    cuts = np.flatnonzero(np.r_[True, band[1:] != band[:-1], True]) if len(band) else np.zeros(1, np.int64)
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        _reuse.bucket_pairs(sig[lo:hi], own[lo:hi], counts, bitten)
    del band, sig, own
    _reuse._reduce(counts)
    codes, weights = counts["codes"], counts["weights"]
    later = (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)
    part = np.searchsorted(np.asarray(offsets[1:], dtype=np.int64), later, side="right")
    _save_ranged(folder, "pairs", r, part, n_parts, code=codes, w=weights)
    return bitten["lookback"]


# -- 4. candidates verified per part ------------------------------------------------------------------------

def _verify_part(folder: str, index: int, *, n_ranges: int, offsets: list[int], min_words: int,
                 threshold: float, shingle: int) -> dict:
    """Select the part's candidates (for its later passages), verify them and find its internal doubling;
    save the rows as Parquet. Returns the caps that bit."""
    import numpy as np

    from ..store import _write

    got = [_read_range(folder, "pairs", r, index, "code", "w") for r in range(n_ranges)]
    counts = _reuse._new_counts()
    counts["parts"] = [g[0] for g in got if len(g[0])]
    weights = [g[1] for g in got if len(g[0])]
    del got
    # the same shared-band counts as one process's: sum each pair's counts over the ranges
    if counts["parts"]:
        codes = np.concatenate(counts["parts"])
        w = np.concatenate(weights)
        order = np.argsort(codes, kind="stable")
        codes, w = codes[order], w[order]
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        counts = {"codes": codes[starts], "weights": np.add.reduceat(w, starts), "parts": [], "size": 0}
    else:
        counts = _reuse._new_counts()
    bitten = dict.fromkeys(_reuse.CAPS, 0)
    candidates = _reuse._select(bitten, counts, least=1)
    del counts
    vocab: dict[str, int] = {}   # one vocabulary for the passages of every part read here

    def opened(i):
        units = _load_units(folder, i)
        units.base, units.offset = _BASE, offsets[i]
        units.use_vocab(vocab)
        units.cache_size = VERIFY_CACHE
        return units

    own = opened(index)
    rows = _reuse._Rows()
    by_part: dict[int, list[tuple[int, int]]] = {}
    bounds = np.asarray(offsets[1:], dtype=np.int64)
    for i, j in candidates:
        by_part.setdefault(int(np.searchsorted(bounds, i, side="right")), []).append((i, j))
    for q in sorted(by_part):
        other = own if q == index else opened(q)
        for i, j in by_part[q]:
            a, b = other.line(i - offsets[q]), own.line(j - offsets[index])
            same_line = a.line_no == b.line_no and a.file == b.file  # two windows of one line
            for p in _reuse._compare(a, b, min_words=min_words, threshold=threshold, k=shingle):
                rows.add(p, "internal" if same_line else p.kind)
        del other
    for u in own.repeating():
        for p in _reuse._internal(own.line(u), min_words=min_words, threshold=threshold, k=shingle, bitten=bitten):
            rows.add(p, p.kind)
    from pathlib import Path

    _write(rows.table(own.file_names, "minhash", positions=True), Path(_path(folder, "rows", index) + ".parquet"))
    return {c: n for c, n in bitten.items() if n}


# -- the whole ------------------------------------------------------------------------------------------------

def reuse(corpus, *, client: Any = None, min_words: int = _reuse.MIN_WORDS, threshold: float = _reuse.THRESHOLD,
          shingle: int = _reuse.SHINGLE, num_perm: int = _reuse.NUM_PERM, lsh_threshold: float = _reuse.LSH_THRESHOLD,
          seed: int = _reuse.SEED, scratch: str | None = None) -> "pd.DataFrame":
    """Return the repeated passages of ``corpus`` (``cuttings.analysis.reuse.COLUMNS``; ``attrs["truncated"]``
    as there), found part by part with MinHash LSH on ``client`` (None: in this process, part after part):
    the rows of ``cuttings.analysis.reuse.reuse(corpus, method="minhash")`` with the same options.

    ``scratch``: folder under which a temporary folder holds the parts' passages, band records and rows
    during the run (removed after). It must be on a file system that every worker reads and writes: the
    default (None: the system's temporary folder) suits a ``LocalCluster`` only; on a cluster of several
    machines give a shared folder (``cuttings reuse --scheduler ADDRESS --scratch DIR``).
    Memory per task is bounded by a part (its passages, and its share of the band records and pairs).
    Raises ``CuttingsError`` for an option out of range.
    """
    import numpy as np
    import pandas as pd

    _reuse.check_options(min_words=min_words, threshold=threshold, method="minhash", shingle=shingle,
                         num_perm=num_perm, lsh_threshold=lsh_threshold)
    eng = _Engine(client)
    ps = parts(corpus)
    n_parts = len(ps)
    if not n_parts:
        raise CuttingsError("the corpus has no parts to compare")
    n_ranges = n_parts
    if scratch is not None and not os.path.isdir(scratch):
        raise CuttingsError(f"scratch folder {scratch} does not exist (give an existing folder that every worker "
                            "can read and write)")
    folder = tempfile.mkdtemp(prefix="cuttings-reuse-", dir=scratch)
    try:
        ids = list(range(n_parts))
        prepared = eng.gather(eng.map(_prepare_part, ps, [folder] * n_parts, ids, shingle=shingle,
                                      min_words=min_words, n_ranges=n_ranges))
        sizes = [p["n"] for p in prepared]
        offsets = [0] + np.cumsum(sizes).tolist()
        if offsets[-1] >= 1 << 32:
            raise CuttingsError(f"{offsets[-1]:,} passages: more than reuse can number (2^32)")
        limit = max(_reuse.STOP_MIN, math.ceil(_reuse.STOP_SHARE * offsets[-1]))
        n_stop = sum(eng.gather(eng.map(_stop_range, [folder] * n_ranges, list(range(n_ranges)), n_parts=n_parts,
                                        limit=limit)))
        eng.gather(eng.map(_band_part, [folder] * n_parts, ids, offsets[:-1], n_ranges=n_ranges,
                           min_words=min_words, num_perm=num_perm, lsh_threshold=lsh_threshold, seed=seed))
        lookback = sum(eng.gather(eng.map(_bucket_range, [folder] * n_ranges, list(range(n_ranges)),
                                          n_parts=n_parts, offsets=offsets)))
        verified = eng.gather(eng.map(_verify_part, [folder] * n_parts, ids, n_ranges=n_ranges, offsets=offsets,
                                      min_words=min_words, threshold=threshold, shingle=shingle))
        frames = [pd.read_parquet(_path(folder, "rows", i) + ".parquet") for i in ids]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    found = [f for f in frames if len(f)] or frames[:1]
    df = pd.concat(found, ignore_index=True)
    order = np.lexsort(tuple(df[c].to_numpy() for c in ("b_end", "b_start", "a_end", "a_start", "b_pos", "a_pos")))
    df = df.iloc[order].drop(columns=["a_pos", "b_pos"]).reset_index(drop=True)
    ints = ["a_doc", "a_line", "a_start", "a_end", "b_doc", "b_line", "b_start", "b_end", "words"]
    df = df.astype({c: "int64" for c in ints} | {"similarity": "float64"})
    bitten = dict.fromkeys(_reuse.CAPS, 0)
    bitten["windows"] = sum(p["windows"] for p in prepared)
    bitten["stop_shingles"] = n_stop
    bitten["lookback"] = lookback
    for v in verified:
        for c, n in v.items():
            bitten[c] += n
    df.attrs["truncated"] = {c: n for c, n in bitten.items() if n}
    return df
