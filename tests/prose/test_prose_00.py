"""Notebook 00 and its guide: every number a student reads about the example matrix and tree is the
model's (M2 chicken), and the corrected statements about the articles stay corrected."""
from __future__ import annotations

from fractions import Fraction as F

from prose import never_says, says
from tradewar.models import chicken


def test_matrix_numbers():
    r = chicken.solve()
    m = r.matrix()
    assert (m.A[1][1], m.B[1][1]) == (-5, -3)  # Hawk/Hawk at the default c_us = 5
    assert (m.A[1][0], m.B[1][0]) == (2, -1)   # standing firm against a dove gains g = 2; the dove loses h = 1
    says("00", "standing firm against a side that yields gains 2 payoff units, yielding to a hawk loses 1")
    says("00", "the US loses c_U (the slider) and China loses 3")
    says("00", 'SelfCheck("In the matrix, what payoff does China get if both sides play Hawk? (a number)", -3')
    says("00", "the Hawk/Hawk cell is (−5, −3) at the default c_U = 5", guide=True)
    # Only the first number of that cell moves with c_us, over the slider's whole range.
    spec = chicken.PARAMS["c_us"]
    for c_us in (F(str(spec.lo)), F(str(spec.hi))):
        m = chicken.solve(c_us=c_us).matrix()
        assert m.A[1][1] == -c_us and m.B[1][1] == -3
    says("00", "from −1.5 to −10", guide=True)


def test_tree_numbers_and_the_bold_path_over_the_whole_c_cn_range():
    r = chicken.solve(order="US moves first")
    assert r.path == ("Hawk", "Dove") and r.payoffs == (2, -1)
    says("00", 'SelfCheck("At the end of the bold path, what payoff does the US get? (a number)", 2')
    says("00", "play ends at (g, −h) = (2, −1)", guide=True)
    says("00", "`chicken.solve(order=\"US moves first\").payoffs` is `(2, -1)`", guide=True)
    spec = chicken.PARAMS["c_cn"]
    for k in range(round((spec.hi - spec.lo) / spec.step) + 1):  # every slider stop, exact
        c_cn = F(str(spec.lo)) + k * F(str(spec.step))
        assert chicken.solve(order="US moves first", c_cn=c_cn).solution().path == ("Hawk", "Dove"), c_cn
    says("00", "Moving c_C anywhere in its range (1.5 to 10) leaves the bold path alone", guide=True)
    says("00", "as long as a crash costs China more than yielding (1 payoff unit), China yields to a US that moved first")


def test_the_bet_committed_driver_wins():
    # The steering-wheel story is chicken with a first mover: the committed side plays Hawk and wins.
    for order, winner in (("US moves first", "China yields"), ("China moves first", "US yields")):
        assert chicken.solve(order=order).outcome.startswith(winner)
    says("00", 'answer="The other driver"')
    says("00", "**The other driver swerves.**", guide=True)


def test_articles_stated_no_more_strongly_than_they_are():
    for phrase in ("Kennedy concludes", "Kennedy's verdict", "his preferred one", "put a 20% tariff",
                   "takes about 20 minutes", "escalation dominance"):
        never_says("00", phrase)
    says("00", 'In the reading Kennedy calls "likely more plausible", the US went back to where it had started.')
    says("00", "by June these fentanyl duties stood at 20%, CNN reports")
    says("00", "that we attribute, by inference, to *The Conversation*")
    says("00", "Terms and symbols: [glossary](../docs/glossary.md).")
    never_says("00", "takes a student about 20 minutes", guide=True)


def test_symbols_as_the_sliders_write_them():
    """Referee 7: the crash costs are c_U and c_C, as the slider labels show them, not the code names."""
    assert chicken.PARAMS["c_us"].label.endswith("(c_U)") and chicken.PARAMS["c_cn"].label.endswith("(c_C)")
    never_says("00", "the US loses c_us")
    never_says("00", "Move the c_us slider", guide=True)


def test_the_sources_as_strong_as_they_are():
    """Referee 8, 12, 20: Kennedy's "so" follows from lasting interdependence; London "appears largely
    to restore" (CNN); April 9 reduced tariffs (Kennedy), no source says paused; the October rule was
    announced, with enforcement unclear ([BM]); what Kennedy dates to the days after Geneva is the US
    complaint that exports had not resumed."""
    for phrase in ("will not last for ever", "restored the Geneva terms", "London restored the May arrangement",
                   "the US paused", "China widened its controls", "the analysts quoted say export controls",
                   "overrated its ability", "the stalled rare-earth licences after Geneva"):
        never_says("00", phrase)
    says("00", "since the two economies will stay intertwined for a long time, the two governments need agreed rules for coercion")
    says("00", 'in CNN\'s words, "appears largely to restore" the May arrangement')
    says("00", "On April 9, 2025 the US reduced tariffs for every country except China")
    says("00", "China announced wider controls")
    says("00", "though it was unclear how and when they would be enforced")
    says("00", "(the US complaint, after Geneva, that rare-earth exports had not resumed)")
    never_says("00", 'the sources date the delay only as "in the days after Geneva"', guide=True)
    never_says("00", "the April 9 tariff cut", guide=True)
    says("00", 'what Kennedy dates to "the days after" Geneva is the US complaint that exports had not resumed', guide=True)


def test_neither_government_is_said_to_call_its_own_move_a_reply():
    # Kennedy (Foreign Policy): Washington said exports had not resumed; Beijing said it was complying
    # and called the May 13 advisory a breach of the "spirit of Geneva". Each blamed the other.
    never_says("00", "presents its own moves as a reply", anywhere=True)
    says("00", "Each government blames the other for the breakdown")
    says("00", "each government blames the other", guide=True)
