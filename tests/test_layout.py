"""Figures that fit any corpus: size rules, the readability checks, and every plot's form on small and large tables."""
import pandas as pd
import pytest

from cuttings.viz import checks, layout
from cuttings.viz.figures import MAX_INCHES


def test_rows_height_grows_with_rows_then_stops_at_the_page():
    assert layout.rows_height(10) == pytest.approx(0.42 * 10 + 1.6)
    assert layout.rows_height(0) == pytest.approx(0.42 + 1.6)  # an empty chart keeps one row
    assert layout.rows_height(40) <= MAX_INCHES and layout.rows_height(5000) == layout.rows_height(400)
    # when rows get tight the labels get smaller, never below 6 points
    h = layout.rows_height(40)
    assert layout.row_font(10, height=layout.rows_height(10)) == 8.5
    assert layout.row_font(40, height=h) == 8.5          # 14 inches for 40 rows: 25 points each
    assert 6.0 < layout.row_font(100, height=h) < 8.5    # about 10 points each
    assert layout.row_font(400, height=h) == 6.0


def test_top_with_others_sums_the_rest_into_one_row():
    table = pd.DataFrame({"source": ["a", "b", "c", "d", "e"], "words": [5, 50, 20, 20, 1], "pieces": [1, 4, 2, 2, 1]})
    top = layout.top_with_others(table, key="source", value="words", n=2, sums=("pieces",))
    # b (50) first; c and d tie at 20 and c comes first by name; d, a and e are merged
    assert top["source"].tolist() == ["b", "c", "all others (3)"]
    assert top["words"].tolist() == [50, 20, 20 + 5 + 1]
    assert top["pieces"].tolist() == [4, 2, 2 + 1 + 1]
    assert top["n_merged"].tolist() == [1, 1, 3]
    # nothing to merge: no extra row
    assert layout.top_with_others(table, key="source", value="words", n=5)["source"].tolist() == ["b", "c", "d", "a", "e"]


def test_year_range_follows_the_data_and_ignores_strays_on_large_samples():
    assert layout.year_range([1979.0, 2003.5], [1979.99, 2019.2]) == (1979, 2020)
    assert layout.year_range([1979.0], [1979.99], step=5) == (1975, 1980)
    # 200 mentions of 2004-2005 and one of 1066: with 100 values or more the extreme 1% is left out
    first = [2004.0] * 100 + [2005.0] * 99 + [1066.0]
    last = [v + 0.99 for v in first]
    assert layout.year_range(first, last) == (2004, 2006)
    assert layout.year_range(first[:50] + [1066.0], last[:50] + [1066.99]) == (1066, 2005)  # few values: all kept
    assert layout.year_range([], []) == (2000, 2001)


def test_year_ticks_step_keeps_at_most_fourteen_ticks():
    assert layout.year_ticks(1960, 2020) == list(range(1960, 2021, 5))
    assert layout.year_ticks(2003, 2006) == [2003, 2004, 2005, 2006]
    assert layout.year_ticks(1066, 2006) == list(range(1100, 2001, 100))


def _two_labels(x1, y1, x2, y2, rotation=0, size=(4, 3)):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=size, dpi=100)
    fig.text(x1, y1, "overlapping label", fontsize=12, rotation=rotation)
    fig.text(x2, y2, "another label", fontsize=12, rotation=rotation)
    return fig


def test_overlap_check_finds_texts_on_top_of_each_other():
    import matplotlib.pyplot as plt

    fig = _two_labels(0.1, 0.5, 0.15, 0.51)
    assert checks.text_overlaps(fig) == [("overlapping label", "another label")]
    plt.close(fig)
    fig = _two_labels(0.1, 0.2, 0.1, 0.7)  # 150 px apart vertically: text 12 pt is about 17 px high
    assert checks.text_overlaps(fig) == []
    plt.close(fig)


def test_overlap_check_compares_rotated_texts_as_rotated_rectangles():
    import matplotlib.pyplot as plt

    # Two labels at 45 degrees, 40 px apart horizontally: their bounding boxes (about 120 x 120 px)
    # overlap, but the slanted strips (about 17 px thick) do not.
    fig = _two_labels(0.3, 0.3, 0.4, 0.3, rotation=45)
    boxes = [t.get_window_extent(fig.canvas.get_renderer()) for t in fig.texts]
    assert boxes[0].overlaps(boxes[1])
    assert checks.text_overlaps(fig) == []
    plt.close(fig)


def test_texts_outside_the_figure_are_reported():
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 3), dpi=100)
    fig.text(0.5, 0.5, "inside")
    fig.text(0.95, 0.5, "this one runs off the right edge")
    assert checks.texts_outside(fig) == ["this one runs off the right edge"]
    plt.close(fig)
