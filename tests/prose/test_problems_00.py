"""Problem set 00 and its key: the timeline's dates and M2's matrix and tree at the values each
problem names."""
from __future__ import annotations

from fractions import Fraction as F

from problem_answers import selfcheck_answers
from problems import key_says, problem_says
from tradewar.data import timeline
from tradewar.models import chicken


def test_problem_1_days_from_geneva_to_london():
    dates = timeline().set_index("move")["date"]
    days = (dates["London handshake deal"] - dates["Geneva 90-day truce"]).days
    assert days == 29 and round(F(days, 90), 2) == F(32, 100)
    assert f"{dates['Geneva 90-day truce']:%Y-%m-%d}" == "2025-05-12"
    assert f"{dates['London handshake deal']:%Y-%m-%d}" == "2025-06-10"
    problem_says("00", "dates the Geneva truce to May 12, 2025 and the London handshake to June 10, 2025")
    key_says("00", "(a) **29 days**. (b) **29/90 ≈ 0.32**")


def test_problem_2_one_slider_one_cell():
    at5, at7 = chicken.solve().matrix(), chicken.solve(c_us=7).matrix()
    changed = [(i, j) for i in range(2) for j in range(2)
               if (at5.A[i][j], at5.B[i][j]) != (at7.A[i][j], at7.B[i][j])]
    assert changed == [(1, 1)] and at7.B[1][1] == at5.B[1][1] == -3
    assert (at5.A[1][1], at7.A[1][1]) == (-5, -7)
    # Against Hawk (column 1) Dove (row 0) is the US best response at both values.
    for m in (at5, at7):
        assert m.A[0][1] == -1 > m.A[1][1]
    assert (at5.A[0][1] - at5.A[1][1], at7.A[0][1] - at7.A[1][1]) == (4, 6)
    key_says("00", "(b) **−7**")
    key_says("00", "−1 > −5 at c_U = 5 and −1 > −7 at c_U = 7")
    key_says("00", "(0, 0), (−1, 2) in the top row and (2, −1), (−7, −3) in the bottom row")
    key_says("00", "Dove's lead over Hawk grows from 4 to 6")
    problem_says("00", "move it from 5 to 7")


def test_problem_3_china_moves_first():
    r = chicken.solve(order="China moves first")
    assert r.payoffs == (-1, 2) and r.path == ("Hawk", "Dove")
    assert chicken.solve(order="US moves first").payoffs == (2, -1)
    key_says("00", "(a) **−1**")
    key_says("00", "Path Hawk → Dove, payoffs (US −1, China 2)")
    key_says("00", "the payoffs were (2, −1), with the same costs")


def test_problem_4_rests_on_the_timeline_cards():
    t = timeline().set_index("move")
    stall = t.loc["Rare-earth licences stall"]
    assert stall["precision"] == "after" and "no source gives a day" in stall["detail"]
    assert f"{t.loc['BIS advisory on Huawei Ascend', 'date']:%Y-%m-%d}" == "2025-05-13"
    key_says("00", "no source says whether Beijing held back the resumption of exports before or after the advisory")
    # Kennedy: each side blamed the other; Beijing called the hold-up slow approvals, and the US said its
    # chip controls run on a separate track. Neither government called its own move a reply.
    problem_says("00", "Each government blamed the other")
    problem_says("00", "said it was complying (the only hang-up being slow approvals)")
    key_says("00", "only suggests the advisory may have prompted the delay")
    from problems import key_text, problems_text
    assert "said its own move answered" not in problems_text("00")
    assert "presented its own move as a reply" not in key_text("00")


def test_marks_add_up():
    problem_says("00", "**4 problems worth 10 marks**")
    key_says("00", "**Total: 10 marks** in 4 problems")
    assert 2 + 3 + 2 + 3 == 10


def test_every_check_box_holds_the_keyed_answer():
    """The SelfCheck boxes, in order, check against the values asserted above and stated in the key."""
    assert [answer for _question, answer in selfcheck_answers("00")] == [29, F(29, 90), -7, -1]
