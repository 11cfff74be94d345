"""Where each piece comes from (outlet, programme, translator, authors, date) and whose voices it carries."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .aliases import canonical as canonical_name
from .aliases import matcher
from .figures import styled
from .lexicon import read_list, read_table

PROVENANCE_COLUMNS = {
    "doc_id": "piece",
    "source": "outlet that published or broadcast the piece, normalised (data/outlets.tsv); null when the text names none",
    "programme": "named programme or show, when the text names one",
    "broadcaster": "outlet of the programme: from the text ('the X show on Y') or, failing that, data/programmes.tsv",
    "translator": "who translated or republished it ('translated by Y', '[Y comment]')",
    "authors": "bylines, credits, letter signatories, self-introduced narrators; '; '-separated",
    "recipient": "addressee of a letter (title 'to X' or first salutation)",
    "date": "the piece's own date (ISO 8601) from a date line, else null",
    "evidence": "which lines each field comes from",
}
QUOTE_COLUMNS = {
    "doc_id": "piece", "file": "input file", "line_no": "line (1-based)",
    "speaker": "who is quoted: canonical name, a described source ('A diplomatic source in Tirana'), a speaker label, "
               "'interviewer', or the letter's authors; null when unresolved",
    "speaker_role": "role or description the text gives the speaker, when stated",
    "voice": "voice type (data/voices.tsv): former member, official, politician, commentator, interviewer, "
             "interviewee, letter authors, MEK leadership, organisation or other",
    "mode": "direct (quotation marks), indirect (reported: 'X said that ...', 'according to X'), turn (interview "
            "question/answer/statement) or letter (text of an open letter)",
    "attribution": "how the speaker was found: same line, previous mention, following mention, interview label, "
                   "interview context, according to, letter author",
    "text": "the quoted words (for indirect speech: the reporting sentence)",
    "n_words": "words in text",
}

_QUOTE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_PRONOUN = r"(?:he|she|they|He|She|They)"
_DESCRIBED = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+){0,3}?(?:source|diplomat|official|spokes(?:man|woman|person)|minister|"
    r"commander|politician|analyst|representative)s?\b(?:\s+(?:in|from|of|at)\s+(?:the\s+)?[A-Z][\w]*(?:\s+[A-Z][\w]*)*)?")
_CAPNAME = r"(?:[A-Z][\w’'.-]+)(?:\s+(?:al|el|bin|de|van|von)?\s*[A-Z][\w’'.-]+){0,3}"
_SELF_INTRO = re.compile(r"\b(?:I am|I'm|I’m|My name is)\s+(" + _CAPNAME + r")")
_LETTER_BY_TO = re.compile(r"\bletter\b(?:\s+by\s+(?P<by>[^,]+?(?:,\s*[^,]+?)?))?\s+to\s+(?P<to>.+)$", re.I)
_DEAR = re.compile(r"^\s*(?:Dear|Honou?rable|To)\s+(?P<who>.+?)\s*[,:]?\s*$", re.I)
# "the “Stop” show on TV Klan", "The Without a Trace show on Report TV": a quoted name, or capitalised
# words with short function words between them; the outlet is capitalised and not a date.
_NOT_OUTLET = (r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June|July|"
               r"August|September|October|November|December)\b)")
_SHOW_ON = re.compile(r"(?:[Tt]he\s+)?(?:[“\"](?P<quoted>[^“”\"]{1,40})[”\"]|"
                      r"(?P<prog>[A-Z][\w’'-]*(?:\s+(?:a|an|the|of|and|in|on|to|[A-Z][\w’'-]*)){0,5}))"
                      r"\s+(?:show|programme|program)\s+on\s+"
                      rf"{_NOT_OUTLET}(?P<outlet>[A-Z][\w]*(?:\s+[A-Z0-9][\w]*){{0,3}})")
_COMMENT_TAG = re.compile(r"\[(?P<who>[A-Z][\w -]{1,40}?)\s+comment\]", re.I)
_TRANSLATED = re.compile(r"^(?P<left>.*?)\s*,?\s*(?:translated|republished|re-published|reposted|adapted|excerpted)\s+"
                         r"(?:by|from)\s+(?P<right>.+?)\s*$", re.I)
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·]\s*|\(?\d{1,3}\s*[.)\-–]\s*)")


# ----------------------------------------------------------------------------------------------
# Outlets and lexicons
# ----------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    table = {}
    for canonical, variants in read_table("outlets.tsv"):
        for v in (canonical, *variants):
            table[_fold(v)] = canonical
    return table


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").strip().strip("/").lower().removeprefix("www."))


def normalise_outlet(name: str) -> tuple[str, bool]:
    """Return ``(canonical outlet, known)`` for an outlet name or domain (unknown names come back tidied).

    A web address is looked up as written, then without its path ("bbc.co.uk/news" -> "bbc.co.uk").
    """
    key = _fold(name)
    for candidate in (key, key.split("/", 1)[0]):
        if candidate in _outlets():
            return _outlets()[candidate], True
    return re.sub(r"\s+", " ", name.strip().strip("/")), False


@lru_cache(maxsize=1)
def _programmes() -> tuple[tuple[str, str, str], ...]:
    """(programme, broadcaster, match) rows of data/programmes.tsv."""
    out = []
    for raw in read_list("programmes.tsv"):
        parts = raw.split("\t")
        out.append((parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "exact"))
    return tuple(out)


@lru_cache(maxsize=1)
def _voices():
    from .lexicon import read_sections

    sec = read_sections("voices.tsv")
    keywords = []
    for row in sec.get("keywords", ()):
        voice, _, words = row.partition("\t")
        pats = [re.escape(w.strip()) for w in words.split("|") if w.strip()]
        case_sensitive = [p for p in pats if p.isupper()]
        folded = [p for p in pats if not p.isupper()]
        keywords.append((voice.strip(),
                         re.compile(rf"\b(?:{'|'.join(case_sensitive)})\b") if case_sensitive else None,
                         re.compile(rf"\b(?:{'|'.join(folded)})\b", re.I) if folded else None))
    verbs = "|".join(v.strip().replace(" ", r"\s+") for line in sec.get("verbs", ()) for v in line.split("|"))
    people = {}
    for row in sec.get("people", ()):
        name, _, voice = row.partition("\t")
        people[name.strip()] = voice.strip()
    return keywords, verbs, people


def voice_of(speaker: str | None, roles: list[str]) -> str | None:
    """Return the voice type of a speaker from the roles stated for them, else from data/voices.tsv [people]."""
    keywords, _, people = _voices()
    for text in roles + ([speaker] if speaker else []):
        if not text:
            continue
        for voice, exact, folded in keywords:
            if (exact and exact.search(text)) or (folded and folded.search(text)):
                return voice
    if speaker and speaker in people:
        return people[speaker]
    return None


# ----------------------------------------------------------------------------------------------
# Provenance
# ----------------------------------------------------------------------------------------------

@dataclass
class Provenance:
    """What the text says about where one piece comes from."""

    source: str | None = None
    programme: str | None = None
    broadcaster: str | None = None
    translator: str | None = None
    authors: list[str] = field(default_factory=list)
    recipient: str | None = None
    date: str | None = None
    evidence: list[str] = field(default_factory=list)

    def add_author(self, name: str) -> None:
        name = name.strip(" ,;:–-")
        if name and name not in self.authors:
            self.authors.append(name)


def parse_date_line(text: str) -> str | None:
    """Return the ISO date of a line that is only a date ('November 04, 2019', '6 November 2019', '2019-11-04').

    Uses the timeline's date grammar: the line must hold one full date and nothing else.
    """
    from .timeline import find

    t = text.strip().rstrip(".")
    hits = find(t)
    if len(hits) == 1 and hits[0].type == "date" and hits[0].start == 0 and hits[0].end == len(t):
        return hits[0].value
    return None


def _parse_attribution(text: str, prov: Provenance, line_no: int) -> None:
    t = text.strip()
    m = _TRANSLATED.match(t)
    left = t
    if m:
        translator, _ = normalise_outlet(m.group("right"))
        prov.translator = prov.translator or translator
        prov.evidence.append(f"translator: line {line_no}")
        left = m.group("left").strip(" ,")
    left = re.sub(r"^(?:source|via|courtesy(?:\s+of)?|copyright|©|\(c\))\s*:?\s*", "", left, flags=re.I)
    if not left:
        return
    outlet, known = normalise_outlet(left)
    names = ""
    if not known and "," in left:
        names, _, right = left.rpartition(",")
        outlet, known = normalise_outlet(right)
        if not known and len(right.split()) > 4:
            return
    if prov.source is None:
        prov.source = outlet
        prov.evidence.append(f"source: line {line_no}")
    if names:
        for n in re.split(r",|\band\b|&", re.sub(r"^By\s+", "", names.strip())):
            prov.add_author(canonical_name(n.strip()))


def piece_provenance(texts: list[str], roles: list[str], line_nos: list[int], *, kind: str,
                     title: str | None) -> Provenance:
    """Return the provenance of one piece from its lines, their roles and 1-based line numbers."""
    prov = Provenance()
    sig_lines = []
    for text, role, n in zip(texts, roles, line_nos):
        if role == "attribution":
            _parse_attribution(text, prov, n)
        elif role == "link" and prov.source is None:
            prov.source, _ = normalise_outlet(text)
            prov.evidence.append(f"source: link line {n}")
        elif role == "credit":
            m = re.match(r"^\s*([\w ]{2,30}?)\s*:\s*(.+)$", text)
            if m:
                prov.add_author(f"{canonical_name(m.group(2).strip())} ({m.group(1).strip().lower()})")
                prov.evidence.append(f"authors: credit line {n}")
            else:
                m = re.search(r"\bby\s+(.+)$", text.strip(), re.I)
                if m:
                    prov.add_author(canonical_name(m.group(1).strip()))
                    prov.evidence.append(f"authors: credit line {n}")
        elif role == "signature":
            sig_lines.append((text, n))
        elif role == "date" and prov.date is None:
            prov.date = parse_date_line(text)
            if prov.date:
                prov.evidence.append(f"date: line {n}")
        if role in ("body", "title", "credit", "caption"):
            for m in _SHOW_ON.finditer(text):
                outlet, _ = normalise_outlet(m.group("outlet"))
                prov.programme = prov.programme or (m.group("quoted") or m.group("prog")).strip()
                prov.broadcaster = prov.broadcaster or outlet
                prov.evidence.append(f"programme: line {n}")
            m = _COMMENT_TAG.search(text)
            if m and prov.translator is None:
                prov.translator, _ = normalise_outlet(m.group("who"))
                prov.evidence.append(f"republisher: comment tag line {n}")
    if prov.programme is None:
        _programme_from_table(texts, roles, line_nos, prov)
    elif prov.broadcaster is None:
        for name, broadcaster, _match in _programmes():
            if name == prov.programme:
                prov.broadcaster = broadcaster
    _signatures(sig_lines, prov)
    if title:
        m = _LETTER_BY_TO.search(title)
        if m:
            if m.group("by"):
                who = m.group("by").split(",")[-1].strip()
                prov.add_author(canonical_name(who))
            prov.recipient = _person_in(m.group("to").strip())
            prov.evidence.append("recipient/authors: title")
    if prov.recipient is None:
        for text, role in zip(texts, roles):
            if role == "salutation":
                m = _DEAR.match(text)
                if m:
                    prov.recipient = _person_in(m.group("who").split(",")[0].strip())
                    break
    if kind in ("testimony", "open letter"):
        for text, role, n in list(zip(texts, roles, line_nos))[:6]:
            m = _SELF_INTRO.search(text) if role in ("body", "answer") else None
            if m:
                prov.add_author(canonical_name(m.group(1).rstrip(".")))
                prov.evidence.append(f"authors: self-introduction line {n}")
                break
    if prov.source is None and prov.broadcaster:
        prov.source = prov.broadcaster
        prov.evidence.append("source: the programme's broadcaster")
    return prov


def _person_in(text: str) -> str:
    """The one listed person named in ``text`` (canonical), else the text without its honorific."""
    people = {a.canonical for _s, _e, _surf, a in matcher().finditer(text) if a.type == "person"}
    if len(people) == 1:
        return people.pop()
    return canonical_name(re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", text))


def _programme_from_table(texts, roles, line_nos, prov: Provenance) -> None:
    for name, broadcaster, match in _programmes():
        if match == "quoted":
            pat = re.compile(rf"[“\"]{re.escape(name)}[”\"]|\b{re.escape(name)}\s+(?:show|programme|program)\b")
        else:
            pat = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        for text, role, n in zip(texts, roles, line_nos):
            if role in ("body", "title", "credit", "caption") and pat.search(text):
                prov.programme = name
                prov.broadcaster = broadcaster or None
                prov.evidence.append(f"programme: line {n}; broadcaster: data/programmes.tsv")
                return


def _signatures(sig_lines, prov: Provenance) -> None:
    places = {a.canonical for a in matcher().table if a.type == "place"}
    for text, n in sig_lines:
        t = _LIST_MARKER.sub("", text).strip().rstrip(",")
        t = re.split(r"\s+[–—-]\s+", t)[0].strip()
        if not t or parse_date_line(t):
            continue
        parts = [p.strip() for p in re.split(r"\s*[–—-]\s+|\s+[–—-]\s*", t) if p.strip()]
        if len(t.split()) <= 3 and any(canonical_name(p) in places for p in parts):
            continue  # a place line ("Cologne- Germany")
        prov.add_author(canonical_name(t))
        prov.evidence.append(f"authors: signature line {n}")


def provenance(corpus) -> "pd.DataFrame":
    """Return one row per piece with its provenance (columns in ``PROVENANCE_COLUMNS``)."""
    import pandas as pd

    return pd.DataFrame([_row(doc_id, p) for doc_id, p in _all_provenance(corpus)], columns=list(PROVENANCE_COLUMNS))


def _row(doc_id: int, p: Provenance) -> tuple:
    return (doc_id, p.source, p.programme, p.broadcaster, p.translator, "; ".join(p.authors) or None,
            p.recipient, p.date, "; ".join(dict.fromkeys(p.evidence)) or None)


def _all_provenance(corpus):
    """``(doc_id, Provenance)`` for every piece of the corpus (computed once per corpus)."""
    return corpus.provenance_records.items()


# ----------------------------------------------------------------------------------------------
# Voices
# ----------------------------------------------------------------------------------------------

@dataclass
class _Mention:
    name: str
    possessive: bool


def _blank_quotes(text: str) -> str:
    return _QUOTE.sub(lambda m: " " * len(m.group()), text)


def _person_mentions(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, canonical, possessive) for listed persons and described sources in ``text``."""
    out = []
    for s, e, _surf, alias in matcher().finditer(text):
        if alias.type == "person":
            out.append((s, e, alias.canonical, text[e:e + 2] in ("’s", "'s")))
    for m in _DESCRIBED.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e, *_ in out):
            out.append((m.start(), m.end(), m.group().strip(), False))
    out.sort()
    return out


def _speaker_near(narration: str, verb_start: int, verb_end: int, *, after: bool):
    """The speaker named right after the verb ("says Diana Culi, a writer") or closest before it."""
    if after:
        m = re.match(rf"\s+(?P<who>{_PRONOUN}\b|{_CAPNAME})(?P<role>,\s*(?:an?|the|another|who|leader|head|former|one)\b[^.;“”\"]{{2,140}})?",
                     narration[verb_end:])
        if m:
            return m.group("who"), (m.group("role") or "").strip(" ,") or None
        return None, None
    head = narration[:verb_start]
    mentions = [x for x in _person_mentions(head)]
    pron = list(re.finditer(rf"\b{_PRONOUN}\b", head))
    cand = list(re.finditer(_CAPNAME, head))
    best = None
    for s, e, name, _pos in mentions:
        if verb_start - e < 90:
            best = (e, name, head[:s])
    for m in pron:
        if best is None or m.end() > best[0]:
            if verb_start - m.end() < 40:
                best = (m.end(), m.group(), "")
    if best is None:
        for m in cand:
            if verb_start - m.end() < 60 and m.group().split()[0].lower() not in ("the", "in", "but", "and", "on", "as"):
                best = (m.end(), m.group(), head[:m.start()])
    if best is None:
        return None, None
    _, who, before = best
    prefix = re.search(r"([A-Z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s*$", before.strip()) if before.strip() else None
    role = prefix.group(1) if prefix and prefix.group(1) not in ("In", "But", "And", "The") else None
    apposition = re.match(rf"{re.escape(who)}\s*,\s*([^,]{{3,80}}),", head[head.find(who):]) if who in head else None
    if apposition:
        role = apposition.group(1).strip()
    return who, role


def quotes(corpus) -> "pd.DataFrame":
    """Return one row per quoted or reported passage, turn and letter line (columns in ``QUOTE_COLUMNS``)."""
    import pandas as pd

    _, verbs, _ = _voices()
    verb_re = re.compile(rf"\b(?:{verbs})\b")
    prov = dict(_all_provenance(corpus))
    rows = []
    lines = corpus.lines
    docs = corpus.documents.set_index("doc_id")
    for doc_id, group in lines.groupby("doc_id", sort=True):
        kind = docs.loc[doc_id, "kind"]
        rows.extend(_piece_quotes(doc_id, group, kind, prov[doc_id], verb_re))
    df = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c != "voice"])
    _assign_voices(df)
    return df[list(QUOTE_COLUMNS)].reset_index(drop=True)


def _piece_quotes(doc_id, group, kind, prov: Provenance, verb_re):
    rows = []
    last: _Mention | None = None
    recs = list(group.itertuples(index=False))
    letter_authors = "; ".join(a for a in prov.authors if "(" not in a) or None
    for k, r in enumerate(recs):
        role, text = str(r.role), r.text
        base = (doc_id, r.file, r.line_no)
        if role in ("question", "answer", "statement"):
            speaker = r.speaker
            how = "interview label" if speaker and speaker != "interviewer" else "interview context"
            said = text
            m = re.match(r"^\s*[^:]{1,60}?\s*:\s+", text) if speaker and speaker != "interviewer" else None
            if m:
                said = text[m.end():]
            if speaker and speaker != "interviewer":
                speaker = canonical_name(speaker)
                last = _Mention(speaker, False)
            rows.append((*base, speaker, None, "turn", how, said, len(said.split())))
            continue
        if kind == "open letter" and role in ("body", "salutation"):
            # The letter's own words; quotations inside it are rows of their own below.
            rows.append((*base, letter_authors, None, "letter", "letter author", text,
                         len(_blank_quotes(text).split())))
        if role not in ("body", "caption"):
            continue
        narration = _blank_quotes(text)
        quoted = [(m.start(), m.end(), (m.group(1) or m.group(2)).strip()) for m in _QUOTE.finditer(text)]
        quoted = [q for q in quoted if len(q[2].split()) >= 3]
        standalone = bool(quoted) and not narration.strip(" .,;:–-")
        label = re.match(rf"^\s*(?P<who>{_CAPNAME})\s*:\s*[“\"]", text) if role == "caption" else None
        previous_who = None
        for qs, qe, qtext in quoted:
            who = srole = None
            how = "same line"
            if label is not None:
                who, how = label.group("who"), "caption label"
            # "...,” says X" / "...,” X says" after the quote, within the sentence
            tail = narration[qe:qe + 160]
            m = re.match(rf"\s*[,.]?\s*(?P<verb>{verb_re.pattern})", tail) if who is None else None
            if m:
                who, srole = _speaker_near(tail, m.start("verb"), m.end("verb"), after=True)
            if who is None:
                m = re.match(rf"\s*[,.]?\s*(?P<who>{_PRONOUN}|{_CAPNAME})\s+(?:\w+ly\s+)?(?:{verb_re.pattern})", tail)
                if m:
                    who = m.group("who")
            if who is None:
                sent_start = max(narration.rfind(". ", 0, qs), narration.rfind("? ", 0, qs)) + 1
                head = narration[sent_start:qs]
                vm = None
                for vm in verb_re.finditer(head):
                    pass
                if vm is not None:
                    who, srole = _speaker_near(head, vm.start(), vm.end(), after=False)
            if who is None and previous_who is not None:
                who = previous_who  # a second quote after "“...,” he says." continues the same speaker
            if who is not None and re.fullmatch(_PRONOUN, who):
                who, how = _antecedent(narration[:qs], last), "previous mention"
            elif who is None and standalone:
                if last is not None:
                    who, how = last.name, "previous mention"
                else:
                    nxt = next((_person_mentions(_blank_quotes(x.text)) for x in recs[k + 1:k + 2]), [])
                    if nxt:
                        who, how = nxt[0][2], "following mention"
            if who is not None:
                who = canonical_name(who.rstrip("."))
            rows.append((*base, who, srole, "direct", how, qtext, len(qtext.split())))
            if who:
                last = _Mention(who, False)
                previous_who = who
        for m in re.finditer(rf"\b[Aa]ccording to (?P<who>(?:Ms|Mr|Dr)\.?\s+{_CAPNAME}|{_CAPNAME})", narration):
            who = canonical_name(re.sub(r"(?:^(?:Ms|Mr|Dr)\.?\s+)|(?:[’']s$)", "", m.group("who")))
            if re.fullmatch(_PRONOUN + r"|him|her|them", who):
                continue
            rows.append((*base, who, None, "indirect", "according to", _sentence_at(text, m.start()),
                         len(_sentence_at(text, m.start()).split())))
        if not quoted:
            for vm in re.finditer(rf"\b(?:{verb_re.pattern})\b\s*(?:that\b|,)", narration):
                sent_start = max(narration.rfind(". ", 0, vm.start()), narration.rfind("? ", 0, vm.start())) + 1
                who, srole = _speaker_near(narration[sent_start:], vm.start() - sent_start,
                                           vm.end() - sent_start, after=False)
                if who is None:
                    continue
                how = "same line"
                if re.fullmatch(_PRONOUN, who):
                    who, how = _antecedent(narration[:vm.start()], last), "previous mention"
                if who is None or not _is_personish(who):
                    continue
                sent = _sentence_at(text, vm.start())
                rows.append((*base, canonical_name(who), srole, "indirect", how, sent, len(sent.split())))
        ments = [x for x in _person_mentions(narration) if not x[3]] or _person_mentions(narration)
        if ments:
            last = _Mention(ments[-1][2], ments[-1][3])
    return rows


def _antecedent(before: str, last: _Mention | None) -> str | None:
    """What "he/she/they" refers to: the last person named earlier in the line (not in a possessive), else the last mention."""
    named = [m for m in _person_mentions(before) if not m[3]]
    if named:
        return named[-1][2]
    return last.name if last else None


def _is_personish(name: str) -> bool:
    """A listed person or described source, or an unlisted name that is not a listed organisation/place/outlet."""
    hits = list(matcher().finditer(name))
    if hits:
        return any(h[3].type == "person" for h in hits)
    return True


def _sentence_at(text: str, pos: int) -> str:
    from .sentences import split

    for a, b in split(text):
        if a <= pos < b:
            return text[a:b]
    return text.strip()


def _str(value) -> str | None:
    return value if isinstance(value, str) and value else None


_SELF_DESC = re.compile(r"\b(?:I am|I'm|I’m|[Ww]e are)\s+(?:now\s+)?((?:a|an|the)\s+[^.;:!?]{0,80})")


def _assign_voices(df) -> None:
    roles_by_speaker: dict[tuple, list[str]] = {}
    for r in df.itertuples(index=False):
        if _str(r.speaker) and _str(r.speaker_role):
            roles_by_speaker.setdefault((r.doc_id, r.speaker), []).append(r.speaker_role)
    # Interviewees' self-descriptions ("I am a former member of ...") say whose voice the answers are.
    interviewee_voice = {}
    for doc_id, g in df[df["mode"] == "turn"].groupby("doc_id"):
        said = [m.group(1) for t in g["text"] if isinstance(t, str) for m in _SELF_DESC.finditer(t)]
        interviewee_voice[doc_id] = voice_of(None, said) or "interviewee"
    voices = []
    for r in df.itertuples(index=False):
        speaker, text = _str(r.speaker), _str(r.text) or ""
        stated = roles_by_speaker.get((r.doc_id, speaker), [])
        if r.mode == "turn":
            if speaker == "interviewer" or text.rstrip().endswith("?"):
                voices.append("interviewer")
            elif speaker:
                own = [m.group(1) for m in _SELF_DESC.finditer(text)]
                voices.append(voice_of(speaker, [speaker, *stated, *own]) or interviewee_voice[r.doc_id])
            else:
                voices.append(interviewee_voice[r.doc_id])
        elif r.mode == "letter":
            voices.append("letter authors")
        else:
            voices.append(voice_of(speaker, stated) or ("other" if speaker else "unattributed"))
    df["voice"] = voices


def voice_shares(corpus) -> "pd.DataFrame":
    """Return words per voice in each piece: doc_id, voice, n_words, share (of the piece's content words).

    Narration is the body text outside quotation marks (and outside letters); quoted words, turns
    and letter text are counted under their voice. Indirect speech counts as narration.
    """
    import pandas as pd

    q = quotes(corpus)
    spoken = q[q["mode"] != "indirect"].groupby(["doc_id", "voice"])["n_words"].sum()
    lines = corpus.lines
    docs = corpus.documents.set_index("doc_id")
    narration = {}
    for r in lines[lines["role"].isin(["body", "caption", "title"])].itertuples(index=False):
        if docs.loc[r.doc_id, "kind"] == "open letter" and r.role == "body":
            continue
        narration[r.doc_id] = narration.get(r.doc_id, 0) + len(_blank_quotes(r.text).split())
    # quotes inside body lines were counted out of narration by blanking; quotes of < 3 words stay in
    rows = [(d, "narration", n) for d, n in narration.items()]
    rows += [(d, v, int(n)) for (d, v), n in spoken.items()]
    df = pd.DataFrame(rows, columns=["doc_id", "voice", "n_words"])
    df = df.groupby(["doc_id", "voice"], as_index=False)["n_words"].sum()
    df["share"] = df["n_words"] / df.groupby("doc_id")["n_words"].transform("sum")
    return df.sort_values(["doc_id", "n_words", "voice"], ascending=[True, False, True]).reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Figures
# ----------------------------------------------------------------------------------------------

def provenance_edges(corpus) -> "pd.DataFrame":
    """Return the provenance graph as edges: source_node, target_node, relation, pieces (doc_ids, sorted).

    Chains per piece: programme -> broadcaster -> outlet -> translator/republisher -> the compilation
    file, skipping the links the text does not state (a piece with no stated outlet links its
    authors, or "(no outlet stated)", to the compilation).
    """
    import pandas as pd

    prov = provenance(corpus)
    files = corpus.documents.set_index("doc_id")["file"]
    edges: dict[tuple[str, str, str], list[int]] = {}
    for r in prov.itertuples(index=False):
        chain: list[tuple[str, str]] = []
        if isinstance(r.programme, str):
            chain.append((f"programme: {r.programme}", "broadcast on"))
        if isinstance(r.broadcaster, str) and r.broadcaster != r.source:
            chain.append((f"outlet: {r.broadcaster}", "reported by"))
        if isinstance(r.source, str):
            chain.append((f"outlet: {r.source}", "translated by" if isinstance(r.translator, str) else "compiled into"))
        elif isinstance(r.authors, str):
            chain.append((f"authors: {_short_authors(r.authors)}", "compiled into"))
        else:
            chain.append(("(no outlet stated)", "compiled into"))
        if isinstance(r.translator, str):
            chain.append((f"translator: {r.translator}", "compiled into"))
        chain.append((f"compilation: {files[r.doc_id].rsplit('/', 1)[-1]}", ""))
        for (a, rel), (b, _) in zip(chain, chain[1:]):
            edges.setdefault((a, b, rel), []).append(int(r.doc_id))
    rows = [(a, b, rel, sorted(set(d))) for (a, b, rel), d in edges.items()]
    return pd.DataFrame(rows, columns=["source_node", "target_node", "relation", "pieces"])


def _short_authors(authors: str, n: int = 2) -> str:
    names = [a.split(" (")[0] for a in authors.split("; ")]
    return ", ".join(names[:n]) + (f" +{len(names) - n}" if len(names) > n else "")


@styled
def plot_provenance(corpus):
    """Layered drawing of the provenance graph (left: origin, right: this compilation); return (fig, edges)."""
    from .figures import figure

    edges = provenance_edges(corpus)
    layer_of = {"programme": 0, "outlet": 1, "authors": 1, "(no outlet stated)": 1, "translator": 2, "compilation": 3}
    nodes: dict[str, int] = {}
    for r in edges.itertuples(index=False):
        for node in (r.source_node, r.target_node):
            nodes[node] = layer_of.get(node.split(":")[0], 1)
    # Outlets that only feed others (a broadcaster reported by a paper) sit left of the outlets that publish.
    fed = {r.source_node for r in edges.itertuples(index=False) if r.relation == "reported by"}
    for node in fed:
        nodes[node] = 0.5 if nodes[node] == 1 else nodes[node]
    succ: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {}
    for r in edges.itertuples(index=False):
        succ.setdefault(r.source_node, []).append(r.target_node)
        pred.setdefault(r.target_node, []).append(r.source_node)
    # Outlets and authors evenly spaced, those passing through a translator together; every other
    # node sits at the mean height of its neighbours, so that few edges cross.
    middle = sorted((n for n, layer in nodes.items() if layer == 1),
                    key=lambda n: (not any(nodes.get(t) == 2 for t in succ.get(n, [])), n.split(":")[0] != "outlet", n))
    pos = {n: (1.0, (len(middle) - 1) / 2 - k) for k, n in enumerate(middle)}

    def place(layer: float, neighbours: dict[str, list[str]]) -> None:
        members = sorted((n for n, lay in nodes.items() if lay == layer),
                         key=lambda n: (sum(pos[m][1] for m in neighbours.get(n, []) if m in pos) / max(1, len(neighbours.get(n, []))), n))
        used: list[float] = []
        for n in members:
            known = [pos[m][1] for m in neighbours.get(n, []) if m in pos]
            y = sum(known) / len(known) if known else 0.0
            while any(abs(y - u) < 0.7 for u in used):
                y -= 0.7
            used.append(y)
            pos[n] = (layer, y)

    place(0.5, succ)
    place(0, succ)
    place(2, pred)
    place(3, pred)
    height = max(1, len(middle))
    fig, ax = figure(size=(11, 0.5 * height + 2.2))
    for r in edges.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[r.source_node], pos[r.target_node]
        ax.annotate("", xy=(x1 - 0.02, y1), xytext=(x0 + 0.02, y0),
                    arrowprops=dict(arrowstyle="-|>", color="#888888", lw=0.6 + 1.2 * math.log1p(len(r.pieces)),
                                    shrinkA=4, shrinkB=4, connectionstyle="arc3,rad=0.0"))
        label = ("#" + ",".join(str(d) for d in r.pieces) if len(r.pieces) <= 6
                 else f"#{r.pieces[0]},{r.pieces[1]}… ({len(r.pieces)} pieces)")
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, label,
                ha="center", va="center", fontsize=6.5, color="#555555",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
    colours = {"programme": "#CCBB44", "outlet": "#4477AA", "authors": "#AA3377", "translator": "#EE6677",
               "compilation": "#222222", "(no outlet stated)": "#BBBBBB"}
    for node, (x, y) in pos.items():
        kind, _, name = node.partition(": ")
        ax.text(x, y, name or kind, ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round,pad=0.35", fc="white", ec=colours.get(kind, "#777777"), lw=1.4))
    ax.set_xlim(-0.45, 3.45)
    ys = [y for _, y in pos.values()]
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_xticks([0, 1, 2, 3], ["programme", "outlet named in the text", "translator / republisher", "this compilation"])
    ax.tick_params(axis="x", length=0)
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title("Where the pieces say they come from (edge labels: piece numbers)")
    return fig, edges


@styled
def plot_sources(corpus):
    """Stacked bars of words per stated source, split by kind of piece; return (fig, table)."""
    from .figures import figure

    docs = corpus.documents.copy()
    docs["source"] = docs["source"].fillna("(no outlet stated)")
    table = docs.groupby(["source", "kind"], as_index=False).agg(pieces=("doc_id", "size"), words=("n_words", "sum"))
    wide = table.pivot_table(index="source", columns="kind", values="words", fill_value=0, aggfunc="sum")
    order = wide.sum(axis=1).sort_values(ascending=True).index
    wide = wide.loc[order]
    pieces = table.groupby("source")["pieces"].sum()
    fig, ax = figure(size=(9, 0.45 * len(wide) + 1.8))
    left = [0] * len(wide)
    palette = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377"]
    for kind, colour in zip(sorted(wide.columns), palette):
        vals = wide[kind].tolist()
        ax.barh(range(len(wide)), vals, left=left, color=colour, label=kind)
        left = [a + b for a, b in zip(left, vals)]
    for y, (src, total) in enumerate(zip(wide.index, left)):
        ax.text(total, y, f"  {int(pieces[src])} piece{'s' if pieces[src] > 1 else ''}", va="center", fontsize=7.5)
    ax.set_yticks(range(len(wide)), wide.index)
    ax.set_xlabel("words")
    ax.set_title("Words by the source each piece names, split by kind of piece")
    ax.legend(loc="lower right", title="kind")
    ax.margins(x=0.12)
    return fig, table


@styled
def plot_quoted(corpus, *, top: int = 15):
    """Two panels: words quoted per speaker (top ``top``) and per voice type; return (fig, table)."""
    from .figures import figure

    q = quotes(corpus)
    q = q[q["mode"].isin(["direct", "turn"]) & q["speaker"].notna() & (q["speaker"] != "interviewer")]
    by_speaker = (q.groupby(["speaker", "voice"], as_index=False)
                  .agg(words=("n_words", "sum"), passages=("line_no", "size"), pieces=("doc_id", "nunique"))
                  .sort_values(["words", "speaker"], ascending=[False, True]).head(top))
    fig, ax = figure(size=(9, 0.38 * len(by_speaker) + 1.8))
    voices = sorted(by_speaker["voice"].unique())
    palette = dict(zip(voices, ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]))
    y = list(range(len(by_speaker)))[::-1]
    ax.barh(y, by_speaker["words"], color=[palette[v] for v in by_speaker["voice"]])
    for yy, r in zip(y, by_speaker.itertuples(index=False)):
        ax.text(r.words, yy, f"  {r.passages} passage{'s' if r.passages > 1 else ''}, {r.pieces} piece{'s' if r.pieces > 1 else ''}",
                va="center", fontsize=7)
    ax.set_yticks(y, by_speaker["speaker"])
    ax.set_xlabel("words quoted or spoken in turns")
    ax.set_title("Who is quoted, and how much (direct quotes and interview turns)")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=palette[v], label=v) for v in voices], loc="lower right", title="voice type")
    ax.margins(x=0.25)
    return fig, by_speaker


@styled
def plot_voices(corpus):
    """Stacked bars: share of each piece's words by voice (narration, quoted voices, letters); return (fig, table)."""
    from .figures import figure
    from .overview import piece_label

    shares = voice_shares(corpus)
    docs = corpus.documents
    labels = {r["doc_id"]: piece_label(r) for _, r in docs.iterrows()}
    wide = shares.pivot_table(index="doc_id", columns="voice", values="share", fill_value=0.0)
    order = ["narration", "letter authors", "former member", "interviewer", "politician", "official",
             "commentator", "MEK leadership", "organisation", "other", "unattributed", "interviewee"]
    cols = [c for c in order if c in wide.columns] + sorted(c for c in wide.columns if c not in order)
    palette = {"narration": "#C8C8C8", "letter authors": "#9467BD", "former member": "#0072B2",
               "interviewer": "#56B4E9", "politician": "#D55E00", "official": "#E69F00",
               "commentator": "#009E73", "MEK leadership": "#CC79A7", "organisation": "#8C564B",
               "other": "#F0E442", "unattributed": "#666666", "interviewee": "#BCBD22"}
    fig, ax = figure(size=(9.5, 0.42 * len(wide) + 2.0))
    y = list(range(len(wide)))[::-1]
    left = [0.0] * len(wide)
    for c in cols:
        vals = wide[c].tolist()
        ax.barh(y, vals, left=left, color=palette.get(c, "#777777"), label=c, edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [labels[d] for d in wide.index])
    ax.set_xlim(0, 1)
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of the piece's words")
    ax.set_title("Whose words: narration, quoted voices and letter text in each piece")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="voice", fontsize=7.5)
    return fig, shares


# ----------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------

TABLES = ("provenance", "quotes", "voices", "entities", "variants", "proposals")


def add_command(sub) -> None:
    """Add ``cuttings sources PATH... [--table ...]`` to the CLI."""
    from .cli import add_common

    p = sub.add_parser("sources", help="provenance of each piece, who is quoted, names and their variants",
                       description="Print where each piece comes from (outlet, programme, translator, authors, "
                                   "date), who is quoted, voice shares, name mentions or name variants.")
    add_common(p)
    p.add_argument("--table", choices=TABLES, default="provenance",
                   help="provenance (one row per piece, default), quotes (one row per quoted passage or turn), "
                        "voices (words per voice per piece), entities (name mentions), variants (how listed "
                        "names are spelled), proposals (unlisted spellings that look like listed names)")
    p.set_defaults(func=_cmd_sources)


def _cmd_sources(args) -> None:
    from . import names
    from .cli import emit
    from .corpus import load

    corpus = load(args.paths)
    table = {
        "provenance": provenance, "quotes": quotes, "voices": voice_shares, "entities": names.entities,
        "variants": names.variant_table, "proposals": names.propose_variants,
    }[args.table](corpus)
    emit(table, args.format)
