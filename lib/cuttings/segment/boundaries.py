"""Piece boundaries: a scan over the line categories, with a cohesion test for unmarked title lines."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from ..resources import Resources
from .features import Stems, line_stems
from .lines import (
    ATTRIB_WEAK,
    BLANK,
    BODYISH,
    CLOSERS,
    CREDIT,
    DATE,
    HEADER,
    HEADER_AFTER_CLOSE,
    HEADING,
    LINK,
    LIST,
    PROSE,
    QUESTION,
    SALUTATION,
    SHORT,
    SIGNOFF,
    TITLE,
    LineInfo,
    Voice,
    line_voice,
    name_like,
)
from .model import Piece

# Tunables of the boundary test for a title-like line with no closing line before it.
WINDOW = 3            # content lines compared on each side
COHESION_BASE = 0.12  # cosine similarity of the two sides at which cohesion is neutral
VOICE_SHIFT = 0.04    # change in first-person-singular rate that counts as a change of voice
VOICE_BONUS = 0.3
# Tunables of the scan, in words unless said. Larger values let longer lines count as the lead paragraph,
# a header line or a signature, and so open or close more pieces.
LEAD_SEARCH_AFTER_CLOSE = 5   # lines looked at after a title for its lead paragraph, after a closing line ...
LEAD_SEARCH = 3               # ... and elsewhere
LEAD_MIN_WORDS = 8            # a one-sentence lead paragraph has at least this many words
LEAD_QUESTION_WORDS = 15      # a question long enough to lead a piece
HEADER_MAX_WORDS = 8          # a line between a title and its lead (byline, date, credit)
OPENER_SENTENCE_WORDS = 6     # after a closing line, a sentence this long opens the next piece
SIGNATURE_NAME_WORDS = 6      # a name line after a sign-off ("Jane Doe,", "Jane Doe – Brussels")
SOFT_CLOSE_PROSE_WORDS = 25   # after a soft close (a signature), prose shorter than this opens nothing
SIGNATURE_MAX_WORDS = 8       # a line of a signature block


class _Cohesion:
    """Cosine similarities between bags of content words of nearby lines (the file's ``Stems``)."""

    def __init__(self, texts: list[str], stems: Stems, voice: Voice) -> None:
        self.texts = texts
        self.stems = stems
        self.voice = voice

    def bag(self, i: int) -> dict[int, int]:
        return self.stems.bag(i)

    def sum(self, idx: list[int]) -> Counter:
        import numpy as np

        st = self.stems
        spans = [(int(st.bounds[i]), int(st.bounds[i + 1])) for i in idx]
        stem = np.concatenate([st.stem[a:b] for a, b in spans]) if spans else st.stem[:0]
        count = np.concatenate([st.count[a:b] for a, b in spans]) if spans else st.count[:0]
        return Counter(np.repeat(stem, count).tolist())   # (counted in C: integers, so the same sums)

    @staticmethod
    def cos(a: Mapping[int, int], b: Mapping[int, int]) -> float:
        if not a or not b:
            return 0.0
        if len(a) > len(b):
            a, b = b, a
        num = sum(v * b[k] for k, v in a.items() if k in b)
        if not num:
            return 0.0
        return num / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))

    def first_person_rate(self, idx: list[int]) -> float:
        fp, words = self.voice.narrated_first_person, self.voice.narrated_words
        n = sum(fp[i] for i in idx)
        w = sum(words[i] for i in idx)
        return n / w if w else 0.0


def boundary_score(coh: _Cohesion, before: list[int], title: int, after: list[int]) -> float:
    """Evidence that ``title`` opens a new piece (> 0) rather than sitting inside one (<= 0)."""
    b, a, t = coh.sum(before), coh.sum(after), coh.bag(title)
    score = coh.cos(t, a) - coh.cos(t, b) + (COHESION_BASE - coh.cos(b, a))
    if abs(coh.first_person_rate(before) - coh.first_person_rate(after)) >= VOICE_SHIFT:
        score += VOICE_BONUS
    return score


# ----------------------------------------------------------------------------------------------
# The scan
# ----------------------------------------------------------------------------------------------

def find_pieces(texts: list[str], infos: list[LineInfo], resources: Resources, *,
                stems: Stems | None = None, voice: Voice | None = None) -> tuple[list[Piece], list[str | None]]:
    """Return the pieces of a file's lines and the roles already settled by the scan (closing lines).

    ``infos``: the lines' categories (``lines.categorize``); the file must have a non-blank line.
    ``stems``: ``features.line_stems`` of ``texts`` with the stop words below, when the caller has it;
    ``voice``: ``lines.line_voice(texts, infos)``, likewise.
    """
    n = len(texts)
    content = [i for i in range(n) if infos[i].cat != BLANK]
    nxt = {content[k]: (content[k + 1] if k + 1 < len(content) else None) for k in range(len(content))}
    # scikit-learn's list only: segmentation must not change when term analyses add stop words
    if stems is None:
        stems = line_stems(texts, resources.memo("segment.stop", lambda: frozenset(
            w.lower() for w in resources.list("stopwords_en.txt"))))
    coh = _Cohesion(texts, stems, voice if voice is not None else line_voice(texts, infos))
    roles: list[str | None] = [None] * n

    def lead_after(i: int, after_close: bool = False) -> int | None:
        """Index of the lead paragraph following title candidate ``i``, past bylines and dates
        (and, after a closing line, past short header lines such as a venue or a kick-off time)."""
        j = nxt[i]
        skippable = HEADER_AFTER_CLOSE if after_close else HEADER
        for _ in range(LEAD_SEARCH_AFTER_CLOSE if after_close else LEAD_SEARCH):
            if j is None:
                return None
            info = infos[j]
            if ((info.cat in (PROSE, SALUTATION) or _is_sentence(info, LEAD_MIN_WORDS)
                    or (info.cat == QUESTION and info.words >= LEAD_QUESTION_WORDS)) and _opens_like_a_paragraph(texts[j])):
                return j
            if info.cat not in skippable or info.words > HEADER_MAX_WORDS:
                return None
            j = nxt[j]
        return None

    def opener(i: int, after_close: bool = True) -> str | None:
        info = infos[i]
        if ((info.cat in (TITLE, HEADING) or (after_close and info.titleish))
                and lead_after(i, after_close) is not None):
            return "title"
        if info.cat == SALUTATION:
            return "salutation"
        if info.cat == PROSE or (after_close and _is_sentence(info, OPENER_SENTENCE_WORDS)):
            return "prose"
        return None

    def weak_attribution_confirmed(i: int) -> bool:
        j = nxt[i]
        return j is None or infos[j].cat in CLOSERS | {ATTRIB_WEAK} or opener(j) is not None

    def may_open_mid_piece(i: int) -> bool:
        """A title-like line (or a question headline outside Q&A) right after body text."""
        if not (recent and recent[-1] == before):
            return False
        if infos[i].cat == TITLE:
            return True
        if infos[i].cat != QUESTION or not infos[i].titleish or asked:
            return False
        lead = lead_after(i)
        after_lead = nxt[lead] if lead is not None else None
        return after_lead is None or infos[after_lead].cat != QUESTION

    pieces: list[Piece] = []
    first = content[0]
    cur = Piece(0, n, title=first if opener(first) == "title" else None)
    pieces.append(cur)
    has_body = False
    close = ""          # "", "hard" or "soft"
    in_signature = False
    had_signoff = False
    pending: int | None = None   # a piece must start at this line (after a colon-introduced caption)
    recent: list[int] = []       # body-like lines of the current piece, most recent last
    asked = False                # the current piece has had a question line
    prev = -1                    # the previous content line

    def start_piece(i: int, title: int | None) -> None:
        nonlocal cur, has_body, close, in_signature, had_signoff, recent, asked
        cur.end = i
        cur = Piece(i, n, title=title)
        pieces.append(cur)
        has_body = False
        close = ""
        in_signature = had_signoff = asked = False
        recent = []

    for i in content:
        info = infos[i]
        cat = info.cat
        before, prev = prev, i
        if i == first:
            pass
        elif pending == i:
            pending = None
            start_piece(i, None)
        elif cat in CLOSERS or (cat == ATTRIB_WEAK and weak_attribution_confirmed(i)):
            roles[i] = {LINK: "link", CREDIT: "credit"}.get(cat, "attribution")
            if has_body:
                close = "hard"
            continue
        elif cat == SIGNOFF:
            roles[i] = "signoff"
            had_signoff = in_signature = True
            if has_body:
                close = "soft"
            continue
        elif in_signature and _signature_line(texts[i], info):
            roles[i] = "date" if cat == DATE else "signature"
            continue
        elif (had_signoff and info.name_like and info.words <= SIGNATURE_NAME_WORDS
              and (texts[i].rstrip().endswith(",") or " – " in texts[i])):
            roles[i] = "signature"
            close = "soft"
            continue
        else:
            in_signature = False
            op = opener(i, after_close=bool(close))
            if close and has_body and op and not (close == "soft" and op == "prose" and info.words < SOFT_CLOSE_PROSE_WORDS):
                start_piece(i, i if op == "title" else None)
            elif not close and has_body and op == "title" and may_open_mid_piece(i):
                after: list[int] = []
                j = lead_after(i)
                while j is not None and len(after) < WINDOW:
                    if infos[j].cat in BODYISH:
                        after.append(j)
                    j = nxt[j]
                if after and boundary_score(coh, recent[-WINDOW:], i, after) > 0:
                    if texts[recent[-1]].rstrip().endswith(":"):
                        roles[i] = "caption"      # what the colon introduced; the next line opens
                        pending = nxt[i]
                    else:
                        start_piece(i, i)
            close = ""
        if roles[i] is None and infos[i].cat in BODYISH:
            recent.append(i)
            has_body = True
            asked = asked or infos[i].cat == QUESTION
    cur.end = n
    return pieces, roles


def _opens_like_a_paragraph(text: str) -> bool:
    """A lead paragraph starts with a capital, a digit or an opening quote, not mid-sentence."""
    first = text.lstrip()[:1]
    return bool(first) and not first.islower()


def _is_sentence(info: LineInfo, min_words: int) -> bool:
    return info.cat == SHORT and info.final and info.words >= min_words


def _signature_line(text: str, info: LineInfo) -> bool:
    """A line of the block after a sign-off: name, organisation, place, date or numbered signatory."""
    if info.cat == DATE:
        return True
    t = text.strip()
    if info.words > SIGNATURE_MAX_WORDS or t.endswith((":", ".")):
        return False
    if info.cat == LIST:
        return True
    return name_like(t, max_words=SIGNATURE_MAX_WORDS)

