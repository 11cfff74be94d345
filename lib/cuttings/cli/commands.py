"""The subcommands: each loads the corpus, calls one analysis and prints its table."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from ..analysis import concordance, names, reuse, sources, terms, timeline, topics
from ..corpus import load_each
from ..errors import CuttingsError, CuttingsWarning
from ..io import expand_paths
from ..store import EXTRAS, is_built, load
from ..text.dates import as_reference
from . import memory
from .format import FORMATS, ROWS, emit

TOP = 20  # terms and keyness in the aligned table: the N first terms per group unless --top is given


def add_common(p: argparse.ArgumentParser) -> None:
    """Add the PATH... argument and the options every command shares (--format, --rows, --profile,
    --no-profile, --corrections, --no-corrections, --max-memory)."""
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="text file(s) or folder(s) of .txt files; - reads standard input")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="output format (default: table, cut to the terminal's width; jsonl and csv keep every "
                        "row and field in full)")
    p.add_argument("--rows", type=int, default=ROWS, metavar="N",
                   help=f"rows the table shows (default: {ROWS}; 0: all); jsonl and csv print every row")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--profile", metavar="DIR", default=None,
                       help="the corpus's profile folder (default: DUMP.profile/ beside a corpus DUMP.txt, "
                            "if there is one)")
    which.add_argument("--no-profile", action="store_true",
                       help="use the general data only, even if a profile lies beside the corpus")
    fixes = p.add_mutually_exclusive_group()
    fixes.add_argument("--corrections", metavar="FILE", default=None,
                       help="a corrections file (TOML: piece starts and joins, roles, piece fields, name variants) "
                            "applied before anything else (default: DUMP.corrections.toml beside DUMP.txt, or "
                            "corrections.toml in a corpus folder, if there is one)")
    fixes.add_argument("--no-corrections", action="store_true",
                       help="apply no corrections, even if a corrections file lies beside the corpus")
    p.add_argument("--max-memory", metavar="SIZE", default=None,
                   help="memory budget, e.g. 800M or 2G: a command expected to need more, or reaching it, stops "
                        "with one line (default: CUTTINGS_MAX_MEMORY, else 75%% of the machine's memory)")
    add_engine(p)


def add_engine(p: argparse.ArgumentParser) -> None:
    """Add --workers N and --scheduler ADDRESS (run the per-part work on Dask instead of this process)."""
    engine = p.add_mutually_exclusive_group()
    engine.add_argument("--workers", type=int, default=None, metavar="N",
                        help="run part by part on a Dask LocalCluster of N worker processes")
    engine.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run part by part on the Dask cluster of this scheduler (e.g. tcp://host:8786)")


def _files(args) -> list[str]:
    """The input files of ``args.paths`` (checked), with the command's memory estimate checked too;
    nothing for a built corpus (``cuttings build``: its tables are read part by part)."""
    if getattr(args, "rows", 0) < 0:
        raise CuttingsError("--rows must be 0 (all) or more")
    if is_built(args.paths[0] if len(args.paths) == 1 else args.paths):
        return []
    files = expand_paths(args.paths)
    budget = getattr(args, "budget", None)
    if budget:
        memory.check(args.command, files, budget)
    return files


def _load(args):
    """The corpus of the arguments: a built corpus folder (``cuttings build``) opens as built, else loads."""
    _files(args)
    paths = args.paths[0] if len(args.paths) == 1 else args.paths
    return load(paths, profile=False if args.no_profile else args.profile, corrections=_corrections(args))


def _corrections(args):
    """The ``corrections=`` of the arguments: a file, False (--no-corrections) or None (by convention)."""
    return False if getattr(args, "no_corrections", False) else getattr(args, "corrections", None)


def _engine(args) -> bool:
    return bool(getattr(args, "workers", None) or getattr(args, "scheduler", None))


def _distributed(args, func, *fargs, **kw):
    """Run ``cuttings.distributed.analyses.func`` (``reuse``: ``cuttings.distributed.reuse.reuse``) on the
    arguments' corpus with the chosen Dask cluster."""
    from ..distributed import analyses, session
    from ..distributed import reuse as distributed_reuse

    corpus = _load(args)
    run = distributed_reuse.reuse if func == "reuse" else getattr(analyses, func)
    with session(workers=args.workers, scheduler=args.scheduler) as client:
        return run(corpus, *fargs, client=client, **kw)


def _not_with_engine(args, what: str) -> None:
    if _engine(args):
        raise CuttingsError(f"{what} is not offered with --workers or --scheduler (run it in one process)")


def _emit(df, args, *, notes: list[str] | None = None) -> None:
    emit(df, args.format, notes=notes)


def add_all(sub) -> None:
    """Add every subcommand to ``sub`` (the parser's subparsers), in --help order."""
    _add_build(sub)
    _add_segment(sub)
    _add_review(sub)
    _add_sources(sub)
    _add_timeline(sub)
    _add_terms(sub)
    _add_topics(sub)
    _add_reuse(sub)


# -- build --------------------------------------------------------------------------------------------

def _add_build(sub) -> None:
    p = sub.add_parser("build", help="build the corpus on disk (Parquet tables), for large corpora and reuse",
                       description="Segment the files and write every table as a Parquet dataset in --out, with a "
                                   "manifest; a later build processes only new or changed files. Every command "
                                   "then accepts the folder as its PATH. Prints one record: out, files, processed, "
                                   "reused, removed, parts.")
    add_common(p)
    p.add_argument("--out", required=True, metavar="DIR", help="the folder of the built corpus")
    p.add_argument("--with", dest="extras", default="", metavar="TABLES",
                   help=f"also store these tables, comma-separated: {', '.join(EXTRAS)}")
    p.add_argument("--chunk-mb", type=float, default=None, metavar="MB",
                   help="split files larger than this at piece boundaries (default 64; 0: never)")
    p.set_defaults(func=_cmd_build)


def _cmd_build(args) -> None:
    import pandas as pd

    from ..distributed import build, session
    from ..store import CHUNK_BYTES

    extras = [e.strip() for e in args.extras.split(",") if e.strip()]
    chunk = CHUNK_BYTES if args.chunk_mb is None else int(args.chunk_mb * (1 << 20))
    if chunk < 0:
        raise CuttingsError("--chunk-mb must be 0 or more")
    with session(workers=args.workers, scheduler=args.scheduler) as client:
        report = build(args.paths, args.out, profile=False if args.no_profile else args.profile, extras=extras,
                       corrections=_corrections(args),
                       client=client, chunk_bytes=chunk)
    emit(pd.DataFrame([{"out": str(report.root), "files": len(report.processed) + len(report.reused),
                        "processed": len(report.processed), "reused": len(report.reused),
                        "removed": report.removed, "parts": report.parts}]), args.format)


# -- segment ------------------------------------------------------------------------------------------

def _add_segment(sub) -> None:
    p = sub.add_parser("segment", help="pieces, lines with roles, sentences or interview turns",
                       description="Segment text files into pieces and print one of the tables "
                                   "(line numbers are 1-based).")
    add_common(p)
    p.add_argument("--level", choices=("documents", "lines", "sentences", "turns"), default="documents",
                   help="which table to print (default: documents)")
    p.set_defaults(func=_cmd_segment)


def _cmd_segment(args) -> None:
    _not_with_engine(args, "segment")
    files = _files(args)
    if args.format == "table" or not files:
        corpus = _load(args)
        df = getattr(corpus, args.level)
        if args.format == "table" and "corrected" in df.columns and not df["corrected"].any():
            df = df.drop(columns="corrected")   # no corrections applied: not a note on every table
        _emit(df, args)
        return
    # jsonl and csv stream: rows are printed part by part (a file, or files of 10,000 lines) as segmented.
    first = True
    for corpus in load_each(files, profile=False if args.no_profile else args.profile, paths=args.paths,
                            corrections=_corrections(args)):
        emit(getattr(corpus, args.level), args.format, header=first)
        first = False


# -- review -------------------------------------------------------------------------------------------

REVIEW_TOP = 20


def _add_review(sub) -> None:
    p = sub.add_parser("review", help="the segmentation decisions most likely to be wrong, to check and correct",
                       description="Print the piece starts, non-starts and line roles that were the closest calls, "
                                   "most doubtful first: line number, what was decided, the alternative, a doubt "
                                   "score (0-1), the line with the two lines before and after, and (in jsonl and "
                                   "csv) a corrections-file entry that takes the alternative.")
    add_common(p)
    p.add_argument("--top", type=int, default=REVIEW_TOP, metavar="N",
                   help=f"how many decisions to list (default: {REVIEW_TOP}; 0: every one with any doubt)")
    p.set_defaults(func=_cmd_review)


def _cmd_review(args) -> None:
    from ..analysis.review import review

    _not_with_engine(args, "review")
    if args.top < 0:
        raise CuttingsError("--top must be 0 (all) or more")
    df = review(_load(args), top=args.top or None)
    if args.format == "table":  # the snippet spans lines: it is in jsonl and csv
        df = df.drop(columns=["toml", "p_start"])
    _emit(df, args)


# -- sources ------------------------------------------------------------------------------------------

SOURCE_TABLES = ("provenance", "quotes", "voices", "entities", "variants", "proposals")


def _add_sources(sub) -> None:
    p = sub.add_parser("sources", help="provenance of each piece, who is quoted, names and their variants",
                       description="Print where each piece comes from (outlet, programme, translator, authors, "
                                   "date), who is quoted, voice shares, name mentions or name variants.")
    add_common(p)
    p.add_argument("--table", choices=SOURCE_TABLES, default="provenance",
                   help="provenance (one row per piece, default), quotes (one row per quoted passage or turn), "
                        "voices (words per voice per piece), entities (name mentions), variants (how listed "
                        "names are spelled), proposals (unlisted spellings that look like listed names)")
    p.set_defaults(func=_cmd_sources)


def _cmd_sources(args) -> None:
    _not_with_engine(args, "sources")
    corpus = _load(args)
    table = {
        "provenance": sources.provenance, "quotes": sources.quotes, "voices": sources.voice_shares,
        "entities": names.entities, "variants": names.variant_table, "proposals": names.propose_variants,
    }[args.table](corpus)
    _emit(table, args)


# -- timeline -----------------------------------------------------------------------------------------

def _add_timeline(sub) -> None:
    p = sub.add_parser(
        "timeline", help="dates, times, durations and recurrences the texts mention, normalised and anchored",
        description="Print every temporal expression (one record per expression: doc_id, file, line_no, "
                    "start, end, text, type, kind, value, mod, anchored, anchor; type and values follow TIMEX3), "
                    "another table with the options below, or each piece as TimeML (--format timeml).")
    add_common(p)
    fmt = next(a for a in p._actions if a.dest == "format")
    fmt.choices = (*FORMATS, "timeml")
    fmt.help = ("output format (default: table; jsonl and csv keep every field in full; timeml writes each piece "
                "as a TimeML document with a TIMEX3 element around each expression, for TempEval-3 tools)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--events", action="store_true",
                       help="print the sentences that carry a date: one record per dated expression with "
                            "its anchored value, its sentence and the canonical names in it")
    which.add_argument("--references", action="store_true",
                       help="print each piece's reference date and how it was found")
    which.add_argument("--durations", action="store_true",
                       help="print the stated durations with their sentence and theme (from the profile)")
    p.add_argument("--reference", metavar="DATE", default=None,
                   help="the date the texts were written (YYYY-MM-DD or YYYY-MM), their document creation time: "
                        "every piece's relative expressions resolve against it, before the pieces' own dates "
                        "(default: each piece's date line or dateline, else its file's date in a dates.csv beside "
                        "it, else inferred within its file)")
    p.add_argument("--default", metavar="DATE", default=None,
                   help="reference date (YYYY-MM-DD or YYYY-MM) only for pieces with no date of their own, none in "
                        "dates.csv and no dated piece in their file (default: none, they stay unresolved)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="with --format timeml: write one NAME.tml file per piece into DIR instead of printing them")
    p.set_defaults(func=_cmd_timeline)


def _cmd_timeline(args) -> None:
    for date in (args.reference, args.default):
        if date is not None:
            as_reference(date)  # fail early with one line
    if args.out is not None and args.format != "timeml":
        raise CuttingsError("--out goes with --format timeml")
    if args.format == "timeml" and (args.events or args.references or args.durations):
        raise CuttingsError("--format timeml writes the expressions of each piece; leave out --events, "
                            "--references and --durations")
    if _engine(args):
        if args.events or args.references or args.durations or args.format == "timeml":
            raise CuttingsError("--events, --references, --durations and --format timeml are not offered with "
                                "--workers or --scheduler (run them in one process)")
        _emit(_distributed(args, "timeline", reference=args.reference, default=args.default), args)
        return
    corpus = _load(args)
    dates = {"reference": args.reference, "default": args.default}
    if args.format == "timeml":
        docs = timeline.timeml(corpus, **dates)
        if args.out is None:
            for _name, xml in docs:
                sys.stdout.write(xml)
            return
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
            for name, xml in docs:
                (out / f"{name}.tml").write_text(xml, encoding="utf-8")
        except OSError as exc:
            raise CuttingsError(f"{out}: cannot write ({exc.strerror or exc})") from None
        return
    if args.events:
        df = timeline.events(corpus, **dates)
    elif args.references:
        df = timeline.references(corpus, **dates)
    elif args.durations:
        df = timeline.durations(corpus, table=timeline.timeline(corpus, **dates))
    else:
        df = timeline.timeline(corpus, **dates)
    _emit(df, args)


# -- terms, kwic, keyness, collocates -----------------------------------------------------------------

def _no_aliases(p) -> None:
    p.add_argument("--no-aliases", action="store_true",
                   help="count raw words: do not merge name variants into canonical names (aliases.tsv)")


def _add_terms(sub) -> None:
    p = sub.add_parser("terms", help="term frequencies (words, names, n-grams), overall or per group",
                       description="Term frequencies in the pieces' text lines (title, body, caption, "
                                   "question, answer, statement), stop words removed. Records: term, count, "
                                   "per_1k, n_docs, group.")
    add_common(p)
    p.add_argument("--by", choices=("piece", "source", "kind"), default=None,
                   help="count per piece, source or kind of piece (default: whole corpus)")
    p.add_argument("--ngram", type=int, choices=(1, 2, 3), default=1, help="1 (words), 2 or 3 (word sequences)")
    p.add_argument("--top", type=int, default=None, help="keep the N most frequent terms per group")
    _no_aliases(p)
    p.set_defaults(func=_cmd_terms)

    p = sub.add_parser("kwic", help="concordance: every occurrence of a term with its context",
                       usage="cuttings kwic [options] PATH... TERM",
                       description="Keyword in context. The last positional argument is the TERM (a word, "
                                   "name or phrase; names find all their variants) unless --term is given. "
                                   "Records: doc_id, line_no, left, match, right, start, end.")
    add_common(p)
    p.add_argument("--term", default=None, help="the term (then every positional argument is a path)")
    p.add_argument("--window", type=int, default=5, help="tokens of context on each side (default 5)")
    p.add_argument("--sort", choices=("left", "right"), default=None,
                   help="sort by the words before (left) or after (right) the match (default: corpus order)")
    _no_aliases(p)
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("keyness", help="words over- and under-represented in each group (log-likelihood)",
                       description="Keyness of each group against all others: signed log-likelihood G2, "
                                   "Log Ratio and p-value. Records: group, term, count_target, "
                                   "count_reference, g2, log_ratio, p_value, per_1k_target, per_1k_reference.")
    add_common(p)
    p.add_argument("--by", choices=("piece", "source", "kind"), required=True, help="what the groups are")
    p.add_argument("--ngram", type=int, choices=(1, 2, 3), default=1, help="1 (words), 2 or 3 (word sequences)")
    p.add_argument("--top", type=int, default=None, help="keep the N most over-represented terms per group")
    p.add_argument("--min-count", type=int, default=3, help="ignore terms rarer than this in the corpus (default 3)")
    _no_aliases(p)
    p.set_defaults(func=_cmd_keyness)

    p = sub.add_parser("collocates", help="words that occur near a term (count, MI, log-likelihood)",
                       usage="cuttings collocates [options] PATH... TERM",
                       description="Collocates of a term within a window of tokens. The last positional "
                                   "argument is the TERM unless --term is given. Records: term, count, "
                                   "count_left, count_right, freq, expected, mi, log_likelihood, t_score.")
    add_common(p)
    p.add_argument("--term", default=None, help="the term (then every positional argument is a path)")
    p.add_argument("--window", type=int, default=5, help="tokens on each side (default 5)")
    p.add_argument("--min-count", type=int, default=2, help="least co-occurrences to list a collocate (default 2)")
    _no_aliases(p)
    p.set_defaults(func=_cmd_collocates)


def _split_term(args) -> str:
    if getattr(args, "term", None):
        return args.term
    if len(args.paths) < 2:
        raise CuttingsError(f"give the file(s) and then the term: cuttings {args.command} PATH... TERM")
    return args.paths.pop()


def _top_per_group(df, args, what: str):
    """The table's default --top: the ``TOP`` first rows of each group, and a note of what was left out."""
    if args.top is not None or args.format != "table" or "group" not in df.columns:
        return df, None
    shown = df.groupby("group", sort=False, dropna=False).head(TOP)
    left = len(df) - len(shown)
    if not left:
        return df, None
    return shown, (f"the {TOP} {what} of each group shown, {left:,} more left out: --top N to choose, "
                   "--format csv or jsonl for all")


def _cmd_terms(args) -> None:
    if _engine(args):
        df = _distributed(args, "frequencies", by=args.by, ngram=args.ngram, top=args.top, aliases=not args.no_aliases)
    else:
        df = terms.frequencies(_load(args), by=args.by, ngram=args.ngram, top=args.top, aliases=not args.no_aliases)
    df, note = _top_per_group(df, args, "most frequent terms")
    _emit(df, args, notes=[note] if note else None)


def _cmd_kwic(args) -> None:
    term = _split_term(args)
    if _engine(args):
        if args.sort:
            raise CuttingsError("--sort is not offered with --workers or --scheduler (sort the output instead)")
        df = _distributed(args, "kwic", term, window=args.window, aliases=not args.no_aliases)
        _emit(df[["doc_id", "line_no", "left", "match", "right", "start", "end"]], args)
        return
    df = concordance.kwic(_load(args), term, window=args.window, sort=args.sort, aliases=not args.no_aliases)
    _emit(df[["doc_id", "line_no", "left", "match", "right", "start", "end"]], args)


def _cmd_keyness(args) -> None:
    if _engine(args):
        df = _distributed(args, "keyness", by=args.by, ngram=args.ngram, top=args.top, aliases=not args.no_aliases,
                          min_count=args.min_count)
    else:
        df = terms.keyness(_load(args), by=args.by, ngram=args.ngram, top=args.top, aliases=not args.no_aliases,
                           min_count=args.min_count)
    df, note = _top_per_group(df, args, "most over-represented terms")
    _emit(df, args, notes=[note] if note else None)


def _cmd_collocates(args) -> None:
    _not_with_engine(args, "collocates")
    term = _split_term(args)
    df = concordance.collocates(_load(args), term, window=args.window, min_count=args.min_count,
                                aliases=not args.no_aliases)
    _emit(df, args)


# -- topics -------------------------------------------------------------------------------------------

def _add_topics(sub) -> None:
    p = sub.add_parser("topics", help="topic clusters: each unit's dominant topic, or the topics' top terms",
                       description="Fit a seeded topic model (TF-IDF + NMF, whose clusters of whole pieces are "
                                   "refined by spherical k-means, or LDA) and print one record per unit: doc_id, "
                                   "file, line_no, unit_id, topic, weight. With --describe, print one row per "
                                   "topic with its top terms.")
    add_common(p)
    p.add_argument("--k", type=int, default=None,
                   help="number of topics (default: the profile's topics.k, else the k a quick sweep picks)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0); same seed, same output")
    p.add_argument("--unit", choices=topics.UNITS, default="paragraph",
                   help="paragraph: one content line (default); sentence: windows of 3 sentences; "
                        "document: a whole piece")
    p.add_argument("--model", choices=topics.MODELS, default="nmf",
                   help="nmf: TF-IDF + NMF (default); lda: term counts + LDA")
    p.add_argument("--refine", action=argparse.BooleanOptionalAction, default=None,
                   help="refine NMF's clusters by spherical k-means (default: only for --unit document)")
    p.add_argument("--dedup", action="store_true",
                   help="count repeated passages once (cuttings.analysis.reuse.unique_text)")
    p.add_argument("--min-df", type=int, default=topics.MIN_DF,
                   help=f"least number of units a term must occur in (default: {topics.MIN_DF})")
    p.add_argument("--describe", action="store_true",
                   help="print the topics (id, label, share, units, coherence, top terms) instead of the units")
    p.set_defaults(func=_cmd_topics)


def _cmd_topics(args) -> None:
    if args.k is not None and args.k < 1:
        raise CuttingsError("--k must be at least 1")
    if args.min_df < 1:
        raise CuttingsError("--min-df must be at least 1")
    if _engine(args):
        if args.k is None or args.describe or args.model != "nmf" or args.dedup or args.refine:
            raise CuttingsError("with --workers or --scheduler, topics fits MiniBatchNMF part by part: give --k, "
                                "and no --describe, --model lda, --dedup or --refine")
        _emit(_distributed(args, "topics", k=args.k, seed=args.seed, unit=args.unit, min_df=args.min_df), args)
        return
    corpus = _load(args)
    model = topics.fit(corpus, k=args.k, seed=args.seed, unit=args.unit, model=args.model, refine=args.refine,
                       dedup=args.dedup, min_df=args.min_df)
    _emit(topics.summary(model) if args.describe else topics.assignments(model), args)


# -- reuse --------------------------------------------------------------------------------------------

def _add_reuse(sub) -> None:
    p = sub.add_parser("reuse", help="passages repeated within and across pieces",
                       description="Find repeated passages (lines, and sentences inside lines) and print "
                                   "one record per pair: where each copy is, how similar, the shared text "
                                   "and the kind (exact, near, contained, internal).")
    add_common(p)
    p.add_argument("--min-words", type=int, default=reuse.MIN_WORDS, metavar="N",
                   help=f"shortest passage and least shared text reported, in words (default: {reuse.MIN_WORDS})")
    p.add_argument("--threshold", type=float, default=reuse.THRESHOLD, metavar="T",
                   help=f"least containment of the shorter passage in the longer, 0-1 (default: {reuse.THRESHOLD})")
    p.add_argument("--method", choices=reuse.METHODS, default="auto",
                   help=f"exact comparison, MinHash + LSH, or auto: exact up to {reuse.EXACT_MAX_WORDS:,} words "
                        "(default: auto)")
    p.add_argument("--scratch", default=None, metavar="DIR",
                   help="with --workers or --scheduler: the folder (on a file system every worker reads and writes) "
                        "where the parts' passages and candidates are kept during the run, removed after (default "
                        "with --workers: a temporary folder; required with --scheduler)")
    p.set_defaults(func=_cmd_reuse)


def _cmd_reuse(args) -> None:
    reuse.check_options(min_words=args.min_words, threshold=args.threshold, method=args.method)
    if _engine(args):
        if args.method == "exact":
            raise CuttingsError("--method exact is not offered with --workers or --scheduler (MinHash LSH is)")
        if args.scheduler and not args.scratch:
            raise CuttingsError("--scheduler needs --scratch DIR: a folder that every worker of the cluster can read "
                                "and write (reuse passes its parts through files there)")
        df = _distributed(args, "reuse", min_words=args.min_words, threshold=args.threshold, scratch=args.scratch)
    else:
        if args.scratch:
            raise CuttingsError("--scratch is for --workers or --scheduler (reuse in one process keeps no files)")
        df = reuse.reuse(_load(args), min_words=args.min_words, threshold=args.threshold, method=args.method)
    note = reuse.truncation_note(df)
    if note:
        warnings.warn(note, CuttingsWarning, stacklevel=1)
    if args.format == "table":  # offsets left out of the aligned table (constant columns drop out)
        df = df[["a_file", "a_doc", "a_line", "b_file", "b_doc", "b_line", "similarity", "words", "kind", "method",
                 "shared"]]
    _emit(df, args)
