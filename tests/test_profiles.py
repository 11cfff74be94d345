"""Profiles and Resources: validation with a clear error (file and line), how a profile adds to and
overrides the general data, profiles found beside a corpus, two corpora with two profiles in one
process, and general data that holds nothing of the seed."""
import re
from pathlib import Path

import pytest

import cuttings
from conftest import ROOT, SEED, SEED_PROFILE
from cuttings.analysis import names, sources
from cuttings.errors import CuttingsError
from cuttings.resources import DATA_DIR, FILES, PROFILE_KEYS, Profile, Resources, find_profile
from cuttings.text.names import canonical
from cuttings.text.tokens import tokenize


def make_profile(folder: Path, toml: str = "", **files: str) -> Path:
    """A profile folder with ``profile.toml`` and the given data files (keyword: file name with _ for .)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    for name, text in files.items():
        (folder / name.replace("_tsv", ".tsv").replace("_txt", ".txt")).write_text(text, encoding="utf-8")
    return folder


def error_of(folder: Path) -> str:
    with pytest.raises(CuttingsError) as exc:
        Resources(folder)
    message = str(exc.value)
    assert "\n" not in message
    return message


# -- validation: one clear line naming the file and the line --------------------------------------

@pytest.mark.parametrize("name, text, line, says", [
    ("aliases_tsv", "# comment\nJane Doe\tperson\tJ. Doe\nJohn Roe\tpersno\tRoe\n", 3, "type 'persno' is not one of"),
    ("aliases_tsv", "Jane Doe\tperson\tDoe\nJohn Doe\tperson\tDoe\n", 2, "variant 'Doe' is already a variant of 'Jane Doe' (line 1)"),
    ("aliases_tsv", "Jane Doe\tperson\tDoe\tfourth\n", 1, "expected 1 to 3 tab-separated columns, found 4"),
    ("outlets_tsv", "Valley Gazette\tGazette\nvalley gazette\tVG\n", 2, "'valley gazette' is already listed on line 1"),
    ("programmes_tsv", "Harbour Hour\n", 1, "expected 2 to 3 tab-separated columns, found 1"),
    ("programmes_tsv", "Harbour Hour\tValley TV\tloose\n", 1, "match 'loose' is not one of exact, quoted"),
    ("framing_txt", "harbour\t|\n", 1, "a label needs word forms"),
    ("voices_tsv", "[keywords]\nofficial\tofficial\n[keywords]\n", 3, "section [keywords] appears twice"),
    ("voices_tsv", "[keyword]\nofficial\tofficial\n", 1, "unknown section [keyword] (did you mean 'keywords'?)"),
    ("voices_tsv", "official\tofficial\n", 1, "entry before any [section] header"),
    ("voices_tsv", "[keywords]\nharbour master\t\n", 2, "a voice type needs words"),
    ("voices_tsv", "[people\nJane Doe\tofficial\n", 1, "a section header is one word in brackets"),
    ("temporal_txt", "[months]\n13 Smarch Sma\n", 2, "with a number from 1 to 12, found '13 Smarch Sma'"),
    ("salutations_txt", "Dear\nGood\tday\n", 2, "expected one entry per line, found a tab"),
])
def test_a_malformed_row_names_the_file_and_line(tmp_path, name, text, line, says):
    folder = make_profile(tmp_path / "p.profile", **{name: text})
    message = error_of(folder)
    file = name.replace("_tsv", ".tsv").replace("_txt", ".txt")
    assert message.startswith(f"{folder / file}:{line}: "), message
    assert says in message, message


def test_files_that_are_not_utf8_or_not_known_are_refused(tmp_path):
    folder = make_profile(tmp_path / "a.profile")
    (folder / "outlets.tsv").write_bytes(b"Caf\xe9 Gazette\n")
    assert error_of(folder) == f"{folder / 'outlets.tsv'}: not UTF-8 text"
    folder = make_profile(tmp_path / "b.profile", alias_tsv="Jane Doe\tperson\n")
    assert "unknown data file 'alias.tsv' (did you mean 'aliases.tsv'?)" in error_of(folder)


@pytest.mark.parametrize("toml, says", [
    ("[topic]\nk = 4\n", "unknown key 'topic'"),
    ("[topics]\nkk = 4\n", "unknown key 'topics.kk' (did you mean 'topics.k'?)"),
    ("[topics]\nk = \"four\"\n", "topics.k must be an integer, not 'four'"),
    ("[terms]\nkwic = \"cult\"\n", "terms.kwic must be a list of text"),
    ("[timeline.duration_themes]\nwork = \"at {org}\"\n", "timeline.duration_themes must be a table of lists of text"),
    ("replace = [\"voice.tsv\"]\n", "replace: 'voice.tsv' is not a data file (did you mean 'voices.tsv'?)"),
    ("replace = [\"voices.tsv\"]\n", "replace: the profile has no voices.tsv to replace the general one with"),
    ("name = \"unclosed\n", "not valid TOML"),
])
def test_profile_toml_keys_and_types_are_checked(tmp_path, toml, says):
    folder = make_profile(tmp_path / "p.profile", toml)
    message = error_of(folder)
    assert message.startswith(f"{folder / 'profile.toml'}: "), message
    assert says in message, message


def test_every_key_the_code_reads_is_declared():
    # the keys read through resources.param(...) anywhere in the library, notebooks and tools
    used = set()
    for path in [*ROOT.glob("lib/cuttings/**/*.py"), *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("tools/*.py")]:
        used |= set(re.findall(r"\.param\(\\?[\"']([\w.]+)\\?[\"']", path.read_text(encoding="utf-8")))
    assert used and used <= set(PROFILE_KEYS), used - set(PROFILE_KEYS)
    assert Profile.load(SEED_PROFILE).params["topics"]["k"] == 5


def test_errors_reach_the_command_line_as_one_line(tmp_path, capsys):
    from cuttings.cli import main

    folder = make_profile(tmp_path / "p.profile", aliases_tsv="Jane Doe\tperzon\n")
    corpus = tmp_path / "dump.txt"
    corpus.write_text("A headline\nA paragraph of text.\n", encoding="utf-8")
    assert main(["segment", "--profile", str(folder), str(corpus)]) == 2
    err = capsys.readouterr().err
    assert err == f"cuttings: error: {folder / 'aliases.tsv'}:1: type 'perzon' is not one of " \
                  "person, organisation, place, outlet, other\n"
    make_profile(tmp_path / "dump.profile", "[topics]\nkk = 3\n")        # found beside the corpus
    assert main(["segment", str(corpus)]) == 2
    assert "profile.toml: unknown key 'topics.kk'" in capsys.readouterr().err
    assert main(["segment", "--no-profile", str(corpus)]) == 0


def test_the_general_files_and_the_seed_profile_are_valid():
    general = Resources()
    assert set(general._data) == set(FILES)
    seed = Resources(SEED_PROFILE)
    assert seed.describe().startswith("general data + profile 'MEK in Albania (seed)'")
    assert len(seed.aliases) == len(general.aliases) + 64 - 2   # 64 rows; EU and UN override the general rows


# -- what a profile does to the general data ----------------------------------------------------

def test_a_profile_adds_rows_overrides_keys_and_replaces_files_only_when_asked(tmp_path):
    folder = make_profile(
        tmp_path / "p.profile", 'replace = ["framing.txt"]\n[topics]\nk = 7\n',
        outlets_tsv="Valley Gazette\tvalleygazette.net\nReuters\tReuters Wire\n",
        aliases_tsv="Eastern Union\torganisation\tEU\n",
        framing_txt="harbour\tharbour|harbours\n",
        signoffs_txt="cheers\n")
    res = Resources(folder)
    outlets = dict(res.table("outlets.tsv"))
    assert outlets["Valley Gazette"] == "valleygazette.net"        # added
    assert outlets["Reuters"] == "Reuters Wire"                    # overridden: the profile's row, once
    assert [r[0] for r in res.table("outlets.tsv")].count("Reuters") == 1
    assert "BBC News" in outlets                                   # general rows kept
    assert res.table("framing.txt") == (("harbour", "harbour|harbours"),)  # replaced
    assert res.list("signoffs.txt")[-1] == "cheers" and "sincerely" in res.list("signoffs.txt")
    assert res.param("topics.k", 0) == 7 and res.param("terms.kwic", []) == []
    # a spelling the profile gives another name wins over the general row's
    assert canonical("EU", resources=res) == "Eastern Union"
    assert canonical("EU") == "European Union"
    assert canonical("European Union", resources=res) == "European Union"


def test_param_checks_the_type_the_code_expects(tmp_path):
    res = Resources(make_profile(tmp_path / "p.profile", "[timeline]\nstart = 1990\n"))
    assert res.param("timeline.start", 1960) == 1990
    with pytest.raises(CuttingsError, match="timeline.start must be a list"):
        res.param("timeline.start", [])


# -- profiles found beside the corpus -------------------------------------------------------------

ARTICLE = ("Harbour reopens after repairs\n"
           "The harbour reopened on Tuesday after three months of repairs, the port authority said in a statement.\n"
           "Boats were back in the water by noon and the fish market opened in the afternoon.\n"
           "Jane Doe, Valley Gazette\n")


def test_a_profile_beside_a_file_or_folder_is_found_by_convention(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text(ARTICLE, encoding="utf-8")
    assert cuttings.load(dump).documents.loc[0, "source"] == "Valley Gazette"   # unknown outlet, as written
    make_profile(tmp_path / "dump.profile", outlets_tsv="The Valley Gazette\tValley Gazette|valleygazette.net\n")
    assert find_profile(dump) == tmp_path / "dump.profile"
    assert cuttings.load(dump).documents.loc[0, "source"] == "The Valley Gazette"
    assert cuttings.load(dump, profile=False).documents.loc[0, "source"] == "Valley Gazette"
    assert find_profile([dump, dump]) is None                      # several paths: no convention
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    assert find_profile(folder) is None
    make_profile(tmp_path / "articles.profile", outlets_tsv="Gazette of the Valley\tValley Gazette\n")
    assert find_profile(str(folder) + "/") == tmp_path / "articles.profile"
    assert cuttings.load(folder).documents.loc[0, "source"] == "Gazette of the Valley"
    assert cuttings.load(folder).resources.profile.name == "articles"


def test_two_corpora_with_two_profiles_in_one_process(tmp_path):
    text = ("Ministers meet on harbour plan\n"
            "Ashraf Ghani met the EU delegation in the harbour town on Monday, and Camp Ashraf was not discussed.\n"
            "The delegation said the plan would be ready by the summer.\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    make_profile(tmp_path / "a.profile", aliases_tsv="Camp Ashraf\tplace\tAshraf\n")
    make_profile(tmp_path / "b.profile", aliases_tsv="Ashraf Ghani\tperson\tGhani\n")
    a, b = cuttings.load(tmp_path / "a.txt"), cuttings.load(tmp_path / "b.txt")
    general = cuttings.load(tmp_path / "a.txt", profile=False)
    for _ in range(2):   # interleaved, twice: nothing one corpus compiles leaks into the other
        got = {k: names.entities(c, candidates=False)[["surface", "canonical"]].values.tolist()
               for k, c in (("a", a), ("b", b), ("general", general))}
        assert got["a"] == [["Ashraf", "Camp Ashraf"], ["EU", "European Union"], ["Camp Ashraf", "Camp Ashraf"]]
        assert got["b"] == [["Ashraf Ghani", "Ashraf Ghani"], ["EU", "European Union"]]
        assert got["general"] == [["EU", "European Union"]]
    assert tokenize("Ashraf Ghani met the EU") == ["ashraf", "ghani", "met", "European Union"]


# -- the general data hold no knowledge of the seed -----------------------------------------------

def _occurs(entry: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(entry)}(?![\w-])", text, re.I) is not None


def _words(text: str) -> str:
    """Text as its words, lower case, one space apart and around (so " word " finds a whole word)."""
    return " " + " ".join(re.findall(r"[\w’'&/.-]+", text.lower().replace("’", "'"))) + " "


def test_general_data_hold_no_name_found_only_in_the_seed(bench):
    seed = _words(SEED.read_text(encoding="utf-8"))
    other = _words("\n".join(p.read_text(encoding="utf-8", errors="replace") for folder in
                              (bench / "bbc", bench / "real" / "reuters") for p in sorted(folder.rglob("*.txt"))))

    def occurs(entry: str, text: str) -> bool:
        return any(_words(entry).rstrip() + end in text for end in (" ", ". ", ", "))
    general = Resources()
    outlets = {v.lower() for c, vs in general.table("outlets.tsv") for v in (c, *vs.split("|")) if v}
    entries = [v for c, _t, vs in general.table("aliases.tsv") for v in (c, *vs.split("|")) if v]
    entries += [v for name, broadcaster, _m in general.table("programmes.tsv") for v in (name, broadcaster)]
    voices = general.sections("voices.tsv")
    entries += [v for voice, words in voices.get("keywords", ()) for v in (voice, *words.split("|"))]
    entries += [name for name, _v in voices.get("people", ())]
    entries += [v for label, forms in general.table("framing.txt") for v in (label, *forms.split("|"))]
    entries += [w for section in ("not_speakers", "unnamed") for w in general.sections("speakers.txt")[section]]
    assert len(entries) > 100
    seed_only = sorted({e for e in entries if e.lower() not in outlets and occurs(e, seed) and not occurs(e, other)})
    assert seed_only == []
    # and the check can fail: the seed's profile holds such names
    profile = [v for c, _t, vs in Resources(SEED_PROFILE).table("aliases.tsv") for v in (c, *vs.split("|")) if v]
    assert {"Mojahedin", "Heyrani", "Manez"} <= {e for e in profile if occurs(e, seed) and not occurs(e, other)}


def test_no_seed_wording_in_the_general_files_or_the_modules_that_read_them():
    paths = [p for p in sorted(DATA_DIR.iterdir()) if p.suffix in (".tsv", ".txt", ".md")]
    paths += [ROOT / "lib" / "cuttings" / f for f in ("resources/__init__.py", "segment/provenance.py",
                                                      "analysis/sources.py", "analysis/names.py", "text/names.py")]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for word in ("MEK", "Mojahedin", "Albania", "Tirana", "Rajavi", "Manez", "Iran Interlink", "TV Klan",
                     "Without a Trace", "Heyrani", "Jaballi", "Culi", "Cologne"):
            assert not _occurs(word, text), (path.name, word)


def test_bbc_text_is_not_merged_through_the_seed_aliases(bench):
    # BBC articles that use spellings the seed's profile merges ("Saddam", "trump", "Iraq" ...)
    seed_res = Resources(SEED_PROFILE)
    general_names = {a.canonical for a in Resources.default().aliases}
    seed_variants = {v for a in seed_res.aliases if a.canonical not in general_names for v in a.variants}
    files = [p for p in sorted((bench / "bbc").rglob("*.txt"))
             if any(_occurs(v, p.read_text(encoding="utf-8", errors="replace")) for v in ("Saddam", "trump", "Iraq"))]
    assert len(files) >= 50
    plain = cuttings.load(files, profile=False)
    ents = names.entities(plain, candidates=False)
    assert set(ents["canonical"]) <= general_names
    assert not names.propose_variants(plain)["proposed"].isin(list(seed_variants)).any()
    seeded = names.entities(cuttings.load(files, profile=SEED_PROFILE), candidates=False)
    assert {"Saddam Hussein", "Iraq", "Donald Trump"} <= set(seeded["canonical"])   # what the profile would do
    q = sources.quotes(plain)
    assert not q["voice"].isin(["former member", "MEK leadership"]).any()


# -- the two-minute example of docs/notes/profiles.md, as written there -----------------------------

HARBOUR = """Harbour reopens after winter storm repairs
By Ana Ferreira, Porto Gazette
PORTO, March 2 - The old harbour reopened on Tuesday after three months of repairs, the port authority said.
"We have rebuilt the sea wall and the boats are back," said harbour master João Silva.
Fishermen welcomed the news. "It was a long winter," said Mr Silva's deputy, Rui Costa.
Ana Ferreira, Porto Gazette
Open letter to the mayor on the harbour fees
Dear Mayor,
We, the fishermen of the old harbour, ask you to lower the fees that the port authority raised after the storm, since most of us have earned nothing this winter.
Joao Silva has told us the fees will stay until the repairs are paid for.
Sincerely,
The Fishermen's Association of Porto
Porto, 12 March 2021
"""


def test_the_two_minute_example(tmp_path, capsys):
    from cuttings.cli import main

    (tmp_path / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    plain = cuttings.load(tmp_path / "harbour.txt")
    assert plain.resources.profile is None
    assert names.variant_table(plain).empty                      # nothing merged without a profile
    make_profile(tmp_path / "harbour.profile",
                 'name = "Porto harbour"\ndescription = "Wire stories and letters about the Porto harbour repairs."\n\n'
                 '[topics]\nk = 2\n\n[terms]\nkwic = ["harbour", "fees"]\n',
                 aliases_tsv="João Silva\tperson\tJoao Silva|Mr Silva\n",
                 outlets_tsv="Porto Gazette\tgazeta-porto.pt\n",
                 voices_tsv="[keywords]\nharbour staff\tharbour master|deputy\n[people]\nJoão Silva\tharbour staff\n")
    corpus = cuttings.load(tmp_path / "harbour.txt")               # the profile beside it is found
    assert corpus.resources.describe().startswith("general data + profile 'Porto harbour'")
    prov = sources.provenance(corpus).set_index("doc_id")
    assert prov.loc[1, ["source", "authors", "date", "place"]].tolist() == ["Porto Gazette", "Ana Ferreira", "XXXX-03-02", "Porto"]
    assert prov.loc[2, ["authors", "recipient", "date", "place"]].tolist() == [
        "The Fishermen's Association of Porto", "the mayor", "2021-03-12", "Porto"]
    q = sources.quotes(corpus)
    direct = q[q["mode"] == "direct"]
    assert direct[["speaker", "speaker_role", "voice"]].values.tolist() == [
        ["João Silva", "harbour master", "harbour staff"], ["Rui Costa", "Mr Silva's deputy", "harbour staff"]]
    assert names.variant_table(corpus)["surface"].tolist() == ["Joao Silva", "João Silva", "Mr Silva"]
    bad = make_profile(tmp_path / "bad.profile", aliases_tsv="João Silva\tperzon\tJoao Silva\n")
    assert main(["sources", "--profile", str(bad), str(tmp_path / "harbour.txt")]) == 2
    assert f"{bad / 'aliases.tsv'}:1: type 'perzon'" in capsys.readouterr().err
