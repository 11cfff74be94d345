"""The date tagger's learned decision: keep or drop a candidate expression (a logistic model read from JSON).

The grammar proposes every expression its rules read; some of them, in some contexts, are seldom
what a TIMEX3 annotator tags ("Now," opening a sentence, "for years", a model year). ``keep`` scores
each candidate with a logistic regression over binary features of the candidate and its context
(``features``: its kind, type, resolution kind and value shape, its first and last words, the words
and punctuation around it, sentence start, the tense of its clause) and drops it when the
probability that it is annotated is below the model's threshold. The weights, the threshold and a
record of the training data are in ``dates_model.json`` beside this module, written by
``benchmarks/train_dates.py`` (``make train``) from the tuning part of TempEval-3's TBAQ; scoring is
a sum of the weights of the features present, so neither scikit-learn nor numpy is imported.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import CuttingsError
from ...resources import Resources
from .handlers import tense
from .model import Timex

MODEL_FILE = Path(__file__).resolve().parent / "dates_model.json"
FORMAT = 1

_PREV_WORD = re.compile(r"([A-Za-z]+|[0-9]+)[^A-Za-z0-9]*$")
_NEXT_WORD = re.compile(r"[^A-Za-z0-9]*([A-Za-z]+|[0-9]+)")
_WORDS = re.compile(r"[A-Za-z]+|[0-9]+")
_DIGITS = re.compile(r"[0-9]")
_WINDOW = 40  # characters read on either side of a candidate


def _word(w: str | None) -> str:
    if w is None:
        return "^"
    return "#" if w[0].isdigit() else w.lower()


def _char(c: str) -> str:
    """A class for the character next to a candidate: ^ none, . a sentence end, , ; : ( " ' - as such, a alnum."""
    if not c:
        return "^"
    if c in ".!?":
        return "."
    if c in ",;:(\"'-":
        return c
    if c in "“”‘’":
        return "\""
    if c.isalnum():
        return "a"
    return "o"


def features(text: str, t: Timex, g: Any) -> list[str]:
    """The binary features of candidate ``t`` in its line ``text`` (``g``: the compiled grammar, for the tense).

    Names are ``name=value`` strings; the model gives each a weight (unknown ones weigh nothing).
    """
    before = text[max(0, t.start - _WINDOW):t.start]
    after = text[t.end:t.end + _WINDOW]
    stripped = before.rstrip()
    pc = _char(stripped[-1:])
    nc = _char(after.lstrip()[:1])
    m = _PREV_WORD.search(stripped)
    prev = _word(m.group(1)) if m else "^"
    n = _NEXT_WORD.match(after)
    nxt = _word(n.group(1)) if n else "$"
    words = _WORDS.findall(t.text)
    first = _word(words[0]) if words else "^"
    last = _word(words[-1]) if words else "^"
    spec = t.spec[0] if t.spec is not None else "none"
    start = pc in ("^", ".") and t.text[:1].isupper()
    tn = t.tense if t.tense is not None else tense(text, t.start, t.end, g)
    shape = _DIGITS.sub("9", t.value)[:12] if t.value else "none"
    out = [f"kind={t.kind}", f"type={t.type}", f"spec={spec}", f"mod={t.mod or 'none'}", f"shape={shape}",
           f"first={first}", f"last={last}", f"prev={prev}", f"next={nxt}", f"pc={pc}", f"nc={nc}",
           f"tense={tn or 'none'}", f"ntok={min(len(words), 4)}", f"kind={t.kind}|prev={prev}",
           f"last={last}|pc={pc}", f"last={last}|nc={nc}", f"last={last}|prev={prev}", f"kind={t.kind}|tense={tn or 'none'}"]
    if start:
        out += ["start", f"start|last={last}"]
    if _DIGITS.search(t.text):
        out.append("digits")
    return out


@dataclass(frozen=True)
class KeepModel:
    """A logistic model: p(annotated) = sigmoid(intercept + sum of the weights of the features present)."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    record: dict

    def probability(self, feats: list[str]) -> float:
        """The probability that a candidate with ``feats`` is an annotated expression."""
        w = self.weights
        z = self.intercept + sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def read_model(path: str | Path = MODEL_FILE) -> KeepModel | None:
    """The keep-or-drop model in ``path`` (None when there is no file: every candidate is kept)."""
    p = Path(path)
    if not p.exists():
        return None
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        keep = d["keep"]
        if d.get("format") != FORMAT or keep.get("kind") != "logistic":
            raise CuttingsError(f"{p}: a date model of another format (run `make train`)")
        return KeepModel({str(k): float(v) for k, v in keep["weights"].items()}, float(keep["intercept"]),
                         float(keep["threshold"]), dict(d.get("training", {})))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise CuttingsError(f"{p}: malformed date model ({e})") from None


def model(resources: Resources | None = None) -> KeepModel | None:
    """The shipped keep-or-drop model, read once per ``Resources``."""
    res = resources or Resources.default()
    return res.memo("dates.keep_model", read_model)


def keep(text: str, found: list[Timex], g: Any, using: KeepModel | None) -> list[Timex]:
    """``found`` (candidates in line ``text``) without those ``using`` finds unlikely to be annotated
    (p below its threshold); all of them without a model or with a threshold of 0."""
    if using is None or using.threshold <= 0.0 or not found:
        return found
    return [t for t in found if using.probability(features(text, t, g)) >= using.threshold]
