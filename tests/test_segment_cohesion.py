"""Gap scores of a cohesion series (segment/cohesion.py), the decoding's piece-length prior and list runs, by hand."""
import math

import numpy as np
import pytest

from cuttings.segment.cohesion import local_minimum, local_rank
from cuttings.segment.learned import decode, list_continuations, start_penalty


def test_local_rank_counts_the_gaps_above_within_reach():
    s = np.array([0.5, 0.4, 0.1, 0.4, 0.6])
    # gap 1 (0.4): of 0.5, 0.1, 0.4 one is above and one ties -> 1.5 / 3; gap 2 is its window's lowest
    assert local_rank(s, 2).tolist() == [0.0, 0.5, 1.0, 0.5, 0.0]
    assert local_rank(s, 0).tolist() == [0.5] * 5
    assert local_rank(np.array([0.2]), 3).tolist() == [0.5]   # nothing to compare with


def test_local_minimum_is_the_depth_below_the_lowest_neighbour():
    s = np.array([0.5, 0.4, 0.1, 0.4, 0.6])
    assert local_minimum(s, 2) == pytest.approx([0.0, 0.0, 0.3, 0.0, 0.0])
    assert local_minimum(np.array([0.3, 0.2, 0.2]), 1).tolist() == [0.0, 0.0, 0.0]   # a tie is no valley


def test_start_penalty_reads_the_local_rate_of_starts():
    p = np.array([0.5, 0.1, 0.1])
    # local means within one position: 0.3, 0.7 / 3, 0.1; only the last is below the rate 0.2
    want = 2 * (math.log(0.2 / 0.8) - math.log(0.1 / 0.9))
    assert start_penalty(p, 2.0, 0.2, reach=1) == pytest.approx([0.0, 0.0, want])
    assert start_penalty(p, 0.0, 0.2, reach=1).tolist() == [0.0, 0.0, 0.0]


def test_length_prior_drops_a_doubtful_start_where_starts_are_rare():
    p = np.array([0.9, 0.05, 0.05, 0.6, 0.05, 0.05])
    assert decode(p) == [0, 3]
    assert decode(p, prior=1.0, rate=0.05) == [0, 3]     # local rate 1.7 / 6 is above 0.05: no cost
    # against a rate of 0.5 the start at 3 pays 0.93 log-odds per unit of prior; it gains log(0.6/0.4) = 0.41
    assert decode(p, prior=1.0, rate=0.5) == [0]
    assert decode(p, prior=0.4, rate=0.5) == [0, 3]


def test_list_items_after_the_first_open_no_piece():
    texts = ["Title", "^ Smith (2009). Book.", "^ Jones (2010). Paper.", "", "1. first step here", "2. second step",
             "12. twelfth", "- dash item", "Plain prose line.", "^Smith glued to its marker", "^ after a non-item"]
    idx = [i for i, t in enumerate(texts) if t]
    # "^" after "^", "2." after "1.", "12." after "2." (digits alike) continue a list; a new marker does not
    assert list_continuations(texts, idx) == [False, False, True, False, True, True, False, False, False, False]
    p = np.array([0.9, 0.05, 0.8, 0.05])
    assert decode(p) == [0, 2]
    assert decode(p, blocked=[False, False, True, False]) == [0]
