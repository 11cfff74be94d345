"""Where each piece says it comes from, and whose voices it carries: provenance, quotes, voice shares.

Tables only (figures are in ``cuttings.viz.sources``). Everything here is what the texts state:
a piece's ``source`` is the outlet its attribution line names, a quote's speaker is whom the text
attributes the words to.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..resources import Resources
from ..segment.provenance import Provenance
from ..text.names import matcher
from ..text.sentences import split

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PROVENANCE_COLUMNS = {
    "doc_id": "piece",
    "source": "outlet that published or broadcast the piece, normalised (outlets.tsv); null when the text names none",
    "programme": "named programme or show, when the text names one",
    "broadcaster": "outlet of the programme: from the text ('the X show on Y') or, failing that, programmes.tsv",
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
    "voice": "voice type (voices.tsv): former member, official, politician, commentator, interviewer, "
             "interviewee, letter authors, organisation, a type of the profile, other or unattributed",
    "mode": "direct (quotation marks), indirect (reported: 'X said that ...', 'according to X'), turn (interview "
            "question/answer/statement) or letter (text of an open letter)",
    "attribution": "how the speaker was found: same line, previous mention, following mention, interview label, "
                   "interview context, according to, letter author",
    "text": "the quoted words (for indirect speech: the reporting sentence)",
    "n_words": "words in text",
}

_QUOTE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
# How far back (characters) a quote's or a reporting verb's speaker is looked for, so that a line of
# many quotes costs time linear in its length (a paragraph is far shorter).
LOOKBACK_CHARS = 2000
_PRONOUN = r"(?:he|she|they|He|She|They)"
_DESCRIBED = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+){0,3}?(?:source|diplomat|official|spokes(?:man|woman|person)|minister|"
    r"commander|politician|analyst|representative)s?\b(?:\s+(?:in|from|of|at)\s+(?:the\s+)?[A-Z][\w]*(?:\s+[A-Z][\w]*)*)?")
_CAPNAME = r"(?:[A-Z][\w’'.-]+)(?:\s+(?:al|el|bin|de|van|von)?\s*[A-Z][\w’'.-]+){0,3}"


# ----------------------------------------------------------------------------------------------
# Voices
# ----------------------------------------------------------------------------------------------

def _voices(res: Resources):
    return res.memo("sources.voices", lambda: _read_voices(res))


def _read_voices(res: Resources):
    sec = res.sections("voices.tsv")
    keywords = []
    for voice, words in sec.get("keywords", ()):
        pats = [re.escape(w.strip()) for w in words.split("|") if w.strip()]
        case_sensitive = [p for p in pats if p.isupper()]
        folded = [p for p in pats if not p.isupper()]
        keywords.append((voice.strip(),
                         re.compile(rf"\b(?:{'|'.join(case_sensitive)})\b") if case_sensitive else None,
                         re.compile(rf"\b(?:{'|'.join(folded)})\b", re.I) if folded else None))
    verbs = "|".join(v.strip().replace(" ", r"\s+") for line in sec.get("verbs", ()) for v in line.split("|"))
    people = {}
    for name, voice in sec.get("people", ()):
        people[name] = voice
    return keywords, verbs, people


def voice_of(speaker: str | None, roles: list[str], *, resources: Resources | None = None) -> str | None:
    """Return the voice type of a speaker from the roles stated for them, else from voices.tsv [people]."""
    keywords, _, people = _voices(resources or Resources.default())
    for text in roles + ([speaker] if speaker else []):
        if not text:
            continue
        for voice, exact, folded in keywords:
            if (exact and exact.search(text)) or (folded and folded.search(text)):
                return voice
    if speaker and speaker in people:
        return people[speaker]
    return None



def provenance(corpus) -> "pd.DataFrame":
    """Return one row per piece with its provenance (columns in ``PROVENANCE_COLUMNS``)."""
    import pandas as pd

    records = corpus.provenance_records
    return pd.DataFrame([_row(d, records[d]) for d in sorted(records)], columns=list(PROVENANCE_COLUMNS))


def _row(doc_id: int, p: Provenance) -> tuple:
    return (doc_id, p.source, p.programme, p.broadcaster, p.translator, "; ".join(p.authors) or None,
            p.recipient, p.date, "; ".join(dict.fromkeys(p.evidence)) or None)


@dataclass
class _Mention:
    name: str
    possessive: bool


def _blank_quotes(text: str) -> str:
    return _QUOTE.sub(lambda m: " " * len(m.group()), text)


def _person_mentions(text: str, res: Resources) -> list[tuple[int, int, str, bool]]:
    """(start, end, canonical, possessive) for listed persons and described sources in ``text``."""
    out = []
    for s, e, _surf, alias in matcher(res).finditer(text):
        if alias.type == "person":
            out.append((s, e, alias.canonical, text[e:e + 2] in ("’s", "'s")))
    starts = [s for s, *_ in out]  # the matcher's hits are in order and do not overlap
    for m in _DESCRIBED.finditer(text):
        k = bisect.bisect_left(starts, m.end()) - 1  # the last hit starting before m ends
        if k < 0 or out[k][1] <= m.start():
            out.append((m.start(), m.end(), m.group().strip(), False))
    out.sort()
    return out


def _speaker_near(narration: str, verb_start: int, verb_end: int, *, after: bool, res: Resources):
    """The speaker named right after the verb ("says Diana Culi, a writer") or closest before it."""
    if after:
        m = re.match(rf"\s+(?P<who>{_PRONOUN}\b|{_CAPNAME})"
                     rf"(?P<role>,\s*(?:an?|the|another|who|leader|head|former|one)\b[^.;“”\"]{{2,140}})?",
                     narration[verb_end:])
        if m:
            return m.group("who"), (m.group("role") or "").strip(" ,") or None
        return None, None
    head = narration[:verb_start]
    mentions = [x for x in _person_mentions(head, res)]
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

    res = corpus.resources
    _, verbs, _ = _voices(res)
    verb_re = re.compile(rf"\b(?:{verbs})\b")
    prov = corpus.provenance_records
    rows = []
    lines = corpus.lines
    docs = corpus.documents.set_index("doc_id")
    for doc_id, group in lines.groupby("doc_id", sort=True):
        kind = docs.loc[doc_id, "kind"]
        rows.extend(_piece_quotes(doc_id, group, kind, prov[doc_id], verb_re, res))
    df = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c != "voice"])
    _assign_voices(df, res)
    return df[list(QUOTE_COLUMNS)].reset_index(drop=True)


def _piece_quotes(doc_id, group, kind, prov: Provenance, verb_re, res: Resources):
    canonical_name = matcher(res).canonical
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
        found: list = []

        def line_mentions(narration=narration, found=found) -> list[tuple[int, int, str, bool]]:
            if not found:  # once per line, however many pronouns point back
                found.append(_person_mentions(narration, res))
            return found[0]

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
                who, srole = _speaker_near(tail, m.start("verb"), m.end("verb"), after=True, res=res)
            if who is None:
                m = re.match(rf"\s*[,.]?\s*(?P<who>{_PRONOUN}|{_CAPNAME})\s+(?:\w+ly\s+)?(?:{verb_re.pattern})", tail)
                if m:
                    who = m.group("who")
            if who is None:
                sent_start = _sentence_start(narration, qs)
                head = narration[sent_start:qs]
                vm = None
                for vm in verb_re.finditer(head):  # noqa: B007 - the last match is the one wanted
                    pass
                if vm is not None:
                    who, srole = _speaker_near(head, vm.start(), vm.end(), after=False, res=res)
            if who is None and previous_who is not None:
                who = previous_who  # a second quote after "“...,” he says." continues the same speaker
            if who is not None and re.fullmatch(_PRONOUN, who):
                who, how = _antecedent(line_mentions(), qs, last), "previous mention"
            elif who is None and standalone:
                if last is not None:
                    who, how = last.name, "previous mention"
                else:
                    nxt = next((_person_mentions(_blank_quotes(x.text), res) for x in recs[k + 1:k + 2]), [])
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
            sent = _sentence_at(text, m.start(), res)
            rows.append((*base, who, None, "indirect", "according to", sent, len(sent.split())))
        if not quoted:
            for vm in re.finditer(rf"\b(?:{verb_re.pattern})\b\s*(?:that\b|,)", narration):
                sent_start = _sentence_start(narration, vm.start())
                who, srole = _speaker_near(narration[sent_start:vm.end()], vm.start() - sent_start,
                                           vm.end() - sent_start, after=False, res=res)
                if who is None:
                    continue
                how = "same line"
                if re.fullmatch(_PRONOUN, who):
                    who, how = _antecedent(line_mentions(), vm.start(), last), "previous mention"
                if who is None or not _is_personish(who, res):
                    continue
                sent = _sentence_at(text, vm.start(), res)
                rows.append((*base, canonical_name(who), srole, "indirect", how, sent, len(sent.split())))
        ments = [x for x in _person_mentions(narration, res) if not x[3]] or _person_mentions(narration, res)
        if ments:
            last = _Mention(ments[-1][2], ments[-1][3])
    return rows


def _antecedent(mentions: list[tuple[int, int, str, bool]], pos: int, last: _Mention | None) -> str | None:
    """What "he/she/they" at ``pos`` refers to: the last person named earlier in the line (``mentions``
    of the line; not in a possessive), else the last mention."""
    for i in range(bisect.bisect_left(mentions, (pos,)) - 1, -1, -1):
        _, end, name, possessive = mentions[i]
        if end <= pos and not possessive:
            return name
    return last.name if last else None


def _is_personish(name: str, res: Resources) -> bool:
    """A listed person or described source, or an unlisted name that is not a listed organisation/place/outlet."""
    hits = list(matcher(res).finditer(name))
    if hits:
        return any(h[3].type == "person" for h in hits)
    return True


def _sentence_start(narration: str, pos: int) -> int:
    """Start of the sentence holding ``pos`` ("." or "?" and a space before it), at most ``LOOKBACK_CHARS`` back."""
    lo = max(0, pos - LOOKBACK_CHARS)
    found = max(narration.rfind(". ", lo, pos), narration.rfind("? ", lo, pos))
    return found + 1 if found >= 0 else lo


def _sentence_at(text: str, pos: int, res: Resources) -> str:
    spans = _line_sentences(text, res)
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    if k >= 0 and spans[k][0] <= pos < spans[k][1]:
        return text[spans[k][0]:spans[k][1]]
    return text.strip()


@lru_cache(maxsize=16)
def _line_sentences(text: str, res: Resources) -> list[tuple[int, int]]:
    """The sentence spans of a line, split once however many reported passages it holds."""
    return split(text, resources=res)


def _str(value) -> str | None:
    return value if isinstance(value, str) and value else None


_SELF_DESC = re.compile(r"\b(?:I am|I'm|I’m|[Ww]e are)\s+(?:now\s+)?((?:a|an|the)\s+[^.;:!?]{0,80})")


def _assign_voices(df, res: Resources) -> None:
    roles_by_speaker: dict[tuple, list[str]] = {}
    for r in df.itertuples(index=False):
        if _str(r.speaker) and _str(r.speaker_role):
            roles_by_speaker.setdefault((r.doc_id, r.speaker), []).append(r.speaker_role)
    # Interviewees' self-descriptions ("I am a former member of ...") say whose voice the answers are.
    interviewee_voice = {}
    for doc_id, g in df[df["mode"] == "turn"].groupby("doc_id"):
        said = [m.group(1) for t in g["text"] if isinstance(t, str) for m in _SELF_DESC.finditer(t)]
        interviewee_voice[doc_id] = voice_of(None, said, resources=res) or "interviewee"
    voices = []
    for r in df.itertuples(index=False):
        speaker, text = _str(r.speaker), _str(r.text) or ""
        stated = roles_by_speaker.get((r.doc_id, speaker), [])
        if r.mode == "turn":
            if speaker == "interviewer" or text.rstrip().endswith("?"):
                voices.append("interviewer")
            elif speaker:
                own = [m.group(1) for m in _SELF_DESC.finditer(text)]
                voices.append(voice_of(speaker, [speaker, *stated, *own], resources=res) or interviewee_voice[r.doc_id])
            else:
                voices.append(interviewee_voice[r.doc_id])
        elif r.mode == "letter":
            voices.append("letter authors")
        else:
            voices.append(voice_of(speaker, stated, resources=res) or ("other" if speaker else "unattributed"))
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
    narration: dict[int, int] = {}
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


