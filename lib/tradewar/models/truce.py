"""M5 The truce as a repeated game: grim trigger, tit-for-tat, noise, and norms.

On May 12, 2025 the US and China agreed in Geneva to a 90-day truce; within days each side said the
other had broken it. Read as a repeated prisoner's dilemma, a truce is a promise kept only because
breaking it would start a war that outlasts the gain. Keeping it takes patience: grim trigger (war
for ever after one defection) is subgame perfect iff delta >= (T - R)/(T - P), and tit-for-tat also
needs delta >= (T - R)/(R - S). With a known last round (if the end of a term in 2029 were one; Wang
says only that there "may be no time") the promise unravels from the end. And when moves are seen
through noise (licences held up by paperwork look like a freeze) through one signal both sides see,
Green and Porter show that a truce can survive only by punishing false alarms too: flare-ups happen
with nobody cheating, a share epsilon L/(1 + epsilon L) of the time (the bureaucracy account of the stalled
licences that CNN's analysts give). Kennedy's prosaic reading is different: deliberate mutual
probing with bargaining power unchanged (tradewar.models.readings). In the Green-Porter truce a
deliberate breach never pays, so nobody probes; modelling probing needs doubt about what the other
side will tolerate. Fewer false alarms (a lower epsilon, a hotline) lower the patience the truce
needs; punishments that are too short fail. The unravelling assumes both sides know each other's
payoffs: Kreps, Milgrom, Roberts and Wilson (1982) show that a little doubt about a player's type
can sustain cooperation in a finitely repeated prisoner's dilemma until close to the end.

solve(**params) gives the closed forms. sandbox.solve(**params) (also simulate(...)) plays many
noisy matches of two named strategies (tradewar.games.repeated) for the notebook's pictures.

References: Gibbons, *Game Theory for Applied Economists*, section 2.3; Osborne, *An Introduction to
Game Theory*, ch. 14-15; Axelrod, *The Evolution of Cooperation* (1984); Green & Porter (1984),
"Noncooperative collusion under imperfect price information", Econometrica; Kreps, Milgrom, Roberts
& Wilson (1982); Schelling, *The Strategy of Conflict* (1960), ch. 3. Data: the 90-day truce agreed on
May 12, 2025 (Scott Kennedy, "Does Xi Have Trump's Number?", Foreign Policy, June 2025). Every payoff
and probability here is a teaching calibration, not a figure from the articles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tradewar.games import at_least
from tradewar.games import repeated as rg
from tradewar.models.adapter import as_model
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = [
    "TITLE", "PARAMS", "SIM_PARAMS", "LABELS", "STRATEGY_NAMES", "TruceResult", "SimulationResult",
    "solve", "simulate", "tournament", "sandbox", "regime_grid",
]

TITLE = "M5 The truce as a repeated game"


PARAMS = specs(
    Param("T", "Temptation (T)", 5, 3, 10, 0.1, "payoff units",
          help="A side's payoff when it adds a new control while the other keeps the truce; range [3, 10] chosen here."),
    Param("R", "Truce (R)", 3, 1, 8, 0.1, "payoff units",
          help="Each side's payoff per round while both keep the truce; range [1, 8] chosen here."),
    Param("P", "War (P)", 1, 0, 5, 0.1, "payoff units",
          help="Each side's payoff per round of April-style war (both escalate); range [0, 5] chosen here."),
    Param("S", "Sucker (S)", 0, -3, 3, 0.1, "payoff units",
          help="A side's payoff when it keeps the truce while the other adds a control; range [-3, 3] chosen here."),
    Param("delta", "Patience (δ)", 0.9, 0, 0.99, 0.01, "weight on next round",
          help="How much a round from now is worth today; also the chance that another round follows. Range chosen here."),
    Param("epsilon", "False alarms (ε)", 0.1, 0, 0.3, 0.01, "probability per round",
          help="Chance per round that the signal reads \"breach\" although the truce was kept (paperwork read as a"
               " freeze). The formulas assume one signal both sides see; the simulations can give each its own."),
    Param("q", "Detection (q)", 0.9, 0.5, 1, 0.01, "probability",
          help="Chance that the signal reads \"breach\" when a side did break the truce; range [0.5, 1] chosen"
               " here (it must exceed ε)."),
    Param("L", "Punishment length (L)", 2, 1, 12, 1, "rounds", kind="int",
          help="How many rounds of war follow a signal that the truce was broken, before both return to it."),
    Param("horizon", "Known last round (horizon)", 0, 0, 40, 1, "rounds", kind="int",
          help="0: no known last round (each round may be followed by another). 1 to 40: both know the game"
               " ends after that many rounds (as if the end of a term in 2029 were the last round); range chosen here."),
)

STRATEGY_NAMES = tuple(rg.STRATEGIES)

# The sandbox adds who plays what, and how the simulation is drawn, to the model's parameters.
SIM_PARAMS = specs(
    Param("strategy_us", "US strategy", "tit-for-tat", kind="choice", choices=STRATEGY_NAMES,
          help="The rule the US follows; each is described under the picture."),
    Param("strategy_cn", "China's strategy", "tit-for-tat", kind="choice", choices=STRATEGY_NAMES,
          help="The rule China follows; each is described under the picture."),
    *(p for k, p in PARAMS.items() if k in ("T", "R", "P", "S", "delta", "epsilon", "q", "L")),
    Param("e", "Slips (e)", 0, 0, 0.2, 0.01, "probability per move",
          help="Chance that a side's intended move comes out the other way (an implementation error); range chosen here."),
    Param("gamma", "Generosity (γ)", 0.3, 0, 1, 0.05, "probability",
          help="Generous tit-for-tat forgives a defection it saw with this probability; range chosen here."),
    Param("public", "One shared signal", False, kind="bool",
          help="Both sides see the same signal of a breach (Green-Porter), instead of each its own."),
    Param("rounds", "Rounds shown", 30, 10, 100, 1, "rounds", kind="int",
          help="How many rounds each simulated match lasts; the strategies do not look at it. Range chosen here."),
)

MATCHES = 200  # simulated matches per picture: enough for shares to 2 decimals, fast enough for a slider
SEED = 2025    # fixed, so identical settings always draw the identical picture

HOLDS = "Truce holds"
FLARES = "Truce holds with flare-ups"
TOO_SHORT = "Truce collapses: punishment too short"
IMPATIENT = "Truce collapses: too impatient"
UNRAVELS = "Truce unravels: known last round"
NOISY = "Truce collapses: too noisy for any patience"
LABELS = (HOLDS, FLARES, TOO_SHORT, IMPATIENT, UNRAVELS, NOISY)

_STAGE = ("T", "R", "P", "S")


def _check_stage(p: dict) -> None:
    vals = [(k, p[k]) for k in _STAGE]
    for (a, x), (b, y) in zip(vals, vals[1:]):
        if not x > y:
            raise ValueError(f"{a} = {x!r} and {b} = {y!r}: a prisoner's dilemma needs {a} > {b}"
                             f" (T > R > P > S).")
    T, R, S = p["T"], p["R"], p["S"]
    if not 2 * R > T + S:
        raise ValueError(f"R = {R!r}, T = {T!r}, S = {S!r}: the truce must beat taking turns to cheat,"
                         f" 2R > T + S (here 2R = {2 * R!r} and T + S = {T + S!r}).")


def _validated(given: dict, spec=PARAMS) -> dict:
    p = validate_all(spec, given)
    _check_stage(p)
    return p


@dataclass(frozen=True)
class TruceResult:
    """The closed forms of M5.

    delta_grim = (T - R)/(T - P); delta_tft_once = (T - R)/(R - S); delta_tft = the larger of the two.
    V: the Green-Porter value of the truce per round with false alarms and L rounds of punishment.
    ic_holds: the Green-Porter incentive constraint with the current L; ic_forever: with L = infinity.
    delta_star: the least patience with L = infinity (None if no patience works). L_min: the shortest
    punishment that deters (None if none does). war_share = epsilon L/(1 + epsilon L); truce_rounds:
    mean rounds between false alarms (None with epsilon = 0). unravels: a known last round.
    V, war_share, L_min and delta_star describe the truce without a known last round; V and war_share
    are what the truce is worth and how often it is at war only where it is kept (kept: the outcome
    is "holds" or "holds with flare-ups"). outcome: holds (no noise) or holds with flare-ups when the
    constraint holds; otherwise "punishment too short" if a longer finite punishment would deter,
    "too noisy" if no patience below 1 is enough (delta* >= 1, or none), else "too impatient".
    """

    params: tuple
    delta_grim: object
    delta_tft_once: object
    delta_tft: object
    grim_spe: bool
    tft_nash: bool
    V: object
    noise_cost: object
    ic_holds: bool
    ic_forever: bool
    delta_star: object
    L_min: object
    war_share: object
    truce_rounds: object
    unravels: bool
    outcome: str

    @property
    def kept(self) -> bool:
        """The limited-punishment truce is an equilibrium: nobody gains by breaking it."""
        return self.outcome in (HOLDS, FLARES)

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def _failure(deterrable, margin):
    """Why a truce whose constraint fails collapses, as a label code: 2 a longer finite punishment
    would deter, 5 no patience below 1 is enough (too noisy), 3 otherwise (too impatient). Numbers or
    arrays, the same arithmetic for solve() and regime_grid()."""
    return np.where(deterrable, 2, np.where(margin <= 0, 5, 3))


def solve(**params) -> TruceResult:
    """M5 in closed form (models.md): thresholds on patience, Green-Porter value, constraint, war share."""
    p = _validated(params)
    T, R, P, S, delta, epsilon, q = numbers(p, ("T", "R", "P", "S", "delta", "epsilon", "q"))
    L, horizon = p["L"], p["horizon"]
    exact = isinstance(delta, Fraction)
    d_grim = rg.grim_threshold(T, R, P)
    d_once = (T - R) / (R - S)
    d_tft = rg.tft_threshold(T, R, P, S)
    V = rg.green_porter_value(R, P, delta, epsilon, L)
    ic = rg.green_porter_ic(T, R, P, delta, epsilon, q, L)
    ic_inf = rg.green_porter_ic(T, R, P, delta, epsilon, q, None)
    unravels = horizon > 0
    if unravels:
        outcome = UNRAVELS
    elif ic:
        outcome = FLARES if epsilon > 0 else HOLDS
    else:
        code = _failure(rg.green_porter_deterrable(T, R, P, delta, epsilon, q),
                        rg.green_porter_margin(T, R, P, epsilon, q))
        outcome = LABELS[int(code)]
    return TruceResult(
        params=tuple(p.items()),
        delta_grim=d_grim,
        delta_tft_once=d_once,
        delta_tft=d_tft,
        grim_spe=bool(not unravels and at_least(delta, d_grim, exact)),
        tft_nash=bool(not unravels and at_least(delta, d_tft, exact)),
        V=V,
        noise_cost=R - V,
        ic_holds=bool(ic),
        ic_forever=bool(ic_inf),
        delta_star=rg.green_porter_delta_star(T, R, P, epsilon, q),
        L_min=rg.shortest_punishment(T, R, P, delta, epsilon, q),
        war_share=rg.war_share(epsilon, L),
        truce_rounds=1 / epsilon if epsilon > 0 else None,
        unravels=unravels,
        outcome=outcome,
    )


def regime_grid(x: str = "delta", y: str = "epsilon", n: int = 61, **params) -> RegimeGrid:
    """The outcome over a plane of two of delta, epsilon, q and L (each over its slider range)."""
    p = _validated(params)
    xs, ys, g = plane(PARAMS, p, x, y, n, ("delta", "epsilon", "q", "L"))
    T, R, P = (float(p[k]) for k in ("T", "R", "P"))
    if p["horizon"] > 0:
        codes = np.full((n, n), LABELS.index(UNRAVELS), np.int8)
    else:
        # The same formulas as solve() (plane() keeps the whole-number L whole).
        ic = rg.green_porter_ic(T, R, P, g["delta"], g["epsilon"], g["q"], g["L"])
        fail = _failure(rg.green_porter_deterrable(T, R, P, g["delta"], g["epsilon"], g["q"]),
                        rg.green_porter_margin(T, R, P, g["epsilon"], g["q"]))
        codes = np.where(ic, np.where(g["epsilon"] > 0, 1, 0), fail).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


# ---------------------------------------------------------------------------------------------
# Simulation: many noisy matches between two named strategies
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SimulationResult:
    """MATCHES matches of `rounds` rounds. actions[side, round, match] is True where that side (0 US,
    1 China) defected; false_alarms likewise where it saw a defection that did not happen.
    coop_rate[t]: share of matches where both kept the truce in round t. avg_*: mean payoff per
    round (se_*: its standard error over matches); disc_*: mean normalised discounted payoff."""

    params: tuple
    rule_us: str
    rule_cn: str
    actions: np.ndarray
    false_alarms: np.ndarray
    slips: np.ndarray
    coop_rate: np.ndarray
    truce_share: float
    avg_us: float
    avg_cn: float
    se_us: float
    se_cn: float
    disc_us: float
    disc_cn: float

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain_sim(self)


def simulate(strategy_us="tit-for-tat", strategy_cn="tit-for-tat", rounds=30, matches=MATCHES, seed=SEED,
             **params) -> SimulationResult:
    """Play `matches` noisy matches between the two named strategies, with every M5 parameter in
    `params` (plus e, gamma, public); fixed seed, so equal settings give equal pictures."""
    given = dict(params, strategy_us=strategy_us, strategy_cn=strategy_cn, rounds=rounds)
    p = _validated(given, SIM_PARAMS)
    matches = rg._check_count("matches", matches)
    T, R, P, S = (float(p[k]) for k in _STAGE)

    # Generosity γ and punishment length L belong to the rules that use them; the others ignore them.
    us, cn = (rg.strategy(p[k], gamma=float(p["gamma"]), L=p["L"]) for k in ("strategy_us", "strategy_cn"))
    play = rg.play(us, cn, p["rounds"], matches, (T, R, P, S), e=float(p["e"]), epsilon=float(p["epsilon"]),
                   q=float(p["q"]), public=p["public"], seed=seed)
    avg = rg.average(play)
    disc = rg.discounted(play, float(p["delta"]))
    coop = rg.cooperation_rate(play)
    return SimulationResult(
        params=tuple(p.items()),
        rule_us=us.description,
        rule_cn=cn.description,
        actions=play.actions,
        false_alarms=play.false_alarms,
        slips=play.slips,
        coop_rate=coop,
        truce_share=float(coop.mean()),
        avg_us=float(avg[0].mean()),
        avg_cn=float(avg[1].mean()),
        se_us=float(avg[0].std(ddof=1) / math.sqrt(matches)) if matches > 1 else 0.0,
        se_cn=float(avg[1].std(ddof=1) / math.sqrt(matches)) if matches > 1 else 0.0,
        disc_us=float(disc[0].mean()),
        disc_cn=float(disc[1].mean()),
    )


def tournament(rounds=50, matches=20, seed=SEED, **params) -> rg.Tournament:
    """A classroom round robin of every named strategy (itself included) under the M5 payoffs and
    noise in `params` (strategy_us and strategy_cn are ignored): mean payoff per round, ranked."""
    p = _validated(dict(params, rounds=rounds), SIM_PARAMS)
    strategies = [rg.strategy(name, gamma=float(p["gamma"]), L=p["L"]) for name in STRATEGY_NAMES]
    return rg.tournament(strategies, p["rounds"], rg._check_count("matches", matches),
                         tuple(float(p[k]) for k in _STAGE), e=float(p["e"]), epsilon=float(p["epsilon"]),
                         q=float(p["q"]), public=p["public"], seed=seed)


# The simulation seen as a model, so an Explorer can drive it.
sandbox = as_model("tradewar.models.truce.sandbox", "Sandbox: two strategies, noise, many matches", SIM_PARAMS,
                   simulate)


# ---------------------------------------------------------------------------------------------
# Explanations, generated from the numbers
# ---------------------------------------------------------------------------------------------

def _explain(r: TruceResult) -> list[str]:
    p = r.inputs()
    T, R, P, S, delta, epsilon, q = numbers(p, ("T", "R", "P", "S", "delta", "epsilon", "q"))
    L, horizon = p["L"], p["horizon"]
    out = [f"Each round both sides choose to keep the truce or break it: R = {fmt(R)} each while it holds,"
           f" P = {fmt(P)} each in a war, and T = {fmt(T)} against S = {fmt(S)} when one breaks it alone."]
    if horizon > 0:
        out.append(f"With a known last round (round {horizon}) nothing can punish a breach in that round,"
                   f" so both break it; then round {horizon - 1} is the last that matters, and so on back:"
                   f" the truce unravels to war in every round, whatever the patience, in this model, where"
                   f" each side knows the other's payoffs (with a little doubt about a side's type, Kreps,"
                   f" Milgrom, Roberts and Wilson show, cooperation can last until near the end)."
                   if horizon > 1 else
                   "With a single known round nothing can punish a breach: both break the truce.")
    grim = "so" if r.grim_spe else "but"
    out.append(f"With perfect monitoring grim trigger (war for ever after one breach) is subgame perfect if"
               f" and only if δ ≥ (T - R)/(T - P) = {fmt(r.delta_grim)}; δ = {fmt(delta)} {grim} it is"
               f"{'' if r.grim_spe else ' not'}." if horizon == 0 else
               f"Without a known last round grim trigger would need δ ≥ (T - R)/(T - P) = {fmt(r.delta_grim)}.")
    out.append(f"Tit-for-tat needs that too, and also δ ≥ (T - R)/(R - S) = {fmt(r.delta_tft_once)} (breaking the"
               f" truce once and taking one round of punishment must not pay): δ ≥ {fmt(r.delta_tft)} in all, so"
               f" here it is{'' if r.tft_nash else ' not'} a Nash equilibrium.")
    # The Green-Porter truce: the constraint in payoff units (the gain this round against the expected
    # loss from the next round on), then what the truce is worth, said only where it is kept.
    ctx = "Without a known last round, " if horizon > 0 else ""

    def lead(text):
        return ctx + text[0].lower() + text[1:] if ctx else text

    if epsilon > 0:
        out.append(lead(f"With false alarms, one signal both sides see reads \"breach\" with probability"
                        f" ε = {fmt(epsilon)} in a round when both keep the truce and q = {fmt(q)} when one breaks"
                        f" it; the truce punishes every such signal with L = {L} round{'s' if L != 1 else ''}"
                        " of war, then resumes."))
    reach = (1 - delta ** L) / (1 - delta)  # 1 + δ + ... + δ^(L-1): the rounds of war, discounted
    loss = delta * (q - epsilon) * reach * (r.V - P)
    held = ("holds: breaking the truce does not pay" if r.ic_holds else
            "fails: breaking the truce pays, so this truce is not kept")
    if horizon > 0:
        held = "would hold" if r.ic_holds else "would fail"
    out.append(lead(f"Breaking the truce gains T - R = {fmt(T - R)} this round. It raises the chance of a signal"
                    f" from ε = {fmt(epsilon)} to q = {fmt(q)}, and a signal costs L = {L}"
                    f" round{'s' if L != 1 else ''} of war, each V - P = {fmt(r.V - P)} below the value per round"
                    f" V = {fmt(r.V)} the truce has while both keep it: an expected loss of"
                    f" δ(q - ε)·{'1' if L == 1 else '(1 - δ^L)/(1 - δ)'}·(V - P) = {fmt(loss)} from the next"
                    f" round on, so the incentive constraint {held}."))
    if r.kept and epsilon > 0:
        out.append(f"So the truce lasts 1/ε = {fmt(r.truce_rounds)} rounds on average between flare-ups and"
                   f" spends a share εL/(1 + εL) = {fmt(r.war_share)} of the time at war with nobody cheating;"
                   f" it is worth V = {fmt(r.V)} per round instead of R = {fmt(R)}: the noise costs"
                   f" {fmt(r.noise_cost)} per round.")
    elif r.kept:
        out.append(f"With no false alarms (ε = 0) a truce that nobody breaks is never punished, and it is worth"
                   f" the full R = {fmt(R)} per round.")
    if rg.green_porter_margin(T, R, P, epsilon, q) <= 0:  # the test solve() uses for "too noisy"
        need = "" if r.delta_star is None else f" (it would need δ ≥ δ* = {fmt(r.delta_star)})"
        out.append(lead(f"No patience below 1 is enough, even with a punishment that never ends{need}: with this"
                        " much noise a breach adds too little to the chance of being punished."))
    else:
        out.append(lead(f"An everlasting punishment deters a breach if and only if δ ≥ δ* = {fmt(r.delta_star)}"
                        + ("; fewer false alarms (a lower ε, a hotline) lower δ*." if epsilon > 0 else
                           ", as low as it goes: there are no false alarms left to remove.")))
    if r.L_min is None:
        out.append(lead("No punishment of any finite length deters a breach at this patience."))
    else:
        out.append(lead(f"The shortest punishment that deters is L = {r.L_min} round{'s' if r.L_min != 1 else ''}"
                        f"{'; L = ' + str(L) + ' is too short' if L < r.L_min else ''}."))
    out.append(f"Outcome: {r.outcome}.")
    return out


def _explain_sim(r: SimulationResult) -> list[str]:
    p = r.inputs()
    n = r.actions.shape[2]
    out = [f"US plays {p['strategy_us']}: {r.rule_us}", f"China plays {p['strategy_cn']}: {r.rule_cn}"]
    out.append(f"Over {n} matches of {p['rounds']} rounds both sides kept the truce in {r.truce_share:.0%} of"
               f" rounds (simulated with a fixed seed).")
    out.append(f"Mean payoff per round: US {r.avg_us:.2f} (± {r.se_us:.2f}), China {r.avg_cn:.2f}"
               f" (± {r.se_cn:.2f}); a steady truce gives R = {fmt(p['R'])}, a steady war P = {fmt(p['P'])}.")
    kept = ~r.actions[::-1]
    alarms = r.false_alarms.sum()
    if kept.any():
        out.append(f"False alarms: a side saw a breach that did not happen in {alarms / kept.sum():.1%} of the"
                   f" rounds in which the other kept the truce (ε = {fmt(p['epsilon'])}).")
    first = r.actions[:, :, 0].any(axis=0)
    if first.any():
        t = int(np.argmax(first))
        cause = ""
        if r.slips[:, t, 0].any():
            cause = " by a slip"
        elif t > 0 and r.false_alarms[:, t - 1, 0].any():
            cause = ", answering a false alarm in the round before"
        who = " and ".join(s for s, d in zip(("the US", "China"), r.actions[:, t, 0]) if d)
        echo = int(r.actions[:, t:, 0].any(axis=0).sum())
        out.append(f"In match 1 the truce first broke in round {t + 1}: {who} defected{cause}; from then on"
                   f" someone defected in {echo} of the remaining {p['rounds'] - t} rounds.")
    else:
        out.append("In match 1 the truce never broke.")
    return out
