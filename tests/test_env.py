"""The project set-up: pins agree (lock, environment.yml, requirements.in), entry points, CI and README."""
import os
import re
import subprocess
import tomllib
from importlib import metadata

import pytest

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


def norm(name: str) -> str:
    """PEP 503 name: lower case, runs of '-', '_', '.' become '-'."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def content_lines(path):
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@pytest.fixture(scope="module")
def lock():
    pins = {}
    for line in content_lines(ROOT / "requirements.lock"):
        m = PIN.match(line)
        assert m, f"requirements.lock: not an exact pin: {line!r}"
        name = norm(m.group(1))
        assert name not in pins, f"requirements.lock pins {name} twice"
        pins[name] = m.group(2)
    return pins


@pytest.fixture(scope="module")
def env_yml():
    """(conda pins, pip pins, every package named) from environment.yml."""
    import yaml

    doc = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert doc["name"] == "cuttings"
    assert doc["channels"] == ["conda-forge"]
    conda, pip, named = {}, {}, set()
    for dep in doc["dependencies"]:
        if isinstance(dep, dict):
            assert list(dep) == ["pip"]
            for entry in dep["pip"]:
                if entry.startswith("-e"):
                    assert entry == "-e ."
                    continue
                m = PIN.match(entry)
                assert m, f"environment.yml pip entry is not an exact pin: {entry!r}"
                pip[norm(m.group(1))] = m.group(2)
                named.add(norm(m.group(1)))
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:=([^=\s]+))?", dep)
        assert m, f"environment.yml conda entry not understood: {dep!r}"
        named.add(norm(m.group(1)))
        if m.group(2):
            conda[norm(m.group(1))] = m.group(2)
    return conda, pip, named


def test_lock_has_only_exact_pins(lock):
    assert len(lock) > 50
    for name in ("pandas", "numpy", "scikit-learn", "matplotlib", "sentencex", "hypothesis", "pytest"):
        assert name in lock


def test_every_pin_in_environment_yml_matches_the_lock(lock, env_yml):
    conda, pip, _ = env_yml
    assert conda.pop("python") == "3.11"
    assert conda and pip
    mismatched = {name: (version, lock.get(name)) for name, version in {**conda, **pip}.items()
                  if lock.get(name) != version}
    assert mismatched == {}


def test_no_package_is_pinned_twice_in_environment_yml(env_yml):
    conda, pip, _ = env_yml
    assert set(conda) & set(pip) == set()


def test_every_direct_requirement_is_in_environment_yml_and_the_lock(lock, env_yml):
    _, _, named = env_yml
    direct = [norm(x) for x in content_lines(ROOT / "requirements.in")]
    assert len(direct) >= 20 and len(set(direct)) == len(direct)
    assert [d for d in direct if d not in named] == []
    assert [d for d in direct if d not in lock] == []


def test_installed_versions_are_the_locked_ones(lock):
    # the project environment is built from the lock: every direct requirement has its pinned version
    direct = [norm(x) for x in content_lines(ROOT / "requirements.in")]
    got = {d: metadata.version(d) for d in direct}
    assert {d: v for d, v in got.items() if v != lock[d]} == {}


def test_pyproject_declares_the_console_script_and_the_package_folder():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["name"] == "cuttings"
    assert meta["project"]["scripts"] == {"cuttings": "cuttings.cli:main"}
    assert meta["tool"]["setuptools"]["packages"]["find"]["where"] == ["lib"]
    assert "data/*" in meta["tool"]["setuptools"]["package-data"]["cuttings"]
    # the version is written once, in cuttings/_version.py, and read from there by the build
    assert "version" not in meta["project"] and meta["project"]["dynamic"] == ["version"]
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "cuttings._version.__version__"}
    import cuttings

    assert metadata.version("cuttings") == cuttings.__version__


def test_the_installed_entry_point_is_the_cli():
    eps = [ep for ep in metadata.entry_points(group="console_scripts") if ep.name == "cuttings"]
    assert [ep.value for ep in eps] == ["cuttings.cli:main"]


@pytest.mark.parametrize("path", ["lib/cuttings/__init__.py", "lib/cuttings/data/stopwords_en.txt",
                                  "lib/cuttings/segment/__init__.py", "seeds/000_c32ce563f5658dff.txt",
                                  "tests/test_env.py", "benchmarks/bench_segment.py", ".ci/run"])
def test_gitignore_does_not_swallow_project_files(path):
    # `git check-ignore -q` exits 1 when the path is NOT ignored
    assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 1


@pytest.mark.parametrize("path", [".venv/bin/python", "lib/cuttings/__pycache__/io.cpython-311.pyc",
                                  ".cache/x", ".hypothesis/examples", "build/report/index.html"])
def test_gitignore_ignores_environments_and_caches(path):
    assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0


def test_ci_runs_the_readme_test_command():
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    commands = content_lines(ci)
    assert "make test" in commands
    assert any(c.startswith("set -") and "e" in c.split()[1] for c in commands)  # fails when a step fails


def test_readme_shows_the_two_set_up_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make figures" in readme and "make test" in readme


def test_makefile_has_the_conventional_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, flags=re.M))
    assert {"env", "test", "figures", "bench", "report", "lab", "help"} <= targets
    assert re.search(r"^test: env\b", makefile, flags=re.M) and re.search(r"^figures: env\b", makefile, flags=re.M)
    assert "requirements.lock" in makefile


def test_stop_words_are_scikit_learns_exactly():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = content_lines(ROOT / "lib" / "cuttings" / "data" / "stopwords_en.txt")
    assert len(words) == len(set(words)) == 318
    assert set(words) == set(ENGLISH_STOP_WORDS)
    assert list(words) == sorted(words)
