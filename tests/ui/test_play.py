"""Play-first widgets: a scripted student per play; the record, payoffs and announcements it gets."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from tradewar.games import repeated as rg
from tradewar.models import chicken, chokepoint, taco
from tradewar.ui import play
from tradewar.ui.play import ChickenPlay, ChokepointPlay, TacoPlay, TrucePlay


@pytest.fixture(autouse=True)
def _close_plays():
    yield
    for p in list(play._REGISTRY.values()):
        p.close()


# --- 02 chokepoint ------------------------------------------------------------------------------

def test_spe_computer_as_us_is_deterred():
    p = ChokepointPlay(side="China", opponent="subgame perfect")
    r = chokepoint.solve()
    assert r.path == ("Hold back",)
    assert p.over and p.record[-1].path == r.path and p.record[-1].payoffs == r.payoffs
    assert "Game over: Hold back" in p.announced[-1]
    assert "subgame-perfect path at these values is Hold back" in p.handoff()


def test_bluffing_us_escalates_and_backs_down_when_called():
    p = ChokepointPlay(side="China", opponent="bluffs")
    assert "I will persist" in p.announced[0]
    assert p.buttons[0].description == "Accept" and p.buttons[1].description == "Retaliate"
    p.move("Retaliate")
    r = chokepoint.solve()
    leaf = r.tree().root.moves[1][1].moves[1][1].moves[1][1]   # Escalate → Retaliate → Back down
    assert p.record[-1].path == ("Escalate", "Retaliate", "Back down")
    assert p.record[-1].payoffs == tuple(leaf.payoffs)
    assert f"You get {play.fmt(leaf.payoffs[1])}" in p.announced[-1]
    s = p.handoff()
    assert "a bluff: it would not carry it out" in s
    assert f"D_U = {play.fmt(r.D_us)} > v + a = 1.5" in s
    assert r.kappa < 1 and "retaliating costs China κ = 0.2, less than the l = 1" in s and "threat is credible" in s


@pytest.mark.parametrize("side", ["China", "US"])
def test_the_bluffer_announces_only_empty_threats(side):
    # A threat the computer would carry out is no bluff: every announced move differs from the
    # subgame-perfect one, and with none to announce the computer plays subgame perfect and says so.
    for sigma, kappa0, D_cn in itertools.product((0, 0.4, 0.8), (0, 0.5, 1.5), (0.5, 2, 4)):
        p = ChokepointPlay(side=side, opponent="bluffs", sigma=sigma, kappa0=kappa0, D_cn=D_cn)
        me = p.tree.players.index(side)
        for n, mv in p.threats:
            assert mv != p.spe[n] and p.tree.find(n).player != me and p.plan[n] == p.spe[n]
        if not p.threats:
            assert p.plan == p.spe and "has no empty threat to make" in p.announced[0]
        else:
            assert "I will" in p.announced[0]
        p.close()


def test_handoff_when_the_us_persists():
    r = chokepoint.solve(sigma=0.8)
    assert r.us_persists and not r.china_retaliates
    p = ChokepointPlay(side="US", sigma=0.8)
    p.move("Escalate")
    assert p.record[-1].path == r.path == ("Escalate", "Accept")
    assert "the US persists (D_U = " in p.handoff() and "its threat is not credible" in p.handoff()


def test_student_us_against_spe_china_and_tree_shown():
    p = ChokepointPlay(side="US", opponent="subgame perfect")
    p.move("Escalate")
    assert "China chooses Retaliate" in p.announced[-1]
    p.move("Persist")
    r = chokepoint.solve()
    assert p.record[-1].path == ("Escalate", "Retaliate", "Persist")
    assert p.record[-1].payoffs[0] == pytest.approx(1 - r.D_us, rel=1e-9)
    assert "<svg" in p.view.value and "Subgame-perfect play" in p.view.value
    with pytest.raises(ValueError, match="game is over"):
        p.move("Persist")


def test_chokepoint_bad_input():
    with pytest.raises(ValueError, match="side"):
        ChokepointPlay(side="Mexico")
    with pytest.raises(ValueError, match="seed"):
        ChokepointPlay(seed=-1)
    p = ChokepointPlay(side="US")
    with pytest.raises(ValueError, match="move"):
        p.move("Dance")


# --- 01 chicken ---------------------------------------------------------------------------------

def _script(p, moves):
    for m in moves:
        p.move(m)
    return [r[1] for r in p.record]


def test_chicken_same_seed_same_computer():
    moves = ["Hawk", "Dove"] * 5
    a = _script(ChickenPlay(seed=7, key="a"), moves)
    b = _script(ChickenPlay(seed=7, key="b"), moves)
    assert a == b
    # The computer's moves are draws at the equilibrium probability with this seed's generator.
    y = chicken.solve().p_cn_hawk
    rng = np.random.default_rng(7)
    assert a == ["Hawk" if rng.random() < float(y) else "Dove" for _ in moves]


def test_chicken_record_payoffs_and_total():
    p = ChickenPlay(rounds=3, seed=2)
    _script(p, ["Hawk", "Hawk", "Dove"])
    g = chicken.matrix()
    for mine, theirs, pay, other in p.record:
        i, j = g.row_actions.index(mine), g.col_actions.index(theirs)
        assert (pay, other) == (g.A[i][j], g.B[i][j])
    total = sum(r[2] for r in p.record)
    assert p.over and f"Your total: {play.fmt(total)}" in p.announced[-1]
    assert "All 3 rounds played" in p.announced[-1]
    assert p.again.layout.display is None and p.buttons[0].layout.display is None
    p.buttons[0].click()   # pressed after the end: said, not raised
    assert p.announced[-1] == "The rounds are over: press Play again."


def test_chicken_equilibrium_leaves_student_indifferent():
    p = ChickenPlay(rounds=1)
    assert p.expected("Hawk") == p.expected("Dove") == chicken.solve().mixed_payoffs[0]
    p.move("Hawk")
    assert "pay you the same on average, -1/3 a round" in p.handoff()
    q = ChickenPlay(rounds=1, opponent="leans to Hawk", side="China")
    assert q.p_hawk == (1 + chicken.solve().p_us_hawk) / 2 == Fraction(3, 4)
    assert q.expected("Dove") > q.expected("Hawk")
    q.move("Dove")
    assert "Dove pays you more on average" in q.handoff()


def test_chicken_bad_input():
    with pytest.raises(ValueError, match="rounds"):
        ChickenPlay(rounds=0)
    with pytest.raises(ValueError, match="rounds"):
        ChickenPlay(rounds=51)
    with pytest.raises(ValueError, match="seed"):
        ChickenPlay(seed=2**32)
    with pytest.raises(ValueError, match="opponent"):
        ChickenPlay(opponent="random")


def test_rerun_with_same_key_closes_previous():
    a = ChickenPlay(key="cell")
    b = ChickenPlay(key="cell")
    assert play._REGISTRY["cell"] is b
    assert a.widget.comm is None


# --- 03 truce -----------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", [n for n in rg.STRATEGIES if n != "generous tit-for-tat"])
@pytest.mark.parametrize("student", ["always defect", "tit-for-tat", "always cooperate", "win-stay, lose-shift"])
def test_rule_matches_library_engine(rule, student):
    """Without noise, the computer makes the moves games.repeated.play makes for its rule."""
    lib = rg.play(rule, student, rounds=12, matches=1)
    p = TrucePlay(rounds=12, rule=rule, epsilon=0, q=1)
    for t in range(12):
        p.move("D" if lib.actions[1, t, 0] else "C")
    assert p.bot_moves == list(lib.actions[0, :, 0])


def test_truce_script_record_and_guess():
    p = TrucePlay(rounds=10, rule="tit-for-tat", seed=4)
    for _ in range(10):
        p.move("C")
    # Tit-for-tat answers a false alarm with a breach the next round.
    for t in range(9):
        assert p.bot_moves[t + 1] == p.false_alarms[t]
    assert p.guess_box.layout.display is None
    assert p.guess("tit-for-tat") is True
    assert p.record[-1]["rule"] == "tit-for-tat" and p.record[-1]["right"]
    assert p.announced[-1].startswith("✓ Right: the computer played tit-for-tat.")
    assert "<svg" in p.view.value and "Match 1, US: CCCCCCCCCC" in p.view.value
    assert f"Both kept the truce in {sum(not b for b in p.bot_moves)} of 10 rounds" in p.handoff()
    eps = play.fmt(p.epsilon)
    assert (f"ε = {eps} a round, the 10 rounds in which you kept the truce give"
            f" {play.fmt(float(p.epsilon) * 10)} false alarms on average.") in p.handoff()


def test_truce_handoff_one_round_kept():
    p = TrucePlay(rounds=10, rule="tit-for-tat", seed=4)
    p.move("C")
    for _ in range(9):
        p.move("D")
    p.guess("tit-for-tat")
    assert (f"the one round in which you kept the truce gives {play.fmt(float(p.epsilon))} false alarms on average."
            in p.handoff())


def test_truce_same_seed_same_rule_and_noise():
    a, b = TrucePlay(seed=11, key="a"), TrucePlay(seed=11, key="b")
    for _ in range(15):
        a.move("C")
        b.move("C")
    assert a.rule == b.rule and a.bot_moves == b.bot_moves and a.false_alarms == b.false_alarms


def test_truce_bad_input():
    with pytest.raises(ValueError, match="rounds"):
        TrucePlay(rounds=9)
    with pytest.raises(ValueError, match="rounds"):
        TrucePlay(rounds=21)
    with pytest.raises(ValueError, match="rule"):
        TrucePlay(rule="tit-for-two-tats")
    with pytest.raises(ValueError):
        TrucePlay(epsilon=2)
    p = TrucePlay(rounds=10)
    with pytest.raises(ValueError, match="guess after"):
        p.guess("tit-for-tat")
    with pytest.raises(ValueError, match="move"):
        p.move("X")


# --- 04 taco ------------------------------------------------------------------------------------

def test_taco_script_and_handoff():
    r = taco.solve()
    p = TacoPlay()
    p.move("Wait and watch")
    assert r.events[0] in p.announced[-1]
    p.move("Wait and watch")
    p.move("Wait and watch")
    p.move("Retaliate now")
    assert p.record == [3] and p.over
    k = r.events.index(r.first_rational) + 1
    assert k == r.k_needed == 2
    assert r.b_bars[k] >= r.b_star > r.b_bars[k - 1]
    s = p.handoff()
    assert s.startswith("You retaliated after the third event (June 5 call)")
    assert f"b* = {play.fmt(r.b_star, 3)}" in s and "after the second event (Geneva request)" in s
    assert "← you retaliated here" in p.view.value
    # b̄ is China's subjective estimate, not an objective chance.
    assert "retaliation pays once China's estimate that he backs down, b̄, reaches b* =" in s
    assert "China&#x27;s estimate that he backs down, b̄" in p.view.value or "China's estimate that he backs down, b̄" in p.view.value
    assert "the chance he backs down" not in s and "chance he backs down" not in p.view.value


def test_taco_retaliating_at_once_names_the_estimate():
    r = taco.solve(D_cn=0)   # b* = 0: retaliation pays from the start
    assert r.first_rational == "before any event"
    p = TacoPlay(D_cn=0)
    p.move("Retaliate now")
    assert (f"retaliation paid from the start: China's estimate that he backs down, b̄ = {play.fmt(r.b_bars[0], 3)},"
            f" is already at or above b* = 0") in p.handoff()


def test_taco_never_retaliating():
    p = TacoPlay()
    for _ in range(len(taco.solve().events) + 1):
        p.move("wait")
    assert p.record == [None] and p.handoff().startswith("You never retaliated")


# --- 07 attrition -------------------------------------------------------------------------------

def test_attrition_computer_drawn_from_model_curve():
    from tradewar.models import attrition
    from tradewar.ui.play import AttritionPlay

    r = attrition.solve()
    p = AttritionPlay(side="China", seed=0)
    taus = [p._draw() for _ in range(4000)]   # the same generator the clock uses
    at_once = sum(t == 0 for t in taus) / len(taus)
    never = sum(t == float("inf") for t in taus) / len(taus)
    assert abs(at_once - r.c) < 0.03           # the weak US concedes at once with probability c
    assert abs(never - r.survive_us[-1]) < 0.02  # obstinate with probability z
    assert AttritionPlay(seed=3, key="a").tau == AttritionPlay(seed=3, key="b").tau


def test_attrition_script_payoffs_and_handoff():
    import math

    from tradewar.models import attrition
    from tradewar.ui.play import AttritionPlay

    r = attrition.solve()
    p = AttritionPlay(side="US", seed=5)
    assert p.tau > 2                              # China never concedes at once
    p.move("Wait a month")
    p.move("Wait a month")
    p.move("Concede now")
    g = p.record[-1]
    assert g["who"] == "you" and g["t"] == 2
    assert g["payoff"] == pytest.approx(0.25 * math.exp(-0.2 * 2), rel=1e-9)
    assert "You conceded at month 2. You get 0.168 of the gains." == p.announced[-1]
    s = p.handoff()
    assert "your side is the weak one here" in s and f"c = {play.fmt(r.c, 3)}" in s
    assert f"rate {play.fmt(r.lam_us, 3)} a month" in s
    # c counts the obstinate type too: a rational US concedes at once with c/(1 - z_U) = 0.760.
    assert r.c / (1 - 0.1) == pytest.approx(0.7597469266, rel=1e-9)
    assert ("the US concedes at once with probability c = 0.684 (a rational US, one that is not obstinate,"
            " with probability 0.76), and otherwise at rate 0.05 a month until month 23") in s
    assert r.payoff_us == pytest.approx(0.25, rel=1e-9)
    assert s.endswith(" A rational US expects 0.25 of the gains in equilibrium.")
    assert "rational US concedes at once with probability c" not in s


def test_attrition_strong_side_handoff():
    from tradewar.models import attrition
    from tradewar.ui.play import AttritionPlay

    r = attrition.solve()
    p = AttritionPlay(side="China", seed=5)
    while not p.over:
        p.move("Wait a month")
    s = p.handoff()
    assert "the the" not in s
    assert "just fast enough to keep the US willing to wait; the US concedes at once with probability c = 0.684" in s
    assert s.endswith(f" A rational China expects {play.fmt(r.payoff_cn, 3)} of the gains in equilibrium.")


class _Fixed:
    def __init__(self, u):
        self.u = u

    def random(self):
        return self.u


def test_attrition_draw_inverts_the_holding_out_curve_exactly():
    import math

    from tradewar.models import attrition
    from tradewar.ui.play import AttritionPlay

    r = attrition.solve()
    p = AttritionPlay(side="China", seed=0)   # the computer is the weak US: S(0) = 1 - c
    for u in (0.3, 0.2, 0.11):
        p.rng = _Fixed(u)
        t = p._draw()
        assert (1 - r.c) * math.exp(-r.lam_us * t) == pytest.approx(u, rel=1e-9) and t <= r.T0
    p.rng = _Fixed(0.7)
    assert p._draw() == 0.0                     # above S(0) = 0.316: the atom at once
    p.rng = _Fixed(0.05)
    assert p._draw() == math.inf                # below z_U = 0.1: obstinate
    q = AttritionPlay(side="US", seed=0)        # the computer is the strong China: S(0) = 1
    q.rng = _Fixed(0.999)
    assert 0 < q._draw() < 0.1
    q.rng = _Fixed(0.1 + 1e-12)
    assert q._draw() == pytest.approx(r.T0, rel=1e-9)


def test_attrition_bad_input():
    from tradewar.ui.play import AttritionPlay

    with pytest.raises(ValueError, match="months"):
        AttritionPlay(months=5)
    with pytest.raises(ValueError, match="side"):
        AttritionPlay(side="EU")
    with pytest.raises(ValueError, match="seed"):
        AttritionPlay(seed=1.5)


# --- 05 chain store -----------------------------------------------------------------------------

def _chain(**kw):
    from tradewar.ui.play import ChainPlay

    return ChainPlay(N=10, g=Fraction(1, 2), u=2, mu0=Fraction(1, 10), **kw)


def test_chain_accommodation_brings_every_later_challenger_in():
    from tradewar.models import chain_store

    r = chain_store.solve(g=Fraction(1, 2), u=2, mu0=Fraction(1, 10))
    p = _chain(seed=0)
    assert p.path == ["out"] * r.deterred and "Challenger 8 of 10 enters" in p.announced[-1]
    p.move("Accommodate")
    assert p.beliefs[-1] == 0
    while not p.over:
        p.move("Fight")
    rec = p.record[-1]
    assert rec["path"][7] == "accommodated" and all(m != "out" for m in rec["path"][8:])
    assert rec["entry"][8:] == (1, 1)
    assert rec["payoff"] == 2 * r.deterred - (10 - 8)
    s = p.handoff()
    assert "The first 7 of the 10 challengers stayed out, and nobody fought them" in s and "only the last 3 may enter" in s
    assert "You accommodated challenger 8" in s and "all 2 challengers after it entered" in s
    assert s.endswith(f"Your total: {rec['payoff']}; a weak incumbent playing the equilibrium expects {play.fmt(r.weak_payoff)}.")
    assert "Your play, weak" in p.view.value and "Simulated" not in p.view.value


def test_chain_fights_follow_bayes_and_seed():
    a, b = _chain(seed=3, key="a"), _chain(seed=3, key="b")
    for q in (a, b):
        while not q.over:
            q.move("Fight")
    assert a.path == b.path and a.entry == b.entry
    assert a.beliefs[8] == Fraction(1, 4)          # after a fight at n = 3: max(μ₀, g²)
    assert a.entry[8] == Fraction(1, 2)            # at μ = g², indifferent: enters with 1 - 1/u
    assert "You fought every entrant" in a.handoff()


def _play_chain(p, choose):
    while not p.over:
        p.move(choose(p))
    return p.handoff()


def test_chain_deterrence_sentence_is_true():
    # A challenger enters iff the chance of a fight, mu + (1 - mu)·phi_n, is below g. The deterred
    # ones face a chance above g, and the weak incumbent's phi_n > 0 is needed: mu0 alone is below g.
    from tradewar.models import chain_store

    g, mu0 = Fraction(1, 2), Fraction(1, 10)
    r = chain_store.solve(N=10, g=g, u=2, mu0=mu0)
    assert mu0 < g and r.deterred == 7 and r.may_enter == 3
    for k in range(r.deterred):
        n = 10 - k
        phi = 1 if mu0 >= g ** (n - 1) else mu0 * (1 - g ** (n - 1)) / ((1 - mu0) * g ** (n - 1))
        assert 0 < phi and mu0 + (1 - mu0) * phi > g
    s = _play_chain(_chain(seed=3), lambda p: "Fight")
    assert ("in this model the prior μ₀ = 0.1 deters them because an early entrant would be fought with probability"
            " above g = 0.5, by a weak incumbent as well as a tough one, and only the last 3 may enter.") in s
    assert "alone deters" not in s and "n* =" not in s


def test_chain_fighting_the_last_entrant_is_pointed_out():
    p = _chain(seed=3)
    s = _play_chain(p, lambda p: "Fight")
    assert p.path[-1] == "fought" and p.announced[-1].startswith("You fought challenger 10. The chain is over")
    assert "believe you are tough" not in p.announced[-1]
    assert "You fought every entrant (3), so the belief never fell to 0." in s
    assert "Fighting challenger 10, the last, cost you 1 and bought nothing" in s


def test_chain_giving_in_only_to_the_last():
    p = _chain(seed=3)
    s = _play_chain(p, lambda p: "Accommodate" if p.stage == 1 else "Fight")
    assert p.path[-1] == "accommodated" and "believe you are tough" not in p.announced[-1]
    assert "You gave in only to the last challenger, 10, as the equilibrium's weak incumbent does" in s
    assert "0 of the 0" not in s and "Fighting challenger" not in s


def test_chain_nobody_enters_and_nobody_deterred():
    from tradewar.ui.play import ChainPlay

    s = _play_chain(ChainPlay(N=10, g=Fraction(1, 4), u=2, mu0=Fraction(1, 2), seed=0), lambda p: "Fight")
    assert "The first 10 of the 10 challengers stayed out" in s and "none may enter" in s
    assert "No challenger entered, so you never had to choose." in s and "every entrant" not in s
    s = _play_chain(ChainPlay(N=10, g=Fraction(1, 2), u=2, mu0=0, seed=0), lambda p: "Fight")
    assert s.startswith("In this model no challenger is deterred for sure at μ₀ = 0: every one of the 10 may enter.")
    assert "inf" not in s
    s = _play_chain(ChainPlay(N=3, seed=0), lambda p: "Fight")   # float defaults: no rounding dust shown
    assert "expects 0." in s and "e-" not in s
    assert "worth u = 2 to you" in ChainPlay().instructions


def test_chain_bad_input():
    from tradewar.ui.play import ChainPlay

    with pytest.raises(ValueError, match="mu0"):
        ChainPlay(mu0=2)
    with pytest.raises(ValueError, match="seed"):
        ChainPlay(seed="one")
    with pytest.raises(ValueError, match="unknown parameter"):
        ChainPlay(incumbent="tough")
    p = _chain()
    with pytest.raises(ValueError, match="move"):
        p.move("Negotiate")


def test_buttons_never_blank_and_late_press_is_said():
    p = ChokepointPlay(side="China", opponent="subgame perfect")   # the US holds back: China never moves
    assert [b.description for b in p.buttons] == ["Accept", "Retaliate"]
    p.buttons[1].click()
    assert p.announced[-1] == "The game is over: press Play again."
    assert p.again.layout.display is None
    p.again.click()
    assert len(p.record) == 2 and p.record[0] == p.record[1]   # no chance moves: the same game again


def test_truce_guess_buttons_and_second_guess_is_said_not_raised():
    p = TrucePlay(rounds=10, rule="grim trigger", seed=1)
    assert p.guess_box.layout.display == "none"
    for _ in range(10):
        p.move("D")
    assert p.guess_box.layout.display is None
    assert [b.description for b in p.guess_buttons] == list(rg.STRATEGIES)
    dict(zip(rg.STRATEGIES, p.guess_buttons))["grim trigger"].click()
    assert p.record[-1]["right"] and p.again.layout.display is None
    p.guess_buttons[0].click()
    assert p.announced[-1] == "You have guessed this match: press Play again for another."
    assert len([r for r in p.record if isinstance(r, dict)]) == 1
    p.again.click()
    assert p.moves == [] and p.guess_box.layout.display == "none"


def test_settings_buttons_restart_and_say_so():
    p = ChokepointPlay()
    [b for b in p.widget.children[2].children if b.description == "I play the US"][0].click()
    assert p.side == "US" and p.record == [] and p.announced[-1].startswith("You play the US; the computer plays China")
    with pytest.raises(ValueError, match="opponent"):
        p.choose(opponent="friendly")
    c = ChickenPlay(rounds=2)
    c.move("Hawk")
    c.choose(opponent="leans to Hawk")
    assert c.record == [] and c.announced[-1] == ("You play the US; the computer plays China and leans to Hawk."
                                                  " Round 1 of 2.")


def test_truce_noise_is_the_models():
    """Over many rounds the computer's false alarms and missed breaches occur at truce's ε and q."""
    from tradewar.models import truce

    eps, q = truce.PARAMS["epsilon"].default, truce.PARAMS["q"].default
    fa = missed = kept = broke = 0
    for s in range(40):
        p = TrucePlay(rounds=20, rule="always cooperate", seed=s, key=s)
        for t in range(20):
            p.move("D" if t % 2 else "C")
        fa, missed = fa + sum(p.false_alarms), missed + sum(p.missed)
        kept, broke = kept + 10, broke + 10
        p.close()
    assert abs(fa / kept - eps) < 0.05 and abs(missed / broke - (1 - q)) < 0.05
