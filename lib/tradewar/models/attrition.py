"""M9 Reputational war of attrition: who gives way first?

Each side demands a share α of the gains from a deal (the two demands add up to more than the whole,
so someone has to give way). With a small probability z a side is obstinate: it never concedes. To
concede, as in Abreu and Gul, is to accept the other side's demand (and take 1 - α); a phone call or a
request for talks is not a concession in this model (it changes no payoff: it is cheap talk), though
observers may read one as a sign of the caller's type. A rational side waits, hoping to be taken for
obstinate, and concedes at a rate that keeps the other side just willing to wait. The side that would
take longer to convince the world it is obstinate, because it is more impatient (larger r) or has a
smaller reputation (smaller z), is the weak side: it concedes at once with a positive probability, which usually makes it the one to give
way first. (A weak side is not the weak type of notebook 05's chain store: both sides here are rational
unless obstinate; weak names the side that would need longer to look obstinate.) On an exact tie
neither side is weak and nobody concedes at once. In 2025 the US asked for the Geneva talks and initiated the June 5 call; whether that was
giving way is the reading the model can test: which numbers make the US the weak side?

Time is measured in months and r is a rate per month; all numbers are teaching calibrations.

References: Maynard Smith (1974), "The theory of games and the evolution of animal conflicts"; Osborne,
*An Introduction to Game Theory*, ch. 3 (war of attrition); Fudenberg & Tirole, *Game Theory*, section
4.5; Abreu & Gul (2000), "Bargaining and reputation", Econometrica 68. Data: none from the articles.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradewar.games import REL_TOL as _REL_TOL
from tradewar.games.bargaining import attrition as _attrition
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = ["TITLE", "PARAMS", "LABELS", "AttritionResult", "solve", "regime_grid"]

TITLE = "M9 Reputational war of attrition"

PARAMS = specs(
    Param("r_us", "US impatience (r_U)", 0.2, 0.05, 0.5, 0.01, "per month",
          help="How fast waiting costs the US (markets, plant stoppages, the coming midterm elections; their date,"
               " Nov 3, 2026, is from outside the articles); range [0.05, 0.5] as in M6."),
    Param("r_cn", "China's impatience (r_C)", 0.1, 0.05, 0.5, 0.01, "per month",
          help="How fast waiting costs China; range [0.05, 0.5] chosen here, the same as the US's."),
    Param("z_us", "US reputation (z_U)", 0.1, 0.01, 0.9, 0.01, "probability",
          help="Prior chance the US is obstinate and never concedes (TACO lowers it); range [0.01, 0.9] chosen here."),
    Param("z_cn", "China's reputation (z_C)", 0.1, 0.01, 0.9, 0.01, "probability",
          help="Prior chance China is obstinate and never concedes; range [0.01, 0.9] chosen here."),
    Param("alpha", "Each side's demand (α)", 0.75, 0.55, 0.95, 0.01, "share of the gains",
          help="The share of the gains each side insists on (Abreu and Gul's α); two demands above 1/2"
               " cannot both be met; conceding means accepting 1 - α."
               " Range [0.55, 0.95] chosen here."),
)

US_WEAK = "US is the weak side: it may concede at once"
CN_WEAK = "China is the weak side: it may concede at once"
EVEN = "Evenly matched: nobody concedes at once"
LABELS = (US_WEAK, CN_WEAK, EVEN)

_THE_CAP = {"US": "The US", "China": "China"}
_CURVE_POINTS = 61


@dataclass(frozen=True)
class AttritionResult:
    """The equilibrium of the war of attrition (time in months).

    lam_us, lam_cn: the rates at which a rational side concedes (exact for exact inputs); T_us, T_cn:
    the time each would need to exhaust its rational types conceding at that rate; weak: "US" or
    "China", the side with the larger T, or None on an exact tie (then c = 0 and the outcome is EVEN);
    c: the probability the weak side concedes at t = 0 (0 on a tie); p_us_first, p_cn_first: the probability each concedes first
    (p_stalemate that nobody ever does); expected_delay: the mean time to a concession, given one
    happens; payoff_us, payoff_cn: each rational side's expected share; times, survive_us,
    survive_cn: the probability each side is still holding out at each time (for a chart).
    """

    params: tuple
    lam_us: object
    lam_cn: object
    T_us: float
    T_cn: float
    T0: float
    weak: object  # "US", "China", or None on a tie
    c: float
    p_us_first: float
    p_cn_first: float
    p_stalemate: float
    expected_delay: float
    payoff_us: float
    payoff_cn: float
    outcome: str
    times: tuple
    survive_us: tuple
    survive_cn: tuple

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> AttritionResult:
    """Solve M9 in closed form (Abreu & Gul 2000 with equal demands α)."""
    p = validate_all(PARAMS, params)
    r_us, r_cn, z_us, z_cn, alpha = numbers(p, PARAMS)
    sol = _attrition((r_us, r_cn), (z_us, z_cn), (alpha, alpha), rel_tol=_REL_TOL)
    weak = {0: "US", 1: "China", None: None}[sol.weak]
    outcome = EVEN if sol.weak is None else (US_WEAK if sol.weak == 0 else CN_WEAK)
    c = sol.c[0] + sol.c[1]
    # The weak rational side is indifferent at t = 0, so it expects what conceding at once gives:
    # 1 - α. The strong side gets α if the other concedes at once and 1 - α otherwise (it is
    # indifferent over its own concession times too). On a tie both expect 1 - α.
    give = float(1 - alpha)
    strong = c * float(alpha) + (1 - c) * give
    pay = (give, strong) if sol.weak == 0 else (strong, give) if sol.weak == 1 else (give, give)
    times = np.linspace(0.0, 1.25 * sol.T0, _CURVE_POINTS)
    curves = [tuple(sol.survival(k, times).tolist()) for k in (0, 1)]
    return AttritionResult(
        params=tuple(p.items()),
        lam_us=sol.lam[0],
        lam_cn=sol.lam[1],
        T_us=sol.T[0],
        T_cn=sol.T[1],
        T0=sol.T0,
        weak=weak,
        c=c,
        p_us_first=sol.p_first[0],
        p_cn_first=sol.p_first[1],
        p_stalemate=sol.p_stalemate,
        expected_delay=sol.expected_delay,
        payoff_us=pay[0],
        payoff_cn=pay[1],
        outcome=outcome,
        times=tuple(float(t) for t in times),
        survive_us=curves[0],
        survive_cn=curves[1],
    )


def regime_grid(x: str = "z_us", y: str = "r_us", n: int = 61, **params) -> RegimeGrid:
    """Which side is weak over a plane of two parameters, each over its slider range."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n)
    alpha = g["alpha"]
    # The same formulas as games.bargaining.attrition, in the same order of operations.
    lam_us = g["r_cn"] * (1 - alpha) / (alpha + alpha - 1)
    lam_cn = g["r_us"] * (1 - alpha) / (alpha + alpha - 1)
    T_us = -np.log(g["z_us"]) / lam_us
    T_cn = -np.log(g["z_cn"]) / lam_cn
    tie = np.abs(T_us - T_cn) <= _REL_TOL * np.maximum(T_us, T_cn)
    codes = np.where(tie, 2, np.where(T_us > T_cn, 0, 1)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: AttritionResult) -> list[str]:
    p = r.inputs()
    r_us, r_cn, z_us, z_cn, alpha = (p[k] for k in PARAMS)
    out = [
        f"Each side demands α = {fmt(alpha)} of the gains, so the demands add up to {fmt(2 * alpha)} > 1: one"
        f" side must concede, that is, accept the other's demand and take 1 - α = {fmt(1 - alpha)}.",
        f"A rational US concedes at rate λ_U = r_C·(1 - α)/(2α - 1) = {fmt(r.lam_us, 3)} per month and a"
        f" rational China at λ_C = r_U·(1 - α)/(2α - 1) = {fmt(r.lam_cn, 3)}: each rate just keeps the"
        " other side willing to wait, so the more impatient side's opponent concedes faster.",
        f"Conceding at that rate alone, the US would exhaust its rational types after T_U = -ln z_U/λ_U ="
        f" {fmt(r.T_us, 1)} months and China after T_C = -ln z_C/λ_C = {fmt(r.T_cn, 1)} months.",
    ]
    if r.weak is None:
        out.append("The two times are equal, so neither side is weak: nobody concedes at once and both"
                   f" reputations reach certainty together after {fmt(r.T0, 1)} months.")
    else:
        w = r.weak
        s = "China" if w == "US" else "US"
        iw, js = ("U", "C") if w == "US" else ("C", "U")
        out.append(
            f"{_THE_CAP[w]} needs longer, so it is the weak side: it concedes at once with probability"
            f" c = 1 - z_{iw}·z_{js}^(-λ_{iw}/λ_{js}) = {fmt(r.c, 3)}, which lets both reputations reach"
            f" certainty together after T0 = {fmt(r.T0, 1)} months. {_THE_CAP[s]} never concedes at once."
        )
    out.append(
        f"The US concedes first with probability {fmt(r.p_us_first, 3)} and China with probability"
        f" {fmt(r.p_cn_first, 3)}; with probability z_U·z_C = {fmt(r.p_stalemate, 3)} both are obstinate"
        f" and nobody ever does. Given that someone concedes, it takes {fmt(r.expected_delay, 1)} months on"
        " average."
    )
    if r.weak is None:
        out.append(f"A rational US expects a share of {fmt(r.payoff_us, 3)} and a rational China"
                   f" {fmt(r.payoff_cn, 3)}: with nobody weak, each side gets 1 - α = {fmt(1 - alpha)}, what"
                   " conceding at once would give it.")
    else:
        out.append(f"A rational US expects a share of {fmt(r.payoff_us, 3)} and a rational China"
                   f" {fmt(r.payoff_cn, 3)}: the weak side gets exactly what conceding at once gives, 1 - α ="
                   f" {fmt(1 - alpha)}, however long it waits.")
    out.append("A side seen to concede is revealed rational (an obstinate type never concedes). This model is"
               " one standoff; in a later standoff that side's prior z would be lower.")
    return out
