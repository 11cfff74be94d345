"""What each notebook shows, in words: three to five sentences generated from its tables, with the figures behind them.

One function per notebook (``overview``, ``sources``, ``timeline``, ``terms``, ``topics``,
``reuse``); each returns a table with one row per finding (``COLUMNS``). The sentences describe
the texts ("pieces that name a translator hold 12% of the words"), never the world the texts
describe: the corpus may be advocacy material, and these are counts of what it says.
``cuttings.viz.tables.what_this_shows`` renders them as a notebook's closing section.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

COLUMNS = {
    "finding": "the sentence",
    "value": "the main figure of the sentence (a count, a share 0-1, a year), for tests and tables",
    "basis": "the table and columns the figure comes from",
}


def _table(rows: "Sequence[tuple[str, float, str]]") -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame(rows, columns=list(COLUMNS))


def pct(part: float, whole: float) -> str:
    """'12%' (whole per cent; '<1%' for a non-zero share under one per cent; '0%' of nothing)."""
    if not whole:
        return "0%"
    p = 100.0 * part / whole
    if 0 < p < 1:
        return "<1%"
    return f"{round(p):.0f}%"


def count(n: int, word: str, words: str | None = None) -> str:
    """'1 piece', '2,225 pieces' (``words``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (words or _plural(word))}"


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _kind_counts(kinds: "pd.Series") -> str:
    counts = kinds.value_counts()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] == "other", kv[0]))
    parts = [f"{n:,} of other kinds" if k == "other" else count(int(n), k) for k, n in ordered]
    return _join(parts)


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _verb(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _quoted(term) -> str:
    return f"“{term}”"


# -- 01 overview ---------------------------------------------------------------------------------------

def overview(corpus) -> "pd.DataFrame":
    """Findings of the corpus overview: pieces and kinds, lengths, what the lines are, turns, sentences.

    Columns: ``COLUMNS``.
    """
    from .overview import piece_label, role_counts, unit_counts

    docs = corpus.documents
    n = len(docs)
    rows: list[tuple[str, float, str]] = []
    rows.append((f"The corpus holds {count(n, 'piece')} in {count(len(corpus.files), 'file')}: "
                 f"{_kind_counts(docs['kind'])} (kinds read from signals in the text).", n, "documents.kind"))
    if n:
        words = docs["n_words"]
        longest = docs.loc[words.idxmax()]
        rows.append((f"Pieces run from {int(words.min()):,} to {int(words.max()):,} words (median "
                     f"{int(round(words.median())):,}); the longest, {piece_label(longest)}, holds "
                     f"{pct(int(longest['n_words']), int(words.sum()))} of all words.",
                     int(words.median()), "documents.n_words"))
    roles = role_counts(corpus)
    roles = roles[roles["role"].astype(str) != "blank"]
    total = int(roles["n_words"].sum())
    by_role = roles.groupby(roles["role"].astype(str))["n_words"].sum()
    body = int(by_role.get("body", 0))
    speech = int(sum(by_role.get(r, 0) for r in ("question", "answer", "statement")))
    rest = total - body - speech
    parts = [f"Body paragraphs hold {pct(body, total)} of the words"]
    if speech:
        parts.append(f"questions, answers and statements {pct(speech, total)}")
    parts.append(f"titles, captions and attribution, credit, date and letter lines {pct(rest, total)}")
    rows.append(("; ".join(parts) + ".", body / total if total else 0.0, "lines.role, lines.text"))
    units = unit_counts(corpus)
    with_turns = int((units["n_turns"] > 0).sum())
    if with_turns:
        rows.append((f"{count(with_turns, 'piece')} of {n:,} {_verb(with_turns, 'carries', 'carry')} interview or speech turns "
                     f"({count(int(units['n_questions'].sum()), 'question')} in all).", with_turns, "turns"))
    if n:
        rows.append((f"The pieces hold {count(int(units['n_sentences'].sum()), 'sentence')}, a median of "
                     f"{units['n_sentences'].median():,.0f} per piece.", int(units["n_sentences"].sum()), "sentences"))
    return _table(rows)


# -- 02 sources ----------------------------------------------------------------------------------------

def sources(corpus, *, quotes: "pd.DataFrame | None" = None, shares: "pd.DataFrame | None" = None,
            variants: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Findings of the sources notebook: outlets named, translators, who is quoted, narration, spellings.

    ``quotes``, ``shares``, ``variants``: the tables of ``sources.quotes``, ``sources.voice_shares``
    and ``names.variant_table`` when already computed. Columns: ``COLUMNS``.
    """
    from . import names as names_analysis
    from . import sources as sources_analysis

    docs = corpus.documents
    n, total = len(docs), int(docs["n_words"].sum())
    rows: list[tuple[str, float, str]] = []
    named = docs[docs["source"].notna()]
    if len(named):
        top = named["source"].value_counts()
        best = sorted(top.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]
        which = (f"the outlet named most often is {best[0]} ({count(int(best[1]), 'piece')})" if best[1] > 1
                 else f"each names a different outlet ({count(len(top), 'outlet')})")
        rows.append((f"{count(len(named), 'piece')} of {n:,} {_verb(len(named), 'names', 'name')} the outlet "
                     f"{_verb(len(named), 'it comes', 'they come')} from, holding "
                     f"{pct(int(named['n_words'].sum()), total)} of the words; {which}.", len(named), "documents.source"))
    else:
        rows.append((f"None of the {count(n, 'piece')} names an outlet it comes from.", 0, "documents.source"))
    translated = docs[docs["translator"].notna()]
    if len(translated):
        who = sorted(translated["translator"].value_counts().items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]
        rows.append((f"Pieces whose text names a translator or republisher hold "
                     f"{pct(int(translated['n_words'].sum()), total)} of the words ({count(len(translated), 'piece')}; "
                     f"most often {who}).", int(translated["n_words"].sum()) / total if total else 0.0,
                     "documents.translator, documents.n_words"))
    q = quotes if quotes is not None else sources_analysis.quotes(corpus)
    spoken = q[q["mode"].isin(["direct", "turn"]) & q["speaker"].notna() & (q["speaker"] != "interviewer")]
    if len(spoken):
        per = spoken.groupby(["speaker", "voice"], dropna=False)["n_words"].sum().reset_index()
        per = per.sort_values(["n_words", "speaker"], ascending=[False, True])
        first = per.iloc[0]
        voice = f" ({first['voice']})" if isinstance(first["voice"], str) else ""
        words = int(per["n_words"].sum())
        rows.append((f"The pieces quote {count(spoken['speaker'].nunique(), 'speaker')} directly or in interview "
                     f"turns; the most quoted, {first['speaker']}{voice}, speaks {pct(int(first['n_words']), words)} "
                     f"of those {words:,} words.", int(spoken["speaker"].nunique()), "quotes (direct, turn)"))
    else:
        rows.append(("No speaker is quoted directly or in interview turns.", 0, "quotes"))
    sh = shares if shares is not None else sources_analysis.voice_shares(corpus)
    all_words = int(sh["n_words"].sum())
    if all_words:
        narration = int(sh.loc[sh["voice"] == "narration", "n_words"].sum())
        rows.append((f"Narration makes up {pct(narration, all_words)} of the pieces' content words; quoted "
                     f"voices and letter text {pct(all_words - narration, all_words)}.", narration / all_words,
                     "voice_shares"))
    var = variants if variants is not None else names_analysis.variant_table(corpus)
    if len(var):
        folded = var.assign(folded=var["surface"].str.replace("’", "'").str.lower())
        spellings = folded.groupby("canonical")["folded"].nunique()
        several = spellings[spellings > 1]
        if len(several):
            most = sorted(several.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            rows.append((f"{count(len(several), 'listed name')} are written in more than one way; "
                         f"{most[0]} has the most spellings ({most[1]}).", len(several), "names.variant_table"))
    return _table(rows)


# -- 03 timeline ---------------------------------------------------------------------------------------

def timeline(corpus, *, table: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Findings of the timeline notebook: expressions by type, the years mentioned, reference dates,
    stated durations or what is left unresolved. ``table``: ``timeline.timeline(corpus)``. Columns: ``COLUMNS``."""
    from . import timeline as tl

    t = table if table is not None else tl.timeline(corpus)
    rows: list[tuple[str, float, str]] = []
    kinds = t["kind"].value_counts()
    ordered = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [count(int(k), name, "centuries" if name == "century" else None) for name, k in ordered]
    rows.append((f"The pieces hold {count(len(t), 'temporal expression')}" + (f": {_join(parts)}." if parts else "."),
                 len(t), "timeline.kind"))
    men = tl.mentions(corpus, table=t)
    if len(men):
        first = men["first"].map(math.floor)
        q1, q3 = int(first.quantile(0.25, interpolation="lower")), int(first.quantile(0.75, interpolation="higher"))
        rows.append((f"Dated mentions run from {int(first.min())} to {int(men['last'].max())}; half of them fall "
                     f"between {q1} and {q3}.", int(first.median()), "mentions.first, mentions.last"))
        single = men[(men["last"] - men["first"]) < 1.01]
        if len(single):
            years = single["first"].map(math.floor).value_counts()
            year, k = sorted(years.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            rows.append((f"The year mentioned most often is {int(year)} ({count(int(k), 'mention')}, as a date, "
                         f"month or year).", int(year), "mentions.first"))
    refs = tl.references(corpus)
    if len(refs):
        methods = refs["method"].value_counts()
        own = int(sum(methods.get(m, 0) for m in ("date line", "dateline")))
        given = int(sum(methods.get(m, 0) for m in ("given", "dates.csv", "default")))
        latest = int(methods.get("latest date in piece", 0))
        borrowed = int(methods.get("nearest piece", 0))
        undated = int(methods.get("none", 0))
        parts = [f"{own:,} of {count(len(refs), 'piece')} {_verb(own, 'carries its', 'carry their')} own date line "
                 "or dateline"]
        if given:
            parts.append(f"{given:,} {_verb(given, 'takes', 'take')} the date given for {_verb(given, 'it', 'them')}")
        if latest:
            parts.append(f"{latest:,} {_verb(latest, 'is', 'are')} placed by the latest date "
                         f"{_verb(latest, 'it mentions', 'they mention')}")
        if borrowed:
            parts.append(f"{borrowed:,} {_verb(borrowed, 'borrows', 'borrow')} the date of another piece of "
                         f"{_verb(borrowed, 'its', 'their')} file")
        if undated:
            parts.append(f"{undated:,} {_verb(undated, 'has', 'have')} no date to count from")
        rows.append((_join(parts) + ".", own, "references.method"))
    durations = tl.durations(corpus, table=t)
    themed = durations[durations["theme"].notna()]
    if len(themed):
        parts = []
        for theme, g in sorted(themed.groupby("theme"), key=lambda kv: (-len(kv[1]), kv[0])):
            yrs = g["years_max"].dropna()
            span = f", from {yrs.min():g} to {yrs.max():g} years" if len(yrs) else ""
            parts.append(f"{len(g):,} {_verb(len(g), 'is', 'are')} about {theme}{span}")
        rows.append((f"Of {count(len(durations), 'stated duration')}, {_join(parts)}.", len(themed),
                     "durations.theme, durations.years_max"))
    else:
        rel = t[t["kind"] == "relative"]
        if len(rel):
            open_ = int(rel["anchored"].isna().sum())
            rows.append((f"{open_:,} of {count(len(rel), 'relative expression')} (“two years ago”, “last July”) stay "
                         f"unresolved: the text gives no date to count from.", open_, "timeline.anchored"))
    return _table(rows)


# -- 04 terms ------------------------------------------------------------------------------------------

def terms(corpus, *, by: str = "source", freq: "pd.DataFrame | None" = None, key: "pd.DataFrame | None" = None,
          frames: "pd.DataFrame | None" = None, key_terms: list[str] | None = None,
          kwic: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Findings of the terms notebook: the most frequent words, the most distinctive word of a group,
    where a frame's words are densest, how widely the first key term is used.

    ``freq``, ``key``, ``frames``: ``terms.frequencies(corpus)``, ``terms.keyness(corpus, by=by)`` and
    ``terms.framing(corpus, by=by)`` when already computed (no framing finding without a framing
    lexicon); ``key_terms``: the terms the notebook
    looks at closely (default ``terms.key_terms``); ``kwic``: the concordance of the first of them
    (``concordance.kwic``, every non-blank line), if computed. Columns: ``COLUMNS``.
    """
    from . import concordance
    from . import terms as t

    rows: list[tuple[str, float, str]] = []
    f = freq if freq is not None else t.frequencies(corpus)
    if len(f):
        top = f.head(5)
        listed = _join([f"{_quoted(r.term)} ({r.count:,})" for r in top.itertuples(index=False)])
        rows.append((f"The most frequent words and names are {listed}; the first is used {top['per_1k'].iat[0]:.1f} "
                     f"times per 1,000 words.", float(top["per_1k"].iat[0]), "frequencies"))
    docs = corpus.documents
    n_groups = docs[by].fillna(t.UNKNOWN).nunique() if by in docs.columns else 0
    if n_groups >= 2:
        k = key if key is not None else t.keyness(corpus, by=by)
        pos = k[(k["g2"] > 0) & (k["count_target"] >= 3)]
        if len(pos):
            best = pos.sort_values(["g2", "term"], ascending=[False, True]).iloc[0]
            rows.append((f"Compared with the other {by} groups, pieces of {best['group']} use {_quoted(best['term'])} "
                         f"most distinctively: {best['count_target']:,} times, {best['per_1k_target']:.1f} per 1,000 words "
                         f"against {best['per_1k_reference']:.1f} elsewhere (G² = {best['g2']:.0f}).", float(best["g2"]),
                         f"keyness by {by}"))
    if frames is None and t.framing_lexicon(resources=corpus.resources):
        frames = t.framing(corpus, by=by)
    fr = frames[frames["count"] >= 5] if frames is not None else None  # a density over fewer occurrences says little
    if fr is not None and len(fr):
        best = fr.sort_values(["per_1k", "frame"], ascending=[False, True]).iloc[0]
        where = "the whole corpus" if best["group"] == "all" else f"pieces of {best['group']}"
        rows.append((f"The words of the framing label {_quoted(best['frame'])} are densest in {where}: "
                     f"{best['per_1k']:.1f} per 1,000 words ({best['count']:,} occurrences: {best['forms']}).",
                     float(best["per_1k"]), f"framing by {by}"))
    chosen = key_terms if key_terms is not None else t.key_terms(corpus, table=f)
    if chosen:
        term = chosen[0]
        hits = kwic if kwic is not None else concordance.kwic(corpus, term)
        rows.append((f"{_quoted(term)} occurs {count(len(hits), 'time')} in {hits['doc_id'].nunique():,} of the "
                     f"{len(docs):,} pieces.", len(hits), "kwic"))
    return _table(rows)


# -- 05 topics -----------------------------------------------------------------------------------------

def topics(model, corpus, *, sweep: "pd.DataFrame | None" = None, groups: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Findings of the topics notebook: how k was chosen, the largest and smallest topics, how many
    pieces keep to one topic, where a topic weighs most, coherence. ``model``: a fitted
    ``TopicModel``; ``sweep``, ``groups``: ``topics.sweep`` and ``topics.by_group`` tables. Columns: ``COLUMNS``."""
    from . import topics as tp

    rows: list[tuple[str, float, str]] = []
    summ = tp.summary(model)
    unit = {"paragraph": "paragraphs", "sentence": "sentence windows", "document": "pieces"}[model.unit]
    if sweep is not None and len(sweep):
        chosen = sweep[sweep["k"] == model.k]
        if len(chosen):
            c = chosen.iloc[0]
            rows.append((f"Of k = {int(sweep['k'].min())} to {int(sweep['k'].max())}, the sweep supports {model.k} topics "
                         f"(mean NPMI {c['coherence']:.2f}, top-term agreement across seeds {c['stability']:.2f}).",
                         model.k, "sweep"))
    big, small = summ.iloc[0], summ.iloc[-1]
    rows.append((f"Over {len(model.units):,} {unit}, the largest topic, {_quoted(big['label'])}, carries "
                 f"{pct(big['share'], 1)} of the weight and the smallest, {_quoted(small['label'])}, "
                 f"{pct(small['share'], 1)}.", float(big["share"]), "summary.share"))
    sh = tp.shares(model)
    top_share = sh.groupby("doc_id")["share"].max()
    one = int((top_share > 0.5).sum())
    rows.append((f"{count(one, 'piece')} of {len(top_share):,} ({pct(one, len(top_share))}) draw more than half of "
                 f"their words from one topic.", one / len(top_share) if len(top_share) else 0.0, "shares.share"))
    if groups is not None and groups["group"].nunique() >= 2:
        overall = dict(zip(summ["topic"], summ["share"]))
        g = groups.assign(lift=groups["share"] - groups["topic"].map(overall))
        g = g[g["n_pieces"] >= 2] if (g["n_pieces"] >= 2).any() else g
        best = g.sort_values(["lift", "group", "topic"], ascending=[False, True, True]).iloc[0]
        rows.append((f"Topic {best['topic']} ({_quoted(best['label'])}) weighs most in {best['group']}: "
                     f"{pct(best['share'], 1)} of its tokens against {pct(overall[best['topic']], 1)} overall.",
                     float(best["share"]), "by_group.share"))
    coh = summ.sort_values(["coherence", "topic"], ascending=[False, True])
    rows.append((f"The most coherent topic is {_quoted(coh.iloc[0]['label'])} (NPMI {coh.iloc[0]['coherence']:.2f}); "
                 f"the least, {_quoted(coh.iloc[-1]['label'])} ({coh.iloc[-1]['coherence']:.2f}).",
                 float(coh.iloc[0]["coherence"]), "summary.coherence"))
    return _table(rows)


# -- 06 reuse ------------------------------------------------------------------------------------------

def reuse(corpus, *, pairs: "pd.DataFrame | None" = None, share: "pd.DataFrame | None" = None,
          change: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Findings of the reuse notebook: repeated passages by kind and place, the words repeats hold,
    the piece most made of repeats, the term count that changes most. ``pairs``, ``share``,
    ``change``: ``reuse.reuse``, ``reuse.repeated_share`` and ``terms.term_change`` tables. Columns: ``COLUMNS``."""
    from . import reuse as ru
    from .overview import piece_label

    p = pairs if pairs is not None else ru.reuse(corpus)
    rows: list[tuple[str, float, str]] = []
    if len(p):
        internal = int((p["kind"] == "internal").sum())
        same = int((p["a_doc"] == p["b_doc"]).sum()) - internal
        between = len(p) - internal - same
        rows.append((f"The detector pairs {count(len(p), 'repeated passage')}: {internal:,} doubled within a line, "
                     f"{same:,} repeated within a piece and {between:,} shared between pieces.", len(p), "reuse.kind"))
    else:
        rows.append(("No passage of eight words or more is printed twice.", 0, "reuse"))
    s = share if share is not None else ru.repeated_share(corpus, pairs=p)
    repeated, words = int(s["repeated_words"].sum()), int(s["n_words"].sum())
    rows.append((f"Second and later copies hold {count(repeated, 'word')}, {pct(repeated, words)} of the pieces' words; "
                 f"de-duplication removes them.", repeated / words if words else 0.0, "repeated_share"))
    if repeated:
        top = s.sort_values(["share", "doc_id"], ascending=[False, True]).iloc[0]
        doc = corpus.documents.set_index("doc_id").loc[top["doc_id"]].to_dict() | {"doc_id": int(top["doc_id"])}
        rows.append((f"The piece most made of repeats is {piece_label(doc)}: {pct(top['share'], 1)} of its "
                     f"{int(top['n_words']):,} words.", float(top["share"]), "repeated_share.share"))
    if change is not None and (change["change"] != 0).any():
        c = change[change["change"] != 0].sort_values(["change", "term"], ascending=[True, True]).iloc[0]
        rows.append((f"Counting each passage once changes {_quoted(c['term'])} most: from {c['count']:,} to "
                     f"{c['count_dedup']:,} occurrences.", int(c["change"]), "term_change"))
    return _table(rows)
