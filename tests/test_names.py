"""Names: listed variants found and mapped, candidates kept apart, fuzzy proposals never merged."""
from cuttings.analysis import names


def test_variants_of_a_person_and_a_place_map_to_one_name(seed_corpus):
    ents = names.entities(seed_corpus)
    heyrani = ents[ents["canonical"] == "Hassan Heyrani"]
    assert {"Hassan Heyrany", "Heyrany", "Hassan Hayrani", "Hajrani"} <= set(heyrani["surface"])
    assert 209 in set(heyrani["line_no"])                                  # "Hassan Hayrani (Hajrani)"
    manez = ents[ents["canonical"] == "Manez"]
    assert set(manez["surface"]) == {"Manez", "Manëz", "Manze", "Manza"}
    assert {42, 68, 143, 197} <= set(manez["line_no"])


def test_multiword_name_is_one_mention(seed_corpus):
    ents = names.entities(seed_corpus)
    # Line 173 names the organisation twice: "The Mojahedin Khalq Organization, ..." and "the Mujahideen".
    line173 = ents[(ents["line_no"] == 173) & (ents["canonical"] == "MEK")]
    assert line173["surface"].tolist() == ["Mojahedin Khalq Organization", "Mujahideen"]
    text = seed_corpus.lines.set_index("line_no").loc[173, "text"]
    row = line173.iloc[0]
    assert (row.start, text[row.start:row.end]) == (4, "Mojahedin Khalq Organization")


def test_unlisted_names_are_candidates_not_merged(seed_corpus):
    ents = names.entities(seed_corpus)
    cands = ents[ents["type"] == "candidate"]
    assert "Rahman Mohammadi" in set(cands["surface"])                    # line 209, not in the alias table
    assert cands["canonical"].isna().all()
    proposals = names.propose_variants(seed_corpus)
    got = {(r.surface, r.proposed) for r in proposals.itertuples()}
    assert ("Rahman Mohammadi", "Abdolrahman Mohammadian") in got
    assert ("Abdurrahman Mohammad Jan", "Abdolrahman Mohammadian") in got  # line 70
    # proposing does not change the table of mentions
    assert "Rahman Mohammadi" in set(names.entities(seed_corpus).query("type == 'candidate'")["surface"])


def test_variant_table_counts_spellings(seed_corpus):
    table = names.variant_table(seed_corpus)
    manez = table[table["canonical"] == "Manez"].set_index("surface")["mentions"].to_dict()
    assert manez == {"Manez": 8, "Manëz": 5, "Manze": 2, "Manza": 1}


def test_co_mentions_is_symmetric_with_piece_counts_on_the_diagonal(seed_corpus):
    m = names.co_mentions(seed_corpus)
    assert (m.values == m.values.T).all()
    assert m.loc["MEK", "MEK"] == 10                                      # every piece names the MEK
    assert m.loc["Hassan Heyrani", "MEK"] == m.loc["Hassan Heyrani", "Hassan Heyrani"]
