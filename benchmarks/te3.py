"""The TempEval-3 temporal-expression scorer, and a reader for TimeML documents.

TempEval-3 (SemEval-2013 Task 1; N. UzZaman, H. Llorens, L. Derczynski, M. Verhagen, J. Allen and
J. Pustejovsky, "SemEval-2013 Task 1: TempEval-3: Evaluating Time Expressions, Events, and Temporal
Relations", SemEval 2013) scores a temporal tagger on the TIMEX3 elements inside each document's
``<TEXT>`` (the creation time, ``functionInDocument="CREATION_TIME"``, is not scored):

- each system expression is paired with at most one gold expression it overlaps, and each gold
  expression with at most one system expression (the official TimeML-Normalizer gives a pair one id);
- *relaxed* extent: precision = paired system expressions / system expressions, recall = paired gold
  expressions / gold expressions (any overlap pairs); *strict* extent: only pairs whose text is
  identical count;
- attributes: type and value *accuracy* = pairs whose attribute is identical / pairs, and the
  attribute's *F1* = accuracy x relaxed F1 (``evaluate_entities.py`` of the task's toolkit, whose
  "Attribute F1 Value" is the task's ranking score).

Written here because the task's toolkit is Python 2 with a Java normaliser; pairing is by character
overlap of the texts, which the toolkit does by tokens (the same pairs wherever no token is split).
Run as a script on two folders (or two files) of TimeML: ``python benchmarks/te3.py GOLD SYSTEM``.
"""
from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


@dataclass(frozen=True)
class Span:
    """One TIMEX3: character offsets in the document's plain text, its text and attributes."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    tid: str | None = None


@dataclass
class Document:
    """A TimeML document: its name, creation time (the DCT's value), plain text and TIMEX3 spans."""

    name: str
    dct: str | None
    text: str
    timexes: list[Span] = field(default_factory=list)


def parse(xml: str, name: str = "") -> Document:
    """Read a TimeML document (a string): the plain text of its ``<TEXT>`` and the TIMEX3 in it.

    Tags are removed and character entities decoded; offsets are in the decoded text. The DCT is
    the value of the TIMEX3 whose ``functionInDocument`` is ``CREATION_TIME`` (anywhere in the file).
    """
    dct = None
    for m in re.finditer(r"<TIMEX3\b([^>]*)>", xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            dct = attrs.get("value")
            break
    body = re.search(r"<TEXT>(.*?)</TEXT>", xml, re.S)
    if body is None:
        raise ValueError(f"{name or 'document'}: no <TEXT> element")
    raw = body.group(1)
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict] | None = None
    spans: list[Span] = []
    pos = 0
    for m in _TAG.finditer(raw):
        piece = html.unescape(raw[pos:m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, tag, attr_text, empty = m.group(1), m.group(2), m.group(3), m.group(4)
        if tag != "TIMEX3" or empty:
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attr_text)))
        elif open_timex is not None:
            a, attrs = open_timex
            text = "".join(out)[a:length]
            if text.strip():
                spans.append(Span(a, length, text, attrs.get("type", ""), attrs.get("value", ""),
                                  attrs.get("mod"), attrs.get("tid")))
            open_timex = None
    piece = html.unescape(raw[pos:])
    out.append(piece)
    return Document(name, dct, "".join(out), spans)


def read(path: str | Path) -> Document:
    """Read a TimeML file (see ``parse``); the document's name is the file name without ``.tml``."""
    p = Path(path)
    return parse(p.read_text(encoding="utf-8"), p.name.removesuffix(".tml"))


def pairs(gold: list[Span], system: list[Span]) -> list[tuple[Span, Span]]:
    """Pair overlapping expressions one to one: greedily by the largest overlap, then by position."""
    cands = []
    j0 = 0
    for g in gold:
        while j0 < len(system) and system[j0].end <= g.start:
            j0 += 1
        j = j0
        while j < len(system) and system[j].start < g.end:
            s = system[j]
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                cands.append((-overlap, g.start, s.start, g, s))
            j += 1
    cands.sort(key=lambda c: c[:3])
    used_g, used_s, out = set(), set(), []
    for _, _, _, g, s in cands:
        if id(g) in used_g or id(s) in used_s:
            continue
        used_g.add(id(g))
        used_s.add(id(s))
        out.append((g, s))
    out.sort(key=lambda p: p[0].start)
    return out


@dataclass
class Counts:
    """Totals over documents, from which every TempEval-3 score follows."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    type: int = 0
    value: int = 0

    def add(self, gold: list[Span], system: list[Span]) -> list[tuple[Span, Span]]:
        """Count one document (spans sorted by start); return its pairs."""
        ps = pairs(sorted(gold, key=lambda s: s.start), sorted(system, key=lambda s: s.start))
        self.gold += len(gold)
        self.system += len(system)
        self.relaxed += len(ps)
        self.strict += sum(g.start == s.start and g.end == s.end for g, s in ps)
        self.type += sum(g.type == s.type for g, s in ps)
        self.value += sum(g.value == s.value for g, s in ps)
        return ps

    def scores(self) -> dict[str, float]:
        """strict/relaxed precision, recall, F1; type and value accuracy and F1 (all 0-1)."""
        def f1(p, r):
            return 2 * p * r / (p + r) if p + r else 0.0

        out = {}
        for kind, n in (("strict", self.strict), ("relaxed", self.relaxed)):
            p = n / self.system if self.system else 0.0
            r = n / self.gold if self.gold else 0.0
            out.update({f"{kind}_p": p, f"{kind}_r": r, f"{kind}_f1": f1(p, r)})
        for attr, n in (("type", self.type), ("value", self.value)):
            acc = n / self.relaxed if self.relaxed else 0.0
            out[f"{attr}_accuracy"] = acc
            out[f"{attr}_f1"] = acc * out["relaxed_f1"]
        return out


def score(gold: dict[str, list[Span]], system: dict[str, list[Span]]) -> dict[str, float]:
    """Score system expressions against gold ones, both keyed by document name (see ``Counts.scores``)."""
    c = Counts()
    for name in sorted(gold):
        c.add(gold[name], system.get(name, []))
    return c.scores()


def _folder(path: Path) -> dict[str, Document]:
    files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    return {d.name: d for d in map(read, files)}


def main(argv: list[str]) -> int:
    """Score a folder (or file) of system TimeML against a gold one and print the TempEval-3 table."""
    if len(argv) != 2:
        print("usage: python benchmarks/te3.py GOLD SYSTEM (folders of .tml files, or two files)", file=sys.stderr)
        return 2
    gold, system = _folder(Path(argv[0])), _folder(Path(argv[1]))
    if len(gold) == 1 and len(system) == 1:
        system = {next(iter(gold)): next(iter(system.values()))}
    for name, doc in gold.items():
        if name in system and system[name].text != doc.text:
            print(f"texts differ for {name}: the system must only add TIMEX3 tags", file=sys.stderr)
            return 2
    s = score({k: d.timexes for k, d in gold.items()}, {k: d.timexes for k, d in system.items()})
    print(f"{'':8}{'F1':>8}{'P':>8}{'R':>8}")
    for kind in ("strict", "relaxed"):
        print(f"{kind:8}" + "".join(f"{100 * s[f'{kind}_{m}']:>8.2f}" for m in ("f1", "p", "r")))
    print(f"value F1 {100 * s['value_f1']:.2f}   type F1 {100 * s['type_f1']:.2f}   "
          f"(accuracy on matched pairs: value {100 * s['value_accuracy']:.2f}, type {100 * s['type_accuracy']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
