"""The Play-first sections (notebooks 01, 02, 03, 04, 07): what their Markdown says about the models,
solved here at the values the play cells use (see prose.py)."""
from fractions import Fraction as F

from prose import never_says, says
from tradewar.games import repeated
from tradewar.models import attrition, chicken, truce


def test_07_play_demands_and_impatience():
    p = attrition.solve().inputs()
    assert p["alpha"] == F(3, 4) and p["r_us"] > p["r_cn"]
    r = attrition.solve()
    assert r.weak == "US" and r.c > 0   # China, the computer, never concedes at once
    says("07", "Each side demands three quarters of the gains from a deal")
    says("07", "the US's share faster than China's")
    # What the computer (China) does: obstinate with z_C = 1/10, else one concession drawn from its
    # equilibrium holding-out curve, which starts at 1 (no atom: China is strong) and levels off at z_C
    # by T0 < 24 months.
    assert F(p["z_cn"]).limit_denominator(1000) == F(1, 10) and r.weak != "China" and r.survive_cn[0] == 1 and r.T0 < 24
    assert abs(r.survive_cn[-1] - 0.1) < 1e-9
    says("07", "one time in ten it is obstinate and never gives way; otherwise it gives way once, at a random "
               "moment in the first 24 months, drawn from the model's concession rate (never at once: China is "
               "the strong side here)")


def test_01_play_chicken_payoffs():
    g = chicken.matrix()
    hawk, dove = g.row_actions.index("Hawk"), g.row_actions.index("Dove")
    assert g.A[hawk][dove] > g.A[dove][dove] > g.A[dove][hawk] > g.A[hawk][hawk]   # g > 0 > -h > -c
    says("01", "Standing firm against a side that yields wins; yielding to a hawk loses a little;"
               " two hawks crash, and a crash hurts both.")


def test_03_play_rule_names_exist():
    for name in ("tit-for-tat", "grim trigger", "win-stay, lose-shift"):
        assert name in repeated.STRATEGIES
    assert truce.PARAMS["epsilon"].default > 0
    says("03", "After 15 rounds, guess its rule")
    says("03", "TrucePlay(rounds=15, seed=1)")
    # Referee 2: the match is drawn as it is played; the false alarms are marked only after the guess.
    from tradewar.ui.play import TrucePlay

    p = TrucePlay(rounds=15, seed=1, key="test_prose_play 03")
    for _ in range(15):
        p.move("C")
    assert any(p.false_alarms) and p.view.value == p._record_html(reveal=False) != p._record_html(reveal=True)
    assert not p._arrays(reveal=False)[1].any()
    p.guess(p.rule)
    assert p.view.value == p._record_html(reveal=True) and "(marked !)" in p.announced[-1]
    p.close()
    says("03", "Your match is drawn round by round as you play; once you have guessed, the computer's false alarms"
               " are marked **!** on it.")


def test_04_play_types():
    from tradewar.models import taco

    r = taco.solve()
    p = r.inputs()
    assert p["beta_tough"] < F(1, 2) < p["beta_chicken"]
    assert p["beta_tough"] < r.b_star <= p["beta_chicken"]   # pays against a chicken, not against a tough leader
    says("04", "*tough* (he rarely backs down) or a *chicken* (he usually does)")
    says("04", "Holding back rare earths pays against a chicken and costs you against a tough leader.")


def test_05_play_numbers():
    from tradewar.games.reputation import chain_store

    c = chain_store(10, F(1, 2), 2, F(1, 10))
    assert (c.N, c.u) == (10, 2)
    says("05", "You are an incumbent facing 10 challengers")
    says("05", "a fight costs you 1, giving in (*accommodating*) costs you nothing now, and each"
               " challenger who stays out is worth 2 to you")
    says("05", "ChainPlay(N=10, g=Fraction(1, 2), u=2, mu0=Fraction(1, 10), seed=1)")


def test_01_play_handoff_reads_back_the_last_computer():
    # Switching the opponent starts a new game: the read-back covers the computer played last.
    from tradewar.ui.play import ChickenPlay

    p = ChickenPlay(side="US", rounds=10, seed=1, key=("test", "01 play"))
    for _ in range(10):
        p.move("Dove")
    assert "Hawk and Dove pay you the same on average, -1/3 a round" in p.handoff()
    p.choose(opponent="leans to Hawk")
    for _ in range(10):
        p.move("Hawk")
    assert len(p.record) == 10 and "against the computer leaning to Hawk" in p.handoff()
    assert "Dove pays you more on average (-2/3 a round against -8/3)" in p.handoff()
    p.close()
    says("01", "then press **Opponent: leans to Hawk**")
    says("01", "reads back your rounds against the computer you played last")


def test_02_play_the_bluffer_at_the_defaults():
    # Against a student playing China, the US bluffs (it would not persist); against a student
    # playing the US, China has no empty threat: the equilibrium the library flags rests on the US's
    # empty Persist, and China's Retaliate there is its subgame-perfect move, so the computer says so.
    from prose import guide_text
    from tradewar.ui.play import ChokepointPlay

    us = ChokepointPlay(side="China", opponent="bluffs", seed=1, key=("test", "02 us"))
    assert us.threats == (("the last node (US, after China retaliates)", "Persist"),)
    assert us.spe["the last node (US, after China retaliates)"] == "Back down"
    us.move("Accept")
    assert "threat to persist at the last node (US, after China retaliates) was a bluff" in us.handoff()
    cn = ChokepointPlay(side="US", opponent="bluffs", seed=1, key=("test", "02 cn"))
    assert cn.threats == ()
    assert cn.spe["the middle node (China, after the US escalates)"] == "Retaliate"
    assert any(eq.profile["the middle node (China, after the US escalates)"] == "Retaliate"
               for eq in cn.result.flagged())
    assert cn.announced[0] == ("You play the US; the computer plays China and would bluff, but at these values has"
                               " no empty threat to make, so it plays the subgame-perfect strategy.")
    assert cn.plan == cn.spe
    cn.move("Hold back")
    assert "was credible" not in cn.handoff() and "a bluff" not in cn.handoff()
    us.close(), cn.close()
    says("02", "when that move comes it does whatever is best for it then")
    never_says("02", "(A bluffer's words can still be true.)")
    says("02", "a threat it would not carry out, and when that move comes it does whatever is best for it then;"
               " if at these values it has no such threat, it says so and plays the subgame-perfect strategy.")
    says("02", "ask the US players whether China's threat to retaliate was a bluff (at the defaults China has no"
               " empty threat to make, and the computer says so)", guide=True)
    assert "Ask who believed the bluff" not in guide_text("02")


def test_05_play_challengers_follow_kreps_wilson_at_every_belief():
    """ChainPlay against the textbook rules, written out here: at belief mu with n challenges left a
    challenger enters iff mu < g^n (with probability 1 - 1/u at mu = g^n); a weak incumbent fights with
    phi_n = 1 if mu >= g^(n-1), else mu(1 - g^(n-1))/((1 - mu)g^(n-1)) (0 at mu = 0); after a fight the
    belief is Bayes' mu/(mu + (1 - mu)phi_n), after an accommodation 0, and a fight at belief 0 (an
    event no type with weight makes) leaves it at 0. The student's moves are random, so they include
    fights the equilibrium's weak incumbent would not make (phi = 0: the last challenge, belief 0)."""
    import random

    from tradewar.ui.play import ChainPlay

    def entry(mu, n, g, u):
        return F(0) if mu > g ** n else 1 - 1 / u if mu == g ** n else F(1)

    def phi(mu, n, g):
        t = g ** (n - 1)
        return F(0) if mu == 0 else F(1) if mu >= t else mu * (1 - t) / ((1 - mu) * t)

    rnd, fights_phi0 = random.Random(5), 0
    for trial in range(120):
        N, g, u = rnd.randint(1, 12), F(rnd.randint(1, 19), 20), F(rnd.randint(21, 100), 20)
        mu0 = rnd.choice([F(rnd.randint(0, 50), 100), min(g ** rnd.randint(1, 5), F(1, 2))])
        play = ChainPlay(N=N, g=g, u=u, mu0=mu0, seed=trial, key=f"kw{trial}")
        while not play.over:
            play.move(rnd.choice(["Fight", "Accommodate"]))
        rec, mu = play.record[-1], mu0
        for t, move in enumerate(rec["path"]):
            n = N - t
            assert rec["entry"][t] == entry(mu, n, g, u), (N, g, u, mu0, t)
            if move == "fought":
                f = phi(mu, n, g)
                fights_phi0 += f == 0
                mu = mu / (mu + (1 - mu) * f) if mu + (1 - mu) * f else F(0)
            elif move == "accommodated":
                mu = F(0)
            assert rec["beliefs"][t + 1] == mu, (N, g, u, mu0, t, move)
        play.close()
    assert fights_phi0 > 20   # the off-equilibrium fights were exercised
    says("05", "decides whether to enter as a rational challenger would in the model of section 4")
