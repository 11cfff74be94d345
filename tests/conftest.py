"""Shared fixtures: the seed corpus (loaded once, with its profile), its hand annotation, and the
benchmark data of ``../shared/bench`` (``CUTTINGS_BENCH``), which tests skip without."""
import json
import os
import sys
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
SEED_PROFILE = ROOT / "profiles" / "000_c32ce563f5658dff"
SEED_ARGS = ["--profile", str(SEED_PROFILE), str(SEED)]   # the seed and its profile, for the command line
# The benchmark data (real articles nobody here wrote): CUTTINGS_BENCH, default ../shared/bench.
BENCH = Path(os.environ.get("CUTTINGS_BENCH") or ROOT.parent / "shared" / "bench")
BBC = BENCH / "bbc"
GOLDEN = BENCH / "golden_rules_en.json"
# The benchmarks' dump builders (benchmarks/dumps.py) are shared with the tests.
sys.path.insert(0, str(ROOT / "benchmarks"))
BENCH_REASON = (f"benchmark data not found at {BENCH} (set CUTTINGS_BENCH to the folder holding bbc/, real/, "
                "tempeval/ and golden_rules_en.json; CI provides it)")

os.environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def seed_resources():
    """The general data plus the seed's profile (its names, programmes, voices, framing lexicon)."""
    from cuttings.resources import Resources

    return Resources(SEED_PROFILE)


@pytest.fixture(scope="session")
def seed_corpus():
    import cuttings

    return cuttings.load(SEED, profile=SEED_PROFILE)


@pytest.fixture(scope="session")
def bench():
    """The folder of benchmark data; the test is skipped, with the reason, when it is absent
    (and fails instead when CUTTINGS_REQUIRE_BENCH is set, as CI does: there every test must run)."""
    if not (BBC.is_dir() and GOLDEN.is_file()):
        if os.environ.get("CUTTINGS_REQUIRE_BENCH"):
            pytest.fail(BENCH_REASON + "; CUTTINGS_REQUIRE_BENCH is set, so this is an error")
        pytest.skip(BENCH_REASON)
    return BENCH


@pytest.fixture(scope="session")
def annotation():
    return json.loads((Path(__file__).parent / "fixtures" / "seed_annotation.json").read_text(encoding="utf-8"))
