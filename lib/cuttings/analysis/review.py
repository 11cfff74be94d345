"""Review: the segmentation decisions most likely to be wrong (piece starts, non-starts, role close calls).

Every line with text gets the probability that a piece starts there (``start_probability``): the
segmenter's own ``boundary_p`` when the corpus's ``lines`` table carries it, else one derived from
the evidence the rule segmenter exposes (the roles of the lines around it and their categories,
and lexical cohesion on either side of a title-like line, as the rule scan weighs it). A decision is
doubtful as its probability nears 0.5: ``doubt = 1 - 2 * |p - 0.5|``. Role close calls are lines
whose category reads two ways: a weak attribution (a short name or outlet line kept as attribution or
as caption) and a short name-like line closing a piece as body text. Each row carries a ready-to-paste
entry for a corrections file (``cuttings.corrections``) that takes the alternative.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from ..segment.lines import ATTRIB_WEAK, HEADING, QUESTION, SALUTATION, TITLE, categorize, patterns, resolve_labels, resolve_lists
from ..text.patterns import WORD, normalize

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

COLUMNS = {
    "file": "input file",
    "line_no": "line number in the file (1-based)",
    "decision": "what the segmenter decided: 'piece start', 'no piece start', or 'role R'",
    "alternative": "what a correction would make it instead",
    "doubt": "how close the call was, in [0, 1] (1: a coin toss; 1 - 2 * |p - 0.5| for a boundary)",
    "p_start": "probability that a piece starts at the line, from the rule scan's evidence (``rule_probability``)",
    "boundary_p": "the learned boundary model's probability that a piece starts at the line (``lines.boundary_p``; "
                  "null with method='rules')",
    "before": "the two lines with text before it (' ⏎ '-joined)",
    "text": "the line",
    "after": "the two lines with text after it (' ⏎ '-joined)",
    "toml": "a corrections-file entry that takes the alternative, ready to paste",
}
CLOSING = frozenset({"attribution", "credit", "link", "signoff", "signature"})
BODY_ROLES = frozenset({"body", "answer", "statement", "question", "list_item"})
WINDOW = 3            # lines with text compared on either side of a title-like line
TEMPERATURE = 0.15    # cohesion score -> probability: logistic(score / TEMPERATURE)
COHESION_BASE = 0.12  # cosine similarity of the two sides at which cohesion is neutral (as the rule scan)
WEAK_ATTRIBUTION_DOUBT = 0.5
NAME_LINE_DOUBT = 0.35


def start_probability(lines: "pd.DataFrame", resources: Any = None) -> list[float]:
    """Per row of one file's ``lines`` table (in line order), the probability that a piece starts there,
    by which the review ranks boundary decisions: ``rule_probability``, the rule scan's evidence about
    the segmentation as it stands.

    Not the learned model's ``boundary_p`` (shown beside it in the review): the model is confidently
    wrong exactly where a user most needs the review, a piece whose closing line is missing (it
    learned from pieces that have one: in the seed with its line 108 removed it gives the open
    letter's salutation 0.02, where the rule evidence gives 0.36 and ranks it first), so ranking by
    it, or by its mean with the rule evidence, hides that error among the model's own near-0.5 calls.
    """
    return rule_probability(lines["text"].tolist(), lines["role"].astype(object).tolist(),
                            lines["doc_id"].tolist(), resources=resources)


def rule_probability(texts: list[str], roles: list[str], doc_ids: list[int], *, resources: Any = None) -> list[float]:
    """Per line, a probability that a piece starts there, derived from what the rule segmenter decided
    and the evidence it weighs (blank lines: 0; the first line with text: 1).

    - a start right after a closing line (attribution, credit, link, sign-off, signature): 0.9;
    - a start or a non-start at a title-like line or a salutation after body text (the scan's cohesion
      test; a question only in a piece that has asked none): with q = logistic(cohesion score / ``TEMPERATURE``),
      0.5 + q / 2 for a start and q / 2 for a non-start (on the side of 0.5 the segmenter chose, nearer
      0.5 as the cohesion evidence leans the other way; a salutation that started nothing:
      0.25 + q / 4, or q / 2 as for a title-like line when the piece has had a salutation already);
    - a line after a closing line that did not start a piece (and closes nothing itself): 0.2;
    - any other line: 0.98 for a start, 0.02 for a non-start.
    """
    from ..resources import Resources

    res = resources or Resources.default()
    p = patterns(res)
    infos = [categorize(t, p) for t in texts]
    resolve_labels(texts, infos)
    resolve_lists(texts, infos)
    stop = res.stop_words
    content = [i for i, t in enumerate(texts) if t.strip()]
    out = [0.0] * len(texts)
    bags: dict[int, Counter] = {}

    def bag(i: int) -> Counter:
        if i not in bags:
            bags[i] = Counter(w[:6] for w in WORD.findall(normalize(texts[i]).lower())
                              if len(w) > 2 and w[0].isalpha() and w not in stop)
        return bags[i]

    asked = False
    saluted = False   # the piece has opened with a salutation already (a letter)
    for k, i in enumerate(content):
        if k == 0:
            out[i] = 1.0
            saluted = infos[i].cat == SALUTATION
            continue
        prev = content[k - 1]
        start = doc_ids[i] != doc_ids[prev]
        info = infos[i]
        asked = asked and not start
        saluted = saluted and not start
        candidate = roles[prev] in BODY_ROLES and (
            info.cat in (TITLE, HEADING, SALUTATION) or (info.cat == QUESTION and info.titleish and not asked))
        asked = asked or info.cat == QUESTION
        if start and roles[prev] in CLOSING:
            out[i] = 0.9
        elif roles[prev] in CLOSING and roles[i] not in CLOSING | {"date", "blank"}:
            out[i] = 0.2   # text after a closing line that the segmenter kept in the piece
        elif candidate:
            before = content[max(0, k - WINDOW):k]
            after = content[k + 1:k + 1 + WINDOW]
            score = _cohesion(bag, before, i, after)
            q = 1 / (1 + math.exp(-score / TEMPERATURE))
            # a salutation opens a letter: inside a piece, after body text, it is a start missed as often
            # as not (prior 0.5 rather than the title-like line's 0.25 when cohesion is neutral), unless
            # the piece is a letter already (a salutation before it): then it is the letter addressing
            # its recipient again, as likely a start as any title-like line
            low = 0.25 if info.cat == SALUTATION and not saluted else 0.0
            out[i] = 0.5 + q / 2 if start else low + q / 2 * (1 - 2 * low)
        else:
            out[i] = 0.98 if start else 0.02
        saluted = saluted or info.cat == SALUTATION
    return out


def _cohesion(bag, before: list[int], i: int, after: list[int]) -> float:
    """Evidence that line ``i`` opens a new piece: its words recur after it rather than before, and the
    two sides share few words (the quantities of the rule scan's cohesion test)."""
    b: Counter = Counter()
    a: Counter = Counter()
    t = bag(i)
    for j in before:
        b.update(bag(j))
    for j in after:
        a.update(bag(j))
    return _cos(t, a) - _cos(t, b) + (COHESION_BASE - _cos(b, a))


def _cos(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    num = sum(v * b[k] for k, v in a.items() if k in b)
    if not num:
        return 0.0
    return num / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def review(corpus, *, top: int | None = 20) -> "pd.DataFrame":
    """Return the ``top`` decisions of ``corpus`` most likely to be wrong, most doubtful first (None: all
    with any doubt), one row each (columns in ``COLUMNS``): piece starts and non-starts by the closeness
    of their start probability to 0.5, then role close calls; ties in file and line order."""
    import pandas as pd

    lines = corpus.lines
    rows: list[tuple] = []
    multi = lines["file"].nunique() > 1
    for order, (file, df) in enumerate(lines.groupby("file", observed=True, sort=False)):
        df = df.sort_values("line_no")
        texts = df["text"].tolist()
        roles = df["role"].astype(object).tolist()
        probs = start_probability(df, corpus.resources)
        model = df["boundary_p"].tolist() if "boundary_p" in df.columns else [None] * len(df)
        infos = None
        nos = df["line_no"].tolist()
        docs = df["doc_id"].tolist()
        content = [i for i, t in enumerate(texts) if t.strip()]
        for k, i in enumerate(content):
            if k == 0:
                continue
            q = probs[i]
            doubt = 1 - 2 * abs(q - 0.5)
            start = docs[i] != docs[content[k - 1]]
            if doubt > 0:
                section = "join" if start else "start"
                rows.append((order, file, nos[i], "piece start" if start else "no piece start",
                             "join to the previous piece" if start else "start a piece here", doubt, q, model[i],
                             _entry(section, file if multi else None, nos[i], texts[i]), texts, i))
        # role close calls
        if infos is None:
            p = patterns(corpus.resources)
            infos = [categorize(t, p) for t in texts]
        last_of_piece = {content[k] for k in range(len(content))
                         if k + 1 == len(content) or docs[content[k + 1]] != docs[content[k]]}
        for i in content:
            role = roles[i]
            alt = None
            doubt = 0.0
            if infos[i].cat == ATTRIB_WEAK and role in ("attribution", "caption"):
                alt, doubt = ("caption" if role == "attribution" else "attribution"), WEAK_ATTRIBUTION_DOUBT
            elif role == "body" and i in last_of_piece and infos[i].name_like and infos[i].words <= 6:
                alt, doubt = "attribution", NAME_LINE_DOUBT
            if alt:
                rows.append((order, file, nos[i], f"role {role}", f"role {alt}", doubt, probs[i], model[i],
                             _entry("role", file if multi else None, nos[i], texts[i], role=alt), texts, i))
    rows.sort(key=lambda r: (-r[5], r[0], r[2], r[3]))
    if top is not None:
        rows = rows[:top]
    out = [(str(f), n, d, a, round(doubt, 4), round(q, 4), None if bp is None or bp != bp else round(float(bp), 4),
            _around(texts, i, -2), texts[i], _around(texts, i, 2), toml)
           for _o, f, n, d, a, doubt, q, bp, toml, texts, i in rows]
    df = pd.DataFrame(out, columns=list(COLUMNS))
    return df.astype({"line_no": "int64", "doubt": "float64", "p_start": "float64", "boundary_p": "float64"})


def _around(texts: list[str], i: int, step: int) -> str:
    """The ``|step|`` lines with text before (``step`` < 0) or after line ``i``, ' ⏎ '-joined in file order."""
    found: list[str] = []
    j = i
    while len(found) < abs(step):
        j += 1 if step > 0 else -1
        if not 0 <= j < len(texts):
            break
        if texts[j].strip():
            found.append(texts[j].strip())
    return " ⏎ ".join(found if step > 0 else found[::-1])


def _entry(section: str, file: str | None, line_no: int, text: str, **values: str) -> str:
    """A corrections-file entry (TOML) for ``line_no``, with the line's first words as ``expect``."""
    first = re.match(r"\S+(?:\s+\S+){0,5}", text.strip())
    expect = first.group() if first else ""
    out = [f"[[{section}]]"]
    if file is not None:
        out.append(f"file = {_toml_string(str(file))}")
    out.append(f"line = {line_no}")
    if expect:
        out.append(f"expect = {_toml_string(expect)}")
    out.extend(f"{k} = {_toml_string(v)}" for k, v in values.items())
    return "\n".join(out)


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, with ``\\u`` for other control characters)."""
    return json.dumps(value, ensure_ascii=False)
