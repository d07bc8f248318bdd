"""M10 Brinkmanship: a threat that leaves something to chance.

China need not announce a cut-off. It can slow-walk rare-earth licences, a deniable move that
raises the *risk* that US factories run short, and it can turn that risk up or down. Schelling's
point is that a threat too costly to carry out for sure can still coerce when it is carried out
only with some probability p. A real shortfall would do the US the damage D0_us (D⁰_U, before
substitutes); substitutes and stockpiles (sigma) leave it D_U = D0_us·(1 - sigma), the damage net of
substitutes as in M1 (which also nets out leakage). The US yields as soon as the expected damage
p·D_U reaches what it would gain by holding firm, v (Dixit and Skeath's effectiveness condition), so
China needs only p* = v/D_U. The threat must also be credible: were the US to hold firm, China must
prefer keeping the risk p* running (an expected loss p*·D_cn, D_cn being China's damage if the
confrontation is carried through) to giving in (losing l), so p*·D_cn <= l (their acceptability
condition). That is a condition on what China would do if called, not a cost China pays: when the
US yields, nothing is cut off. Dividing through, brinkmanship pays exactly when the damage ratio
beats the stakes ratio, D_U/D_cn >= v/l; rising substitutes shrink D_U until no affordable risk is
enough. Institutionalised licensing (the October 2025 rule; Gertz says Beijing wants to be able to
"pull those cards" quickly) lets China set p quickly and precisely; M10 has no cost of setting p.

References: Schelling, *The Strategy of Conflict* (1960), ch. 8; Schelling, *Arms and Influence*
(1966), ch. 3; Powell (1990), *Nuclear Deterrence Theory*. Data: none of the numbers is from the
articles. D0_us defaults to M1's damage before substitutes and leakage at its defaults (m·s = 5 x 0.92,
Kennedy's 92% share times a teaching calibration); everything else is a teaching calibration.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tradewar.games import at_least
from tradewar.models import chokepoint
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = ["TITLE", "PARAMS", "LABELS", "RESPONSES", "BrinkmanshipResult", "solve", "regime_grid"]

TITLE = "M10 Brinkmanship: a threat that leaves something to chance"

# M1's damage from a cut-off at its defaults (m·s = 5 x 0.92, with no substitutes or leakage there),
# rounded to the slider step so the default sits on a slider tick instead of at 4.6000000000000005.
_D_US_M1 = round(float(chokepoint.solve().D_us), 2)

PARAMS = specs(
    Param("p", "Licence-denial probability (p)", 0.3, 0, 1, 0.01, "probability",
          help="The chance that China's slow-walking turns into a real shortfall; China sets it."),
    Param("D0_us", "US damage before substitutes (D⁰_U)", _D_US_M1, 0, 10, 0.1, "payoff units",
          help=f"Harm to the US if licences really stop and nothing replaces them; the US bears"
               f" D_U = D⁰_U·(1 - σ). Default {_D_US_M1} = M1's m·s at its defaults (5 × 0.92);"
               " range [0, 10] chosen here."),
    Param("D_cn", "China's damage from a shortfall (D_C)", 2, 0, 5, 0.05, "payoff units",
          help="China's damage if the confrontation is carried through, here a real shortfall (lost"
               " sales, firms and buyers leaving); default 2, the value of M1's D_C; range [0, 5] chosen here."),
    Param("v", "US stake (v)", 1, 0.1, 3, 0.05, "payoff units",
          help="What the US gains by holding firm instead of yielding; as in M1, range [0.1, 3] chosen here."),
    Param("l", "China's stake (l)", 1, 0.1, 3, 0.05, "payoff units",
          help="What China loses if it gives in instead; as in M1, range [0.1, 3] chosen here."),
    Param("sigma", "US substitutes (σ)", 0, 0, 1, 0.01, "share",
          help="Share of the lost supply the US can replace; the damage it suffers is D_U = D⁰_U·(1 - σ)."
               " Range [0, 1] as in M1."),
)

# Short, because they label regions on a map; explain() gives the reasons in full.
PAYS = "Brinkmanship pays: the US yields to p*"
NOT_CREDIBLE = "Not credible: China would back down"
HOPELESS = "No risk is enough"
LABELS = (PAYS, NOT_CREDIBLE, HOPELESS)

YIELDS = "US yields"
HOLDS = "US holds firm"
RESPONSES = (YIELDS, HOLDS)


@dataclass(frozen=True)
class BrinkmanshipResult:
    """The US response to China's current risk p, and China's best risk.

    damage_us is D_U, the damage the US actually suffers, D0_us·(1 - σ). p_star (the smallest risk that
    makes the US yield) is None when no probability up to 1 is enough; p_max (the largest risk China
    would keep running against a US that holds firm, min(1, l/D_cn)) is 1 when a shortfall costs China
    nothing. exp_cost_cn and exp_cost_cn_star are what China would expect to lose if the US held firm
    (at p and at p*): they decide whether the threat is credible; when the US yields nothing is cut off.
    worth_it: the threat at p* is credible (p*·D_cn <= l), so brinkmanship pays.
    """

    params: tuple
    damage_us: object
    p_star: object
    p_max: object
    us_yields: bool
    response: str
    exp_cost_us: object  # p·damage_us: the US's expected damage at the current p
    exp_cost_cn: object  # p·D_cn: China's expected loss at the current p if the US held firm
    exp_cost_cn_star: object  # p*·D_cn (the same at p*), or None without a p*
    worth_it: bool
    damage_ratio: object  # damage_us/D_cn, or None when D_cn = 0
    stakes_ratio: object  # v/l
    sigma_star: object  # the most substitutes with which brinkmanship still pays, or None
    outcome: str

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> BrinkmanshipResult:
    """Solve M10 in closed form."""
    p = validate_all(PARAMS, params)
    prob, D0_us, D_cn, v, l, sigma = numbers(p, PARAMS)
    exact = isinstance(prob, Fraction)
    damage = D0_us * (1 - sigma)

    us_yields = bool(at_least(prob * damage, v, exact))
    # p* = v/damage only when it is a probability: a shortfall must be able to cost at least v.
    p_star = v / damage if damage > 0 and at_least(damage, v, exact) else None
    if p_star is not None and not exact:
        p_star = min(p_star, 1.0)  # damage = v within the tolerance: a sure shortfall just works
    one = Fraction(1) if exact else 1.0
    p_max = min(l / D_cn, one) if D_cn > 0 else one
    worth_it = p_star is not None and bool(at_least(l, p_star * D_cn, exact))
    outcome = PAYS if worth_it else (NOT_CREDIBLE if p_star is not None else HOPELESS)

    # Brinkmanship pays iff the damage reaches both v (so that p* <= 1) and v·D_cn/l (so that
    # p*·D_cn <= l); sigma* is where D0_us·(1 - sigma) falls to the larger of the two. None when even
    # sigma = 0 is not enough.
    sigma_star = None
    if l * D0_us > 0:  # not D0_us > 0: a tiny float D0_us times l can underflow to 0
        s = 1 - v * max(l, D_cn) / (l * D0_us)
        if s >= 0:
            sigma_star = s

    return BrinkmanshipResult(
        params=tuple(p.items()),
        damage_us=damage,
        p_star=p_star,
        p_max=p_max,
        us_yields=us_yields,
        response=YIELDS if us_yields else HOLDS,
        exp_cost_us=prob * damage,
        exp_cost_cn=prob * D_cn,
        exp_cost_cn_star=None if p_star is None else p_star * D_cn,
        worth_it=worth_it,
        damage_ratio=damage / D_cn if D_cn > 0 else None,
        stakes_ratio=v / l,
        sigma_star=sigma_star,
        outcome=outcome,
    )


def regime_grid(x: str = "D0_us", y: str = "D_cn", n: int = 61, **params) -> RegimeGrid:
    """China's best play over a plane of two parameters (each over its slider range)."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n)
    damage = g["D0_us"] * (1 - g["sigma"])
    # The same tests as solve(): a working risk exists iff damage >= v (and damage > 0); it pays
    # iff l >= p*·D_cn with p* = v/damage, capped at 1 as in solve().
    feasible = (damage > 0) & at_least(damage, g["v"], False)
    # Feasible cells have damage >= v >= 0.1; the placeholder 1.0 keeps the others from dividing by ~0.
    p_star = np.minimum(np.where(feasible, g["v"] / np.where(feasible, damage, 1.0), 1.0), 1.0)
    pays = feasible & at_least(g["l"], p_star * g["D_cn"], False)
    codes = np.where(pays, 0, np.where(feasible, 1, 2)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: BrinkmanshipResult) -> list[str]:
    prob, D0_us, D_cn, v, l, sigma = (r.inputs()[k] for k in PARAMS)
    out = [
        f"A real shortfall would cost the US D_U = D⁰_U·(1 - σ) = {fmt(D0_us)} × {fmt(1 - sigma)} ="
        f" {fmt(r.damage_us)} and China D_C = {fmt(D_cn)} payoff units.",
        f"At the current risk p = {fmt(prob)} the US expects damage p·D_U = {fmt(r.exp_cost_us)},"
        f" {'at least' if r.us_yields else 'less than'} its stake v = {fmt(v)}, so it"
        f" {'yields' if r.us_yields else 'holds firm'}. "
        + (f"Were it to hold firm instead, China would expect to lose p·D_C = {fmt(r.exp_cost_cn)}; as it"
           " yields, nothing is cut off." if r.us_yields else
           f"As long as the risk runs against a US that holds firm, China expects to lose p·D_C ="
           f" {fmt(r.exp_cost_cn)}."),
    ]
    if r.p_star is None:
        out.append(f"Even a certain shortfall (p = 1) would cost the US only D_U = {fmt(r.damage_us)}, less than"
                   f" v = {fmt(v)}: no risk China can run makes the US yield.")
    else:
        out.append(f"The smallest risk that makes the US yield is p* = v/D_U = {fmt(r.p_star)}.")
        verdict = "at most" if r.worth_it else "more than"
        end = ("So the threat is credible: at p = p* the US yields and nothing is cut off" if r.worth_it
               else "So the threat is not credible: a US that holds firm can expect China to back down")
        out.append(f"Is the threat credible? Against a US that held firm, keeping p* running would cost China"
                   f" p*·D_C = {fmt(r.exp_cost_cn_star)} in expectation, {verdict} what giving in costs it,"
                   f" l = {fmt(l)}. {end}.")
        if r.worth_it and prob < r.p_star:
            out.append(f"The current p = {fmt(prob)} is below p*: China is not yet running enough risk.")
        elif r.worth_it and prob > r.p_star:
            out.append(f"The current p = {fmt(prob)} is above p*: the US yields anyway; the extra risk buys"
                       " nothing and would only raise both sides' expected losses if the US held firm.")
    if r.damage_ratio is None:
        out.append("A shortfall costs China nothing here (D_C = 0), so any risk that works is credible.")
    else:
        out.append(f"The rule behind it: the damage ratio D_U/D_C = {fmt(r.damage_ratio)} against the"
                   f" stakes ratio v/l = {fmt(r.stakes_ratio)}; coercion by risk works when the first is at"
                   " least the second (and a sure shortfall would be enough).")
    if r.sigma_star is not None:
        side = "at or below" if r.worth_it else "above"
        out.append(f"Substitutes σ = {fmt(sigma)} are {side} σ* = 1 - v·max(l, D_C)/(l·D⁰_U) ="
                   f" {fmt(r.sigma_star)}, the share of replaced supply beyond which the threat stops"
                   " paying (no longer credible, or no risk is enough).")
    out.append(f"Outcome: {r.outcome}.")
    return out
