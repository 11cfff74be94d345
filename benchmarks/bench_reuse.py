"""Reuse detection at scale: the 2,225 BBC articles with paragraphs copied between articles, lightly edited.

A copy of the BBC folder is made in a temporary directory and ``--copies`` (500) paragraphs of at
least 12 words are pasted, as paragraphs of their own, into 500 other articles (never into one of the
dataset's duplicate files), each with three light edits: the case of one to three words changed, two
punctuation marks between words dropped or changed, and one word dropped (``random.Random(--seed)``).
Then, each timed from loading the folder (``cuttings.load``) to the finished table:

- ``naive hash``: the peer, measured in the same run: lines grouped by a hash of their lower-cased
  words (punctuation and spacing ignored), every two lines with the same hash reported;
- ``cuttings exact`` and ``cuttings minhash``: ``cuttings.analysis.reuse.reuse`` with each method (defaults
  otherwise), and ``auto`` says which one ``method="auto"`` picks for this size.

Reported: recall of the planted copies (a planted pair is found when a row links the source line
and the pasted line), the dataset's own duplicate articles (byte-identical files) found (every line
of 8+ words paired with its twin), the other pairs found (neither planted nor between duplicate
articles: repeats the BBC set really has, e.g. follow-up stories and team sheets, not checked one by
one), time, MB/s and the speed ratio to the naive hash.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "bench" / "bbc"
MIN_WORDS = 8
# Punctuation between words (a mark before a space or the end, or a quote): never inside a word.
_PUNCT = re.compile(r"[,;:.!?](?=\s|$)|[\"“”‘’](?=\s|$)|(?<=\s)[\"“”‘’]| - ")


def plant(src: Path, dst: Path, *, copies: int, seed: int) -> tuple[list[tuple], int]:
    """Copy ``src`` to ``dst`` and paste ``copies`` edited paragraphs; return (planted pairs, bytes).

    Each planted pair is ``(source file, source line, target file, target line)`` with paths as
    ``cuttings.load(dst)`` reports them and 1-based line numbers. Sources and targets are disjoint
    sets of files, so source line numbers do not move.
    """
    rng = random.Random(seed)
    shutil.copytree(src, dst)
    files = sorted(p for p in dst.rglob("*.txt"))
    texts = {}
    for p in files:
        try:
            texts[p] = p.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # left as it is (sport/199.txt is not UTF-8)
    usable = sorted(texts)
    rng.shuffle(usable)
    # The dataset's duplicate files are never pasted into, so they stay duplicates.
    twins = {Path(x) for pair in duplicate_articles(dst) for x in pair}
    free = [p for p in usable if p not in twins]
    targets = free[:copies]
    sources = [p for p in usable if p not in set(targets)]
    paragraphs = []
    for p in sources:
        for i, line in enumerate(texts[p].split("\n")):
            if i > 0 and len(line.split()) >= MIN_WORDS + 4:
                paragraphs.append((p, i + 1, line))
    chosen = rng.sample(paragraphs, copies)
    planted = []
    for (sp, sline, text), tp in zip(chosen, targets):
        lines = texts[tp].split("\n")
        # After a non-blank line other than the title, as a paragraph of its own.
        slots = [i for i, ln in enumerate(lines) if i > 0 and ln.strip()] or [0]
        at = rng.choice(slots)
        lines[at + 1:at + 1] = ["", edit(text, rng)]
        tp.write_text("\n".join(lines), encoding="utf-8")
        texts[tp] = "\n".join(lines)
        planted.append((str(sp), sline, str(tp), at + 3))
    n_bytes = sum(p.stat().st_size for p in files)
    return planted, n_bytes


def edit(text: str, rng: random.Random) -> str:
    """Apply the three light edits: change the case of 1-3 words, change punctuation, drop one word."""
    words = text.split()
    for i in rng.sample(range(len(words)), min(len(words), rng.randint(1, 3))):
        w = words[i]
        words[i] = w.upper() if w.islower() else w.lower()
    drop = rng.randrange(len(words))
    del words[drop]
    out = " ".join(words)
    marks = list(_PUNCT.finditer(out))
    for m in sorted(rng.sample(marks, min(len(marks), 2)), key=lambda m: -m.start()):
        new = rng.choice([" ", ", ", "; "]) if m.group() == " - " else rng.choice(["", ";", " -", "!"])
        out = out[:m.start()] + new + out[m.end():]
    return out


def duplicate_articles(folder: Path) -> list[tuple[str, str]]:
    """Pairs of byte-identical files in ``folder`` (the dataset's own duplicates), first by name."""
    groups: dict[str, list[str]] = {}
    for p in sorted(folder.rglob("*.txt")):
        groups.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), []).append(str(p))
    out = []
    for names in groups.values():
        for x in range(len(names)):
            for y in range(x + 1, len(names)):
                out.append((names[x], names[y]))
    return sorted(out)


def naive_hash(corpus):
    """The peer: every two lines with the same lower-cased words (8 or more) form a pair."""
    import pandas as pd

    word = re.compile(r"\w+")
    groups: dict[str, list[tuple[str, int]]] = {}
    lines = corpus.lines
    for f, ln, text in zip(lines["file"].astype(str), lines["line_no"], lines["text"]):
        words = word.findall(text.lower())
        if len(words) >= MIN_WORDS:
            key = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()
            groups.setdefault(key, []).append((f, int(ln)))
    rows = []
    for members in groups.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                rows.append(members[x] + members[y])
    return pd.DataFrame(rows, columns=["a_file", "a_line", "b_file", "b_line"])


def score(pairs, planted, dups, corpus) -> dict:
    """Recall of planted copies, duplicate articles found, and the other pairs."""
    found = set()
    for a_f, a_l, b_f, b_l in zip(pairs["a_file"].astype(str), pairs["a_line"], pairs["b_file"].astype(str),
                                  pairs["b_line"]):
        found.add((a_f, int(a_l), b_f, int(b_l)))
        found.add((b_f, int(b_l), a_f, int(a_l)))
    hit = sum((s, sl, t, tl) in found for s, sl, t, tl in planted)
    # A duplicate article is found when every line of 8+ words is paired with the same line of its twin.
    lines = corpus.lines
    n_words = lines["text"].str.split().str.len().fillna(0)
    long_lines: dict[str, list[int]] = {}
    for f, ln, n in zip(lines["file"].astype(str), lines["line_no"], n_words):
        if n >= MIN_WORDS:
            long_lines.setdefault(f, []).append(int(ln))
    dup_found = sum(all((a, ln, b, ln) in found for ln in long_lines.get(a, [])) for a, b in dups)
    dup_files = {frozenset(p) for p in dups}
    planted_keys = {frozenset([(s, sl), (t, tl)]) for s, sl, t, tl in planted}
    other, kinds = 0, {}
    kind_col = pairs["kind"] if "kind" in pairs else ["exact"] * len(pairs)
    for a_f, a_l, b_f, b_l, kind in zip(pairs["a_file"].astype(str), pairs["a_line"],
                                        pairs["b_file"].astype(str), pairs["b_line"], kind_col):
        if frozenset([(a_f, int(a_l)), (b_f, int(b_l))]) in planted_keys:
            continue
        if frozenset([a_f, b_f]) in dup_files:
            continue
        other += 1
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"recall": hit / len(planted) if planted else float("nan"), "hit": hit,
            "dups": dup_found, "other": other, "pairs": len(pairs),
            "other_kinds": ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds))}


def show_misses(pairs, planted, corpus, n: int) -> None:
    """Print up to ``n`` planted pairs that ``pairs`` does not contain, with both texts."""
    found = set(zip(pairs["a_file"].astype(str), pairs["a_line"], pairs["b_file"].astype(str), pairs["b_line"]))
    found |= {(c, d, a, b) for a, b, c, d in found}
    text = {(f, int(ln)): t for f, ln, t in zip(corpus.lines["file"].astype(str), corpus.lines["line_no"],
                                                   corpus.lines["text"])}
    misses = [p for p in planted if p not in found][:n]
    for s, sl, t, tl in misses:
        print(f"  missed {Path(s).parent.name}/{Path(s).name}:{sl} -> {Path(t).parent.name}/{Path(t).name}:{tl}")
        print(f"    source: {text.get((s, sl))}")
        print(f"    copy:   {text.get((t, tl))}")


def main(argv: list[str]) -> int:
    """Run the benchmark and print its table; return 0."""
    ap = argparse.ArgumentParser(prog="bench_reuse", description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=500, help="paragraphs to plant (default: 500)")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the planting (default: 0)")
    ap.add_argument("--corpus", type=Path, default=BBC, help="folder of articles (default: the BBC set)")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print up to N planted copies each method missed (default: 0)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench_reuse: {args.corpus} not found; skipped")
        return 0

    import cuttings
    from cuttings.analysis import reuse as R

    with tempfile.TemporaryDirectory(prefix="cuttings-reuse-") as tmp:
        folder = Path(tmp) / "bbc"
        planted, n_bytes = plant(args.corpus, folder, copies=args.copies, seed=args.seed)
        dups = duplicate_articles(folder)
        mb = n_bytes / 1e6
        print(f"corpus: {args.corpus} copied with {len(planted)} planted paragraph copies "
              f"(seed {args.seed}): {mb:.2f} MB; {len(dups)} duplicate article pairs in the dataset")

        results = []
        t0, c0 = time.perf_counter(), time.process_time()
        corpus = cuttings.load(folder, progress=False)
        base = naive_hash(corpus)
        t_naive = time.perf_counter() - t0
        results.append(("naive hash (peer)", t_naive, time.process_time() - c0, score(base, planted, dups, corpus)))
        words = None
        for method in ("exact", "minhash"):
            t0, c0 = time.perf_counter(), time.process_time()
            corpus = cuttings.load(folder, progress=False)
            pairs = R.reuse(corpus, method=method)
            elapsed = time.perf_counter() - t0
            results.append((f"cuttings {method}", elapsed, time.process_time() - c0,
                            score(pairs, planted, dups, corpus)))
            if args.show_misses:
                show_misses(pairs, planted, corpus, args.show_misses)
            if words is None:
                words = sum(len(R._word_forms(t)) for t in corpus.lines["text"] if isinstance(t, str))
        auto = "exact" if words <= R.EXACT_MAX_WORDS else "minhash"

    print(f"method=auto picks {auto} here ({words:,} words; exact up to {R.EXACT_MAX_WORDS:,}); "
          f"MinHash: num_perm={R.NUM_PERM}, seed={R.SEED}, LSH threshold {R.LSH_THRESHOLD}; "
          f"defaults min_words={R.MIN_WORDS}, threshold={R.THRESHOLD}")
    head = (f"{'method':<20} {'time s':>7} {'cpu s':>6} {'MB/s':>6} {'x naive':>8} {'recall':>7} {'planted':>9} "
            f"{'dup articles':>13} {'other pairs':>12} {'all pairs':>10}")
    print(head)
    print("-" * len(head))
    for name, t, cpu, s in results:
        print(f"{name:<20} {t:7.1f} {cpu:6.1f} {mb / t:6.2f} {t / t_naive:8.1f} {s['recall']:7.3f} "
              f"{s['hit']:>4}/{len(planted):<4} {s['dups']:>6}/{len(dups):<6} {s['other']:>12} {s['pairs']:>10}")
    for name, _, _, s in results:
        print(f"other pairs of {name}: {s['other_kinds'] or 'none'}")
    print("time: wall clock from cuttings.load to the table (loading included); cpu: process time; "
          "MB/s: corpus bytes per wall-clock second")
    print("recall: planted copies found; dup articles: duplicate files with every 8+ word line paired; "
          "other pairs: neither planted nor between duplicate files (repeats in the BBC set itself)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
