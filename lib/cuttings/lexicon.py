"""Read the editable word lists and tables under ``cuttings/data`` (cached, replaceable)."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


def data_path(name: str) -> Path:
    """Return the path of data file ``name``: ``$CUTTINGS_DATA/name`` when that exists, else the bundled one."""
    override = os.environ.get("CUTTINGS_DATA")
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    return DATA_DIR / name


@lru_cache(maxsize=None)
def read_list(name: str) -> tuple[str, ...]:
    """Return the non-empty, non-comment lines of a data file, stripped, in file order."""
    out = []
    for raw in data_path(name).read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            out.append(raw.strip())
    return tuple(out)


@lru_cache(maxsize=None)
def read_sections(name: str) -> dict[str, tuple[str, ...]]:
    """Return a data file split by ``[section]`` headers: section name -> its entries."""
    sections: dict[str, list[str]] = {}
    current = ""
    for entry in read_list(name):
        m = re.fullmatch(r"\[(\w+)\]", entry)
        if m:
            current = m.group(1)
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(entry)
    return {k: tuple(v) for k, v in sections.items()}


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return a ``canonical<TAB>variant|variant`` file as (canonical, variants) pairs."""
    rows = []
    for raw in data_path(name).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        canonical, _, rest = raw.partition("\t")
        variants = tuple(v.strip() for v in rest.split("|") if v.strip())
        rows.append((canonical.strip(), variants))
    return tuple(rows)


def alternation(phrases, *, word_boundary: bool = True) -> str:
    """Return a regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    parts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=lambda s: (-len(s), s))
    body = "|".join(parts) if parts else r"(?!x)x"
    return rf"(?:{body})" if not word_boundary else rf"(?:(?<!\w)(?:{body})(?!\w))"


@lru_cache(maxsize=None)
def stop_words() -> frozenset[str]:
    """Return scikit-learn's English stop words plus the project's additions (lower case, ' apostrophes)."""
    return frozenset(w.lower() for w in read_list("stopwords_en.txt") + read_list("project_stopwords.txt"))
