"""Piece starts after closing lines (segment/closing.py), on small literal texts worked out by hand."""
from cuttings.resources import Resources
from cuttings.segment import read_lines
from cuttings.segment.closing import after_closing_lines

BODY = ["Hundreds of farmers drove their tractors into the capital on Monday to protest against the new water rules.",
        "The ministry said the rules would stay in place until the end of the year."]
NEXT = ["A new bridge over the river was opened by the mayor on Tuesday after three years of work.",
        "The bridge cost twelve million euros and carries two lanes of traffic.",
        "Critics said the money should have gone to schools instead of roads."]


def _closing(texts: list[str], starts: list[int]) -> list[int]:
    r = read_lines(texts, Resources.default(), features=False)
    return after_closing_lines(starts, r.infos, {p.start for p in r.scan_pieces}, r.scan_roles)


def test_a_closing_line_after_a_body_ends_the_piece():
    texts = ["Farmers protest over new water rules", *BODY, "By Anna Morgan, Reuters", *NEXT]
    # the rule scan reads line 3 as an attribution closing the first piece and starts the next at 4
    assert _closing(texts, [0, 3]) == [0, 4]     # a start on the closing line moves after it
    assert _closing(texts, [0]) == [0, 4]        # a missed start is added
    assert _closing(texts, [0, 5]) == [0, 5]     # the model's start one line later stands
    assert _closing(texts, [0, 6]) == [0, 4, 6]  # one two lines later does not stop it
    assert _closing(texts, [0, 4]) == [0, 4]


def test_a_byline_under_a_title_is_left_to_the_model():
    # "By NAME, Outlet" under a title: the line before it is no body line, so nothing changes
    texts = ["Farmers protest over new water rules", "By Anna Morgan, Reuters", *BODY, "Bridge opens after three years", *NEXT]
    assert _closing(texts, [0, 4]) == [0, 4]
    assert _closing(texts, [0, 1]) == [0, 1]
