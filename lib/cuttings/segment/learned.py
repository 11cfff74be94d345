"""The learned boundary model: two stacked classifiers read from a JSON file, and sequence decoding.

The model file (``boundary_model.json`` beside this module, written by ``make train``) holds, for
each stage, a standardisation (mean and scale per feature) and the weights of a logistic regression,
plus the names of the features they expect and a record of what the model was trained on. Scoring
is a matrix product in numpy, so loading a corpus needs neither scikit-learn nor the training data.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CuttingsError
from ..resources import Resources
from .features import CONTEXT, Stems, line_table, stage1, stage1_names, stage2, stage2_names
from .lines import LineInfo, Voice, line_voice

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "boundary_model.json"
FORMAT = 1
# Files are scored in chunks of CHUNK content lines, each read with MARGIN content lines more on
# either side (at least CONTEXT: the lines that can change a line's probability), so the feature
# tables in memory stay small whatever the file's size; the probabilities are the whole file's, bit
# for bit. Both are multiples of 64: BLAS's matrix-vector product sums a row in an order that can
# depend on the row's position modulo a small block (the last rows of a matrix take another path),
# so a chunk starts where the whole file's matrix would have a row at such a position.
CHUNK = 2048
MARGIN = 64 * -(-2 * CONTEXT // 64)
# Standardised feature values are clipped to +-CLIP: a line far outside anything seen in training
# (a 5,000-word paragraph) must not outvote every other feature.
CLIP = 6.0
# Reach (content lines each side) of the local start rate the piece-length prior reads: a window of
# about one long news piece; local, so a chunked build decodes as the whole file away from its edges.
PRIOR_REACH = CONTEXT


@dataclass
class Stage:
    """One logistic stage: p = sigmoid(clip((x - mean) / scale) . coef + intercept)."""

    names: list[str]
    mean: "np.ndarray"
    scale: "np.ndarray"
    coef: "np.ndarray"
    intercept: float

    @classmethod
    def from_dict(cls, d: dict[str, Any], names: list[str], what: str) -> "Stage":
        import numpy as np

        if d.get("kind") != "logistic" or d.get("features") != names:
            raise CuttingsError(f"{what}: the boundary model does not match this version's features "
                                "(run `make train`)")
        arrays = [np.asarray(d[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
        if any(a.shape != (len(names),) for a in arrays):
            raise CuttingsError(f"{what}: malformed boundary model (arrays of the wrong length)")
        return cls(names, arrays[0], arrays[1], arrays[2], float(d["intercept"]))

    def to_dict(self) -> dict[str, Any]:
        """The stage as JSON-ready data."""
        return {"kind": "logistic", "features": self.names, "mean": [float(v) for v in self.mean],
                "scale": [float(v) for v in self.scale], "coef": [float(v) for v in self.coef],
                "intercept": float(self.intercept)}

    def predict(self, x: "np.ndarray") -> "np.ndarray":
        """Probability of a piece start for each row of ``x``."""
        import numpy as np

        z = np.clip((x - self.mean) / self.scale, -CLIP, CLIP) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class BoundaryModel:
    """Both stages, the decoding parameters and the training record."""

    stage1: Stage
    stage2: Stage
    min_gap: int = 2
    record: dict[str, Any] | None = None
    # Decision threshold of the decoding: a line opens a piece when its probability's log-odds exceed
    # those of ``threshold`` (``make train`` fits it on dumps of sources neither stage has seen).
    threshold: float = 0.5
    # Piece-length prior of the decoding (``decode``'s ``prior`` and ``rate``): 0.0 is off.
    prior: float = 0.0
    rate: float = 0.05

    @classmethod
    def read(cls, path: Path = MODEL_FILE) -> "BoundaryModel":
        """Read a model file (``CuttingsError`` with one line when it is missing or malformed)."""
        try:
            d = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise CuttingsError(f"{path}: cannot read the boundary model ({e.__class__.__name__})") from None
        if d.get("format") != FORMAT:
            raise CuttingsError(f"{path}: boundary model format {d.get('format')!r}, expected {FORMAT}")
        try:
            dec = d.get("decode", {})
            threshold = float(dec.get("threshold", 0.5))
            if not 0.0 < threshold < 1.0:
                raise ValueError(f"decoding threshold {threshold} outside (0, 1)")
            return cls(Stage.from_dict(d["stage1"], stage1_names(), str(path)),
                       Stage.from_dict(d["stage2"], stage2_names(), str(path)),
                       int(dec.get("min_gap", 2)), d.get("record"), threshold,
                       float(dec.get("prior", 0.0)), float(dec.get("rate", 0.05)))
        except (KeyError, TypeError, ValueError) as e:
            raise CuttingsError(f"{path}: malformed boundary model ({e})") from None

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data."""
        dec: dict[str, Any] = {"min_gap": self.min_gap}
        if self.threshold != 0.5:
            dec["threshold"] = float(self.threshold)
        if self.prior:
            dec["prior"], dec["rate"] = float(self.prior), float(self.rate)
        return {"format": FORMAT, "decode": dec, "record": self.record or {},
                "stage1": self.stage1.to_dict(), "stage2": self.stage2.to_dict()}


def boundary_model(resources: Resources | None = None) -> BoundaryModel:
    """The shipped boundary model, read once per ``Resources``."""
    res = resources or Resources.default()
    return res.memo("segment.boundary_model", BoundaryModel.read)


def start_penalty(p: "np.ndarray", prior: float, rate: float, reach: int = PRIOR_REACH) -> "np.ndarray":
    """Per position: the log-odds a start there loses under the piece-length prior, ``prior`` times
    how far the local rate of starts (the mean of ``p`` within ``reach`` positions: the model's own
    expected starts per line around it) falls below ``rate`` (the training dumps' rate), in log-odds;
    0 where the local rate is at least ``rate``. A long page with a few doubtful starts pays for each;
    a dump of short pieces, whose starts the model sees, pays nothing."""
    import numpy as np

    if not prior or not len(p):
        return np.zeros(len(p))
    pad = np.full(reach, np.nan)
    w = np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, np.asarray(p, dtype=np.float64), pad]),
                                                 2 * reach + 1)
    ok = ~np.isnan(w)
    local = np.clip(np.where(ok, w, 0.0).sum(axis=1) / ok.sum(axis=1), 1e-4, 1 - 1e-4)
    return prior * np.maximum(math.log(rate / (1 - rate)) - np.log(local / (1 - local)), 0.0)


# A list marker opening a line: punctuation alone ("^", "*", "•", "-", "#", ">") or a short number with
# its bracket or stop ("1.", "2)", "[3]", "(4)"); digits count as one shape.
_MARKER = re.compile(r"^\s*([^\w\s]{1,3}|\d{1,3}[.)]|\[\d{1,3}\]|\(\d{1,3}\))\s")
_DIGIT_RUN = re.compile(r"\d+")


def list_continuations(texts: list[str], idx: list[int]) -> list[bool]:
    """Per content line (``idx``: their line numbers in ``texts``): whether it continues a list, i.e. it
    and the content line before it open with the same list marker (``_MARKER``; "1." and "12." alike).
    An item of a list (references, bullets, numbered steps) follows the item before it: it does not
    open a piece, whatever its words."""
    out = [False] * len(idx)
    prev = None
    for j, i in enumerate(idx):
        m = _MARKER.match(texts[i])
        key = _DIGIT_RUN.sub("0", m.group(1)) if m else None
        out[j] = key is not None and key == prev
        prev = key
    return out


def decode(p: "np.ndarray", *, min_gap: int = 2, threshold: float = 0.5, prior: float = 0.0,
           rate: float = 0.05, blocked: list[bool] | None = None) -> list[int]:
    """The most probable piece starts (positions in ``p``) under the model's independent per-line
    probabilities ``p``, given that position 0 starts a piece and two starts are at least ``min_gap``
    positions apart (Viterbi over "lines since the last start", capped at ``min_gap``). A start at
    a line gains the log-odds of its probability against ``threshold`` (0.5: the plain odds), less
    ``start_penalty(p, prior, rate)`` (the piece-length prior; none with ``prior`` 0). No start at the
    positions where ``blocked`` is true (``list_continuations``)."""
    m = len(p)
    if not m:
        return []
    cost = math.log(threshold) - math.log(1.0 - threshold)
    gain = [math.log(max(v, 1e-9)) - math.log(max(1.0 - v, 1e-9)) - cost for v in p.tolist()]
    if prior:
        gain = [g - c for g, c in zip(gain, start_penalty(p, prior, rate).tolist())]
    if blocked is not None:
        gain = [-1.0 if b else g for g, b in zip(gain, blocked)]
    best = [0.0] * m            # best total gain of starts chosen among positions 0..j
    took = [False] * m
    for j in range(1, m):
        keep = best[j - 1]
        if j >= min_gap and gain[j] > 0:
            cand = gain[j] + best[j - min_gap]
            if cand > keep:
                best[j], took[j] = cand, True
                continue
        best[j] = keep
    starts = []
    j = m - 1
    while j > 0:
        if took[j]:
            starts.append(j)
            j -= min_gap
        else:
            j -= 1
    starts.append(0)
    return starts[::-1]


def line_probabilities(model: BoundaryModel, texts: list[str], infos: list[LineInfo], rule_starts: set[int],
                       rule_titles: set[int], scan_roles: list[str | None], stop: frozenset[str], stems: Stems,
                       *, chunk: int = CHUNK, voice: Voice | None = None) -> tuple["np.ndarray", "np.ndarray"]:
    """The content lines of one file (line indices) and the model's probability that a piece starts at
    each: ``model.stage2`` over ``features.line_table`` (arguments as there), computed ``chunk``
    content lines at a time with ``MARGIN`` lines of context on each side (same values as in one go)."""
    import numpy as np

    if voice is None:
        voice = line_voice(texts, infos)
    idx = np.asarray([i for i, info in enumerate(infos) if info.words], dtype=np.int64)
    m = len(idx)
    chunk = 64 * max(1, -(-chunk // 64))
    p = np.zeros(m)
    for s in range(0, m, chunk):
        a, b = max(0, s - MARGIN), min(m, s + chunk + MARGIN)
        span = (int(idx[a]) if a else 0, int(idx[b - 1]) + 1 if b < m else len(infos))
        table = line_table(texts, infos, rule_starts, rule_titles, scan_roles, stop, stems=stems, span=span,
                           voice=voice)
        x1 = stage1(table)
        p1 = model.stage1.predict(x1)
        p2 = model.stage2.predict(stage2(table, x1, p1))
        n = min(chunk, m - s)
        p[s:s + n] = p2[s - a:s - a + n]
    return idx, p
