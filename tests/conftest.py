"""Shared fixtures: the seed corpus (loaded once) and its hand annotation."""
import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are derandomized so that CI is reproducible; `HYPOTHESIS_PROFILE=explore pytest`
# searches with fresh random examples (and more of them) when hunting for bugs.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", max_examples=400, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "bench" / "bbc"
GOLDEN = SHARED / "bench" / "golden_rules_en.json"

os.environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def seed_corpus():
    import cuttings

    return cuttings.load(SEED)


@pytest.fixture(scope="session")
def annotation():
    return json.loads((Path(__file__).parent / "fixtures" / "seed_annotation.json").read_text(encoding="utf-8"))
