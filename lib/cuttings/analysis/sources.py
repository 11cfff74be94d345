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
from ..text.patterns import alternation, calendar
from ..text.sentences import split

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PROVENANCE_COLUMNS = {
    "doc_id": "piece",
    "source": "outlet that published or broadcast the piece, normalised (outlets.tsv): from an attribution line or "
              "byline ('Jane Doe, Valley Gazette'), a wire's sign-off ('Reuter' on the last line), a dateline's tag "
              "('WASHINGTON (AP) -'), a link line, the programme's broadcaster or, failing those, the organisation "
              "credited with the piece ('The interview was conducted by the X Foundation'); null when the text names none",
    "programme": "named programme or show, when the text names one",
    "broadcaster": "outlet of the programme: from the text ('the X show on Y') or, failing that, programmes.tsv",
    "translator": "who translated or republished it ('translated by Y', '[Y comment]')",
    "authors": "bylines ('By Jane Doe, Reuters'), credits ('Jane Doe (presenter)', '(Reporting by ...; Editing by "
               "John Roe)' -> 'John Roe (editing)'), the author of a 'Name, City, Date:' dateline, letter signatories, "
               "self-introduced narrators; '; '-separated. Names in capitals are written as names; image credits "
               "('Photo: ...') are not authors",
    "recipient": "addressee of a letter (title 'to X' or first salutation)",
    "date": "the piece's own date (ISO 8601) from a date line, a 'Posted on' line, a place-date line or the "
            "dateline; XXXX-MM-DD when a dateline gives no year ('BRUSSELS, March 2 - '); else null",
    "place": "where the piece says it was written or filed: the dateline's place ('Brussels') or a place-date "
             "line's ('Lisbon, 12 May 2020'); else null",
    "evidence": "which lines each field comes from",
}
QUOTE_COLUMNS = {
    "doc_id": "piece", "file": "input file", "line_no": "line (1-based)",
    "speaker": "who is quoted: canonical name, a described source ('A diplomatic source in Lisbon'), a speaker label, "
               "'interviewer', or the letter's authors; null when unresolved. Never a pronoun or dummy subject "
               "('It', 'This', 'There': speakers.txt [not_speakers]); he/she/they are resolved to the person "
               "named before them. Spellings that differ only in case are one speaker (the corpus's most "
               "frequent spelling; a description starts with a capital: 'a spokesman' -> 'A spokesman')",
    "speaker_role": "role or description the text gives the speaker, when stated",
    "unnamed": "whether the speaker is an unnamed source, a description rather than a name ('A spokesman', "
               "'Officials', 'A diplomatic source in Lisbon'; nouns in speakers.txt [unnamed]); null when "
               "speaker is null",
    "voice": "voice type (voices.tsv): official, politician, commentator, organisation, interviewer, a type of "
             "the profile's (for instance the seed's former members), interviewee, letter authors, other "
             "or unattributed",
    "mode": "direct (quotation marks), indirect (reported: 'X said that ...', 'according to X'), turn (interview "
            "question/answer/statement) or letter (text of an open letter)",
    "attribution": "how the speaker was found: same line, previous mention, following mention, interview label, "
                   "interview context, according to, letter author",
    "text": "the quoted words (for indirect speech: the reporting sentence)",
    "n_words": "words in text",
}

_QUOTE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
# Tunables of quote attribution (characters unless said). Each trades recall of speakers named far
# from their words against false speakers picked from an unrelated clause.
# How far back a quote's or a reporting verb's speaker is looked for, so that a line of many quotes
# costs time linear in its length (a paragraph is far shorter).
LOOKBACK_CHARS = 2000
# A listed person or described source ending at most this far before a speech verb is its subject
# ("Jane Doe, a writer and former MP who left in 2019, said"): longer appositions are rare.
MENTION_GAP = 90
# A pronoun at most this far before the verb is its subject ("he later told reporters").
PRONOUN_GAP = 40
# An unlisted capitalised name before the verb: with a comma between (an apposition) it may be this far,
# without one only this far ("Mr Brown said", "John Ison, from the group X, said").
NAME_GAP_APPOSITION = 160
NAME_GAP = 60
# After a quotation, its attribution ("..., says X, a writer") is looked for this far at most, and never
# past the next quotation.
TAIL_CHARS = 160
# A quotation of fewer words is a term in quotation marks ("so-called “liberation”"), not a quote.
MIN_QUOTE_WORDS = 3
_PRONOUN = r"(?:he|she|they|He|She|They)"
# A capitalised name of one to four words, one space apart (so never across a blanked quotation).
_CAPNAME = r"(?:[A-Z][\w’'.&-]+)(?:\s(?:(?:al|el|bin|de|van|von)\s)?[A-Z][\w’'.&-]+){0,3}"
# "the mayor", "a company statement", "the 22-year-old": a determiner and up to two more words before
# a lower-case noun, as the subject right before a speech verb or right after one ("..., said the mayor.")
_DESCRIPTION = r"(?P<who>(?:[Tt]he|[Aa]n?)\s(?:[\w’'-]+\s){0,2}?(?P<noun>[\w][\w-]*[a-z]))"
_DESCRIPTION_AFTER = re.compile(rf"\s+{_DESCRIPTION}(?=\s*(?:[.,;]|$))")
# Between a name and its speech verb: an apposition (", a writer and former MP,"), where the person
# is from ("from the Federation of Small Businesses"), auxiliaries, adverbs.
_SUBJECT_GAP = re.compile(r"^(?:\s*,[^,.;:!?“”\"]{1,120},|\s(?:from|of|at)\s(?:the\s)?[A-Z][\w&’'-]*(?:\s[A-Z][\w&’'-]*)*)?"
                          r"\s*(?:(?:has|have|had|also|later|then|once|again|"
                          r"previously|earlier|recently|would|will|could|can|may|might|must|should|did|does|do|"
                          r"not|never|just|already|[a-z]+ly)\s+)*$")
_DESCRIPTION_BEFORE = re.compile(rf"(?:^|(?<=[\s,(]))(?<![Tt]hat\s){_DESCRIPTION}\s+(?:(?:has|have|had|also|later|"
                                 r"then|once|again|previously|earlier|recently|[a-z]+ly)\s+)*$")


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
            p.recipient, p.date, p.place, "; ".join(dict.fromkeys(p.evidence)) or None)


@dataclass
class _Mention:
    name: str
    possessive: bool


def _blank_quotes(text: str) -> str:
    return _QUOTE.sub(lambda m: " " * len(m.group()), text)


# Words that open a description of an unnamed speaker ("an Ajax spokesman", "three officials").
_INDEFINITE = frozenset("a an one some two three four five several many other another most".split())
_DETERMINERS = _INDEFINITE | {"the"}


class _Speakers:
    """Who can be a speaker (``speakers.txt``): words that never are, and nouns of unnamed sources."""

    def __init__(self, res: Resources) -> None:
        self.stop = res.stop_words
        sec = res.sections("speakers.txt")
        self.never = frozenset(w.lower() for w in sec.get("not_speakers", ()))
        nouns = sorted({w.lower() for w in sec.get("unnamed", ())}, key=lambda w: (-len(w), w))
        self.unnamed = frozenset(nouns)
        either = "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in nouns) or r"(?!x)x"
        plural = "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in nouns
                          if w.endswith("s") or w == "police") or r"(?!x)x"
        where = r"(?:\s+(?:in|from|of|at|for|with)\s+(?:the\s+)?[A-Z][\w]*(?:\s+[A-Z][\w]*)*)?"
        # "a diplomatic source in Lisbon", "the company's spokesman", "one diplomat"
        self.described = re.compile(
            rf"\b(?:[Aa]n?|[Tt]he|[Oo]ne|[Ss]ome|[Tt]wo|[Tt]hree|[Ss]everal|[Oo]ther|[Aa]nother)\s+"
            rf"(?:(?!(?:and|or|but|as|who|which|that|said|says|told)\b)[\w’'-]+\s+){{0,3}}?(?:{either})\b{where}")
        # "officials", "Western diplomats", "Police": only as the subject of a speech verb
        self.plural = re.compile(rf"(?<![\w’'-])(?:[A-Z][\w.-]*\s){{0,2}}(?:{plural})\b{where}")

    def clean(self, who: str | None) -> str | None:
        """``who`` as a speaker: cut at a sentence end ("Robinson. Mathew" -> "Robinson"), without
        leading words that are never speakers ("However Smith" -> "Smith"); None when nothing is left."""
        if not who:
            return None
        words = who.split()
        for i, w in enumerate(words):
            if w.endswith(".") and len(w.rstrip(".")) > 3:
                words = words[:i] + [w.rstrip(".")]
                break
        while words and self._never(words[0]) and not (words[0].lower() in _DETERMINERS and len(words) > 1):
            words = words[1:]
        if words and words[0].lower() in _DETERMINERS:   # "The company also" -> "The company"
            while len(words) > 1 and words[-1].lower() in self.stop:
                words.pop()
        if not words or (len(words) > 1 and " ".join(words).lower() in self.never):
            return None
        return " ".join(words)

    def _never(self, word: str) -> bool:
        """A word that is never a speaker (not an acronym: "US", "IT" stay)."""
        w = word.strip(".,’'")
        return w.lower() in self.never and not (w.isupper() and len(w) > 1)

    def is_unnamed(self, speaker: str) -> bool:
        """Whether ``speaker`` is a description, not a name: its head noun is in lower case ("The prime
        minister", "a Labour spokesman") or an unnamed noun alone or after a number or an indefinite
        article ("Officials", "An Ajax spokesman", "Three Foreign Office officials"); capitalised words
        after "The" are a name ("The Observer", "The Scottish Executive")."""
        head = re.split(r"\s+(?:in|from|of|at|for|with|close to|familiar with)\s+", speaker, maxsplit=1)[0]
        words = re.findall(r"[\w’'-]+", head)
        if not words:
            return False
        last = words[-1]
        if last[:1].islower():
            return True
        if last.lower() not in self.unnamed:
            return False
        return len(words) == 1 or words[0].lower() in _INDEFINITE

    def tidy(self, speaker: str) -> str:
        """A description starts with a capital ("a spokesman" -> "A spokesman"); names (and the
        'interviewer' of unlabelled questions) are kept as written."""
        if speaker == "interviewer" or not self.is_unnamed(speaker):
            return speaker
        return speaker[:1].upper() + speaker[1:]


def _speakers(res: Resources) -> _Speakers:
    return res.memo("sources.speakers", lambda: _Speakers(res))


def _person_mentions(text: str, res: Resources) -> list[tuple[int, int, str, bool]]:
    """(start, end, canonical, possessive) for listed persons and described sources in ``text``."""
    out = []
    for s, e, _surf, alias in matcher(res).finditer(text):
        if alias.type == "person":
            out.append((s, e, alias.canonical, text[e:e + 2] in ("’s", "'s")))
    starts = [s for s, *_ in out]  # the matcher's hits are in order and do not overlap
    for m in _speakers(res).described.finditer(text):
        k = bisect.bisect_left(starts, m.end()) - 1  # the last hit starting before m ends
        if k < 0 or out[k][1] <= m.start():
            out.append((m.start(), m.end(), m.group().strip(), False))
    out.sort()
    return out


def _speaker_near(narration: str, verb_start: int, verb_end: int, *, after: bool, res: Resources,
                  describe: bool = True):
    """The speaker named right after the verb ("says Jane Doe, a writer") or closest before it
    (the subject of the verb: nothing but an apposition, auxiliaries or adverbs between them).
    ``describe``: a description with no listed noun ("the mayor said") may be the speaker."""
    sp = _speakers(res)
    if after:
        # "said Fiat chief executive Sergio Marchionne": the person, with the organisation and title as role
        m = re.match(rf"\s+(?P<role>{_CAPNAME}\s(?:[a-z][\w-]*\s){{1,3}})(?P<who>{_CAPNAME})", narration[verb_end:])
        if m and sp.clean(m.group("who")) and not any(w in res.stop_words for w in m.group("role").split()[1:]):
            return sp.clean(m.group("who")), m.group("role").strip()
        # "said Mr Silva's deputy, Rui Costa": a possessive is never the speaker; the name in apposition
        # to what it owns is, else the description itself ("said the company's spokesman")
        m = re.match(rf"\s+(?P<owner>(?:the\s)?{_CAPNAME}[’']s?)\s(?P<what>(?:[a-z][\w-]*\s?){{1,3}})"
                     rf"(?:,\s(?P<who>{_CAPNAME}))?", narration[verb_end:])
        if m and re.search(r"[’']s?$", m.group("owner")):
            if m.group("who") and sp.clean(m.group("who")):
                return sp.clean(m.group("who")), f"{m.group('owner')} {m.group('what').strip()}"
            return f"{m.group('owner')} {m.group('what').strip()}", None
        # "says Jane Doe, a writer", "said managing director Rodrigo Rato"
        m = re.match(rf"\s+(?P<title>(?:[a-z][\w-]*\s){{1,3}}?)?(?P<who>{_PRONOUN}\b|{_CAPNAME})"
                     rf"(?P<role>,\s*(?:an?|the|another|who|leader|head|former|one)\b[^.;“”\"]{{2,140}})?",
                     narration[verb_end:])
        title = (m.group("title") or "").split() if m else []
        if m and any(w in res.stop_words for w in title):
            m = None
        if m and sp.clean(m.group("who")):
            role = (m.group("role") or "").strip(" ,") or " ".join(title) or None
            return sp.clean(m.group("who")), role
        m = sp.described.match(narration, verb_end + len(narration[verb_end:]) - len(narration[verb_end:].lstrip()))
        if m and narration[verb_end:m.start()].strip() == "":
            return m.group().strip(), None
        m = _DESCRIPTION_AFTER.match(narration, verb_end) if describe else None
        if m and m.group("noun") not in res.stop_words:
            return m.group("who"), None     # "..., said the mayor."
        return None, None
    head = narration[:verb_start]
    mentions = _person_mentions(head, res)
    m = None
    for m in sp.plural.finditer(head):  # noqa: B007 - the last one, right before the verb, is wanted
        pass
    if m is not None and _SUBJECT_GAP.match(head[m.end():]) and not any(s < m.end() and m.start() < e
                                                                          for s, e, *_ in mentions):
        mentions = sorted([*mentions, (m.start(), m.end(), m.group().strip(), False)])
    pron = list(re.finditer(rf"\b{_PRONOUN}\b", head))
    cand = list(re.finditer(_CAPNAME, head))
    best = None
    for s, e, name, _pos in mentions:
        if verb_start - e < MENTION_GAP:
            best = (e, name, head[:s])
    if best is not None and sp.described.fullmatch(best[1]):
        # a description in apposition to a name ("Vincent Koen, a senior economist with the OECD, told")
        m = re.search(rf"(?:^|(?<=[\s(]))({_CAPNAME})\s*,\s*$", best[2])
        if m and sp.clean(m.group(1)) and not sp.is_unnamed(m.group(1)):
            best = (best[0], m.group(1), best[2][:m.start(1)])
    for m in pron:
        if best is None or m.end() > best[0]:
            if verb_start - m.end() < PRONOUN_GAP:
                best = (m.end(), m.group(), "")
    if best is None:
        for m in cand:
            who = sp.clean(m.group())
            gap = head[m.end():]
            # the subject ("Mr Brown said", "John Ison, from the group X, said") or a name in
            # apposition to it ("the firm's chief executive, John Smith, said")
            if who and verb_start - m.end() < (NAME_GAP_APPOSITION if "," in gap else NAME_GAP) and (_SUBJECT_GAP.match(gap) or (
                    re.fullmatch(r"\s*,\s*", gap) and re.search(r",\s*$", head[:m.start()]))):
                start = m.start() + m.group().find(who)
                # a name cut at four words ("the Liberal Democrats' President Simon Hughes"): the
                # capitalised words right before it belong to it, up to a possessive
                more = re.search(r"((?:[A-Z][\w.-]*\s){1,2})$", head[:start])
                if more and len(who.split()) == 1 and not re.search(r"[’']s?\s$", more.group(1)):
                    who, start = more.group(1) + who, more.start(1)
                best = (m.end(), who, head[:start])
    if best is None and describe:
        # a description right before the verb: "the mayor said", "a company statement said"
        m = _DESCRIPTION_BEFORE.search(head)
        if m and sp.clean(m.group("noun")) is not None and m.group("noun") not in res.stop_words:
            return m.group("who"), None
    if best is None:
        return None, None
    _, who, before = best
    prefix = re.search(r"([A-Z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s*$", before.strip()) if before.strip() else None
    role = (prefix.group(1) if prefix and prefix.group(1) not in ("In", "But", "And", "The")
            and sp.clean(prefix.group(1).split()[0]) else None)
    apposition = re.match(rf"{re.escape(who)}\s*,\s*([^,]{{3,80}}),", head[head.find(who):]) if who in head else None
    if apposition:
        role = apposition.group(1).strip()
    return who, role


def quotes(corpus) -> "pd.DataFrame":
    """Return one row per quoted or reported passage, turn and letter line (columns in ``QUOTE_COLUMNS``)."""
    import pandas as pd

    res = corpus.resources
    _, verbs, _ = _voices(res)
    pats = res.memo("sources.patterns", lambda: _QuotePatterns(verbs, _speakers(res)))
    prov = corpus.provenance_records
    rows = []
    lines = corpus.lines
    docs = corpus.documents.set_index("doc_id")
    for doc_id, group in lines.groupby("doc_id", sort=True):
        kind = docs.loc[doc_id, "kind"]
        rows.extend(_piece_quotes(doc_id, group, kind, prov[doc_id], pats, res))
    df = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c not in ("voice", "unnamed")])
    _normalise_speakers(df, res)
    _assign_voices(df, res)
    return df[list(QUOTE_COLUMNS)].reset_index(drop=True)


def _normalise_speakers(df, res: Resources) -> None:
    """One spelling per speaker whatever its case (the most frequent, then the first seen), descriptions
    capitalised, and the ``unnamed`` column."""
    import pandas as pd

    sp = _speakers(res)
    tidy = [sp.tidy(x) if isinstance(x, str) and x else None for x in df["speaker"]]
    counts: dict[str, dict[str, int]] = {}
    for x in tidy:
        if x is not None:
            forms = counts.setdefault(x.casefold(), {})
            forms[x] = forms.get(x, 0) + 1   # dicts keep first-seen order, so ties go to the first seen
    best = {k: max(forms, key=lambda f: forms[f]) for k, forms in counts.items()}
    speakers = [best[x.casefold()] if x is not None else None for x in tidy]
    df["speaker"] = pd.Series(speakers, index=df.index, dtype=object)
    df["unnamed"] = pd.array([None if x is None else sp.is_unnamed(x) for x in speakers], dtype="boolean")


class _QuotePatterns:
    """The speech-verb patterns of a ``Resources`` (its voices.tsv [verbs] and speakers.txt), compiled once."""

    def __init__(self, verbs: str, sp: _Speakers) -> None:
        self.verb = re.compile(rf"\b(?:{verbs})\b")
        # "...,” says X": the verb right after the quotation
        self.verb_first = re.compile(rf"\s*[,.]?\s*(?P<verb>\b(?:{verbs})\b)")
        plain = _DESCRIPTION.replace("?P<who>", "").replace("?P<noun>", "")
        # "...,” X says" / "...,” a spokesman said" / "...,” Fiat chief executive Sergio Marchionne said" /
        # "...,” Mr Prettejohn, Lloyd's chief executive, said": the speaker, then the verb
        self.subject_first = re.compile(
            rf"\s*[,.]?\s*(?P<title>{_CAPNAME}\s(?:[a-z][\w-]*\s){{1,3}}(?={_CAPNAME}))?"
            rf"(?P<who>{_PRONOUN}|{_CAPNAME}|{sp.described.pattern}|{plain})"
            rf"(?P<role>\s*,[^,.;“”\"]*[a-z][^,.;“”\"]{{0,120}}?,?)?\s+(?:\w+ly\s+)?\b(?:{verbs})\b")
        # "X said that ...", "X said, ...": reported speech
        self.reporting = re.compile(rf"\b(?:{verbs})\b\s*(?:that\b|,)")


def _piece_quotes(doc_id, group, kind, prov: Provenance, pats: _QuotePatterns, res: Resources):
    canonical_name = matcher(res).canonical
    sp = _speakers(res)
    date_label = re.compile(rf"^{alternation(res.sections('provenance.txt').get('date_labels', ()))}$", re.I)
    rows = []
    last: _Mention | None = None
    recs = list(group.itertuples(index=False))
    letter_authors = "; ".join(a for a in prov.authors if "(" not in a) or None
    for k, r in enumerate(recs):
        role, text = str(r.role), r.text
        base = (doc_id, r.file, r.line_no)
        if role in ("question", "answer", "statement"):
            speaker = r.speaker
            if role == "statement" and isinstance(speaker, str) and date_label.match(speaker.strip()):
                continue  # "Posted on: March 3, 2021" is the piece's date line, not what someone said
            if speaker and speaker != "interviewer":
                speaker = sp.clean(speaker)
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

        def line_referents(narration=narration, found=found) -> list[tuple[int, int, str]]:
            if not found:  # once per line, however many pronouns point back
                found.append(_referents(narration, res))
            return found[0]

        quoted = [(m.start(), m.end(), (m.group(1) or m.group(2)).strip()) for m in _QUOTE.finditer(text)]
        quoted = [q for q in quoted if len(q[2].split()) >= MIN_QUOTE_WORDS]
        standalone = bool(quoted) and not narration.strip(" .,;:–-")
        starts = [q[0] for q in quoted]
        label = re.match(rf"^\s*(?P<who>{_CAPNAME})\s*:\s*[“\"]", text) if role == "caption" else None
        previous_who, previous_end = None, 0
        for qs, qe, qtext in quoted:
            who = srole = None
            how = "same line"
            if label is not None:
                who, how = label.group("who"), "caption label"
            # "...,” says X" / "...,” X says" after the quote, within the sentence
            next_quote = next((q[0] for q in quoted if q[0] >= qe), len(narration))
            tail = narration[qe:min(qe + TAIL_CHARS, next_quote)]   # never into the next quotation's attribution
            ended = qtext.endswith((".", "!", "?")) or tail.lstrip().startswith(".")
            m = pats.verb_first.match(tail) if who is None else None
            if m:
                who, srole = _speaker_near(tail, m.start("verb"), m.end("verb"), after=True, res=res)
            if who is None:
                m = pats.subject_first.match(tail)
                # after a quotation that ends a sentence, "X said" must end its own sentence too
                # ("“...” The company also said 12 executives ..." starts a new statement, and
                # "“...”. A spokesman said: “...”" introduces the next quotation)
                rest = tail[m.end():] if m else ""
                if m and (not ended or re.match(r"\s*[.;]", rest) or (not rest.strip() and next_quote == len(narration))):
                    who = sp.clean(m.group("who"))
                    srole = (m.group("role") or m.group("title") or "").strip(" ,") or None
            if who is None:
                sent_start = _sentence_start(narration, qs)
                head = narration[sent_start:qs]
                # the last speech verb before the quotation, or an earlier one whose subject the later
                # ones share ("X conceded there were ... but said “...”")
                for vm in reversed(list(pats.verb.finditer(head))):
                    who, srole = _speaker_near(head, vm.start(), vm.end(), after=False, res=res)
                    if who is not None:
                        break
                if who is None and not head.strip() and 0 < sent_start and not any(sent_start <= x < qs for x in starts):
                    # a quotation opening a sentence right after one with a speech verb and no quotation
                    # of its own ("He urged supporters to vote tactically. “I just don't think ...”")
                    prev_start = max(narration.rfind(". ", 0, sent_start - 1), narration.rfind("? ", 0, sent_start - 1)) + 1
                    prev = narration[prev_start:sent_start]
                    if prev_start >= previous_end and not any(prev_start <= x < sent_start for x in starts):
                        for vm in reversed(list(pats.verb.finditer(prev))):
                            who, srole = _speaker_near(prev, vm.start(), vm.end(), after=False, res=res)
                            if who is not None:
                                break
            between = narration[previous_end:qs]
            if who is None and previous_who is not None and (not between.strip(" .,;:–-") or pats.verb.search(between)):
                who = previous_who  # a second quote after "“...,” he says." continues the same speaker
            if who is not None and re.fullmatch(_PRONOUN, who):
                who, how = _antecedent(line_referents(), narration, qs, last), "previous mention"
            elif who is None and standalone:
                if last is not None:
                    who, how = last.name, "previous mention"
                else:
                    nxt = next((_person_mentions(_blank_quotes(x.text), res) for x in recs[k + 1:k + 2]), [])
                    if nxt:
                        who, how = nxt[0][2], "following mention"
            who = sp.clean(who)
            if who is not None:
                who = canonical_name(who.rstrip("."))
            rows.append((*base, who, srole, "direct", how, qtext, len(qtext.split())))
            if who:
                last = _Mention(who, False)
                previous_who = who
            previous_end = qe
        for m in re.finditer(rf"\b[Aa]ccording to (?:(?P<desc>{sp.described.pattern})|"
                             rf"(?P<who>(?:Ms|Mr|Dr)\.?\s+{_CAPNAME}|{_CAPNAME}))", narration):
            who = m.group("desc") or sp.clean(re.sub(r"(?:^(?:Ms|Mr|Dr)\.?\s+)|(?:[’']s$)", "", m.group("who")))
            if who is None or re.fullmatch(_PRONOUN + r"|him|her|them", who):
                continue
            who = canonical_name(who.strip())
            sent = _sentence_at(text, m.start(), res)
            rows.append((*base, who, None, "indirect", "according to", sent, len(sent.split())))
        if not quoted:
            for vm in pats.reporting.finditer(narration):
                sent_start = _sentence_start(narration, vm.start())
                who, srole = _speaker_near(narration[sent_start:vm.end()], vm.start() - sent_start,
                                           vm.end() - sent_start, after=False, res=res, describe=False)
                if who is None:
                    continue
                how = "same line"
                if re.fullmatch(_PRONOUN, who):
                    who, how = _antecedent(line_referents(), narration, vm.start(), last), "previous mention"
                who = sp.clean(who)
                if who is None or not _is_personish(who, res):
                    continue
                sent = _sentence_at(text, vm.start(), res)
                rows.append((*base, canonical_name(who), srole, "indirect", how, sent, len(sent.split())))
        ments = line_referents()
        if ments:
            last = _Mention(ments[-1][2], False)
    return rows


_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Lord|Lady|Sir|Dame)\.?\s[A-Z][\w-]+(?:[’'][A-Z][\w-]+)?"
                             r"(?:\s[A-Z][\w-]+(?:[’'][A-Z][\w-]+)?)?(?![\w’'-])(?![’']s\b)")


# A person's full name: two or three capitalised words, not a possessive ("Mark Serwotka", "Judge David Sentelle").
_FULL_NAME = re.compile(r"(?<![\w’'-])[A-Z][a-z][\w-]*(?:\s[A-Z][a-z][\w-]*){1,4}(?![\w’'-])(?![’']s\b)")
# A preposition or article right before a capitalised run: what follows is not who speaks
# ("the Liberal Democrats", "of Lopes Filho", "to Animal Farm"). Read on the last few characters only.
_NOT_A_SUBJECT_BEFORE = re.compile(r"(?:^|\W)(?:the|of|at|in|for|from|to|with|on|by|about|into|against|like|than|as)\s$",
                                   re.I)


def _referents(text: str, res: Resources) -> list[tuple[int, int, str]]:
    """(start, end, name) of who "he" or "she" can refer to in ``text``, in order: listed persons and
    described sources (not in a possessive, not plural: "three officials" is no "he"), names with
    an honorific ("Mr Ebbers") and other full names ("Mark Serwotka"). Linear in the text's length
    (taken characters are a byte map, the context before a name is read on its last 12 characters)."""
    sp = _speakers(res)
    found = [(s, e, name) for s, e, name, possessive in _person_mentions(text, res)
             if not possessive and not (sp.is_unnamed(name) and (name.split()[-1].endswith("s")
                                                                 or name.split()[-1].lower() == "police"))]
    taken = bytearray(len(text) + 1)
    for s, e, _name in found:
        taken[s:e] = b"\x01" * (e - s)
    # listed names that are not people ("Socialist Party", "New York") are nobody's "he"
    for s, e, _surf, alias in matcher(res).finditer(text):
        if alias.type != "person":
            taken[s:e] = b"\x01" * (e - s)
    months = calendar(res).names()
    for pattern in (_HONORIFIC_NAME, _FULL_NAME):
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]) or not sp.clean(m.group()) == m.group():
                continue
            first = m.group().split()[0]
            if pattern is _FULL_NAME and (sp._never(first) or first.lower() in _DETERMINERS or first.lower() in months
                                          or _HONORIFIC_NAME.match(m.group())
                                          or _NOT_A_SUBJECT_BEFORE.search(text, max(0, m.start() - 12), m.start())):
                continue   # "the Liberal Democrats", "of Lopes Filho", "to Animal Farm": not who speaks
            name = m.group()
            if len(name.split()) > 3:   # "Treasury Under-Secretary John Taylor": the name is the end
                name = " ".join(name.split()[-2:])
            found.append((m.end() - len(name), m.end(), name))
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(found)


def _antecedent(referents: list[tuple[int, int, str]], narration: str, pos: int, last: _Mention | None) -> str | None:
    """What "he/she/they" before ``pos`` refers to: the last person named earlier in the line
    (``referents`` of the whole line, from :func:`_referents`) before the pronoun, else the last mention.
    When a pronoun is in the sentence that ends at ``pos`` ("She said in a statement: “...”"), who it
    stands for is named before that pronoun, not after."""
    start = max(0, pos - LOOKBACK_CHARS)
    sentence = max(narration.rfind(". ", start, pos), narration.rfind("? ", start, pos), narration.rfind("! ", start, pos))
    cut = pos
    for m in re.finditer(rf"\b{_PRONOUN}\b", narration[max(sentence, start):pos]):
        cut = max(sentence, start) + m.start()
    k = bisect.bisect_left(referents, (cut,))
    for i in range(k - 1, max(-1, k - 1 - 64), -1):   # names end where they start plus a few words
        if referents[i][1] <= cut:
            return referents[i][2]
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


