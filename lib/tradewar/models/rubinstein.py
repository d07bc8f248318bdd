"""M6 Rubinstein bargaining with an outside option: does the more eager side get less?

The US and China divide the gains from a deal (a pie of size 1) by alternating offers: one proposes, the
other accepts or rejects and makes the next offer one period later. Waiting costs each side at its own
rate r (the US: midterms, markets, plant stoppages; China: its own slowdown), so a side's per-period
discount factor is delta = exp(-r·Delta) for offers Delta months apart. In the unique subgame-perfect
equilibrium the first offer is accepted at once, and the more impatient side gets less than it would with
equal patience. Whether it gets less than half depends on who proposes and how far apart the offers are:
as offers speed up (Delta -> 0) the proposer's edge vanishes and the more impatient side gets less than
half whoever proposes, but with r_us = 0.5, r_cn = 0.25 and Delta = 3 a proposing US keeps 0.59. "Trump
wants an agreement more than the Chinese do" (Kroeber, Barron's/Mint) reads, in this model, as r_us > r_cn. China's
readiness "to walk" is an outside option w_cn it may take instead of rejecting. It changes nothing until
it exceeds what China would get anyway as a responder; then every US offer must give China w_cn (and a
proposing China keeps 1 - delta_us·(1 - w_cn)).

Rates are per month and Delta is in months; all numbers are teaching calibrations, not article figures.

References: Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50; Gibbons,
*Game Theory for Applied Economists*, section 2.1.D; Osborne, *An Introduction to Game Theory*, ch. 16;
on outside options, Shaked & Sutton (1984), "Involuntary unemployment as a perfect equilibrium in a
bargaining model", Econometrica 52; Binmore, Rubinstein & Wolinsky (1986), "The Nash bargaining solution in
economic modelling", RAND Journal of Economics 17; Osborne & Rubinstein, *Bargaining and Markets* (1990),
section 3.12; and the laboratory test, Binmore, Shaked & Sutton (1989), "An outside option experiment",
QJE 104.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tradewar.games import above
from tradewar.games.bargaining import discount, limit_share, outside_option
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = ["TITLE", "PARAMS", "LABELS", "PROPOSERS", "RubinsteinResult", "solve", "regime_grid"]

TITLE = "M6 Rubinstein bargaining with an outside option"

PROPOSERS = ("US", "China")
_NUMERIC = ("r_us", "r_cn", "w_cn", "Delta")

PARAMS = specs(
    Param("r_us", "US impatience (r_U)", 0.2, 0.05, 0.5, 0.01, "per month",
          help="How fast delay costs the US (midterm proximity, plant stoppages)."),
    Param("r_cn", "China's impatience (r_C)", 0.1, 0.05, 0.5, 0.01, "per month",
          help="How fast delay costs China; range [0.05, 0.5] chosen here, the same as the US's."),
    Param("w_cn", "China's outside option (w_C)", 0, 0, 1, 0.01, "share of the gains",
          help="What China gets if it walks away instead of making a counter-offer (\"ready to walk\")."),
    Param("proposer", "Who makes the first offer", "US", kind="choice", choices=PROPOSERS,
          help="The side that proposes first; it gains an edge that vanishes as offers speed up."),
    Param("Delta", "Time between offers (Δ)", 1, 0, 3, 0.1, "months",
          help="Months between one offer and the next; 0 is the limit of instant counter-offers."
               " Range [0, 3] chosen here."),
)

BINDS = "China's outside option binds: US offers must match it"
US_MORE = "The option is idle: the US gets more"
CN_MORE = "The option is idle: China gets more"
EVEN = "The option is idle: an even split"
LABELS = (BINDS, US_MORE, CN_MORE, EVEN)

_THE = {"US": "the US", "China": "China"}
# Below this Delta·(r_us + r_cn) offers count as instant. The discrete split then differs from the
# limit by about half of it, while 1 - δ_us·δ_cn loses digits to rounding: at 1e-6 the difference
# (5e-7) still dwarfs the rounding (1e-10), so solve() and the map never straddle a float tie.
_INSTANT = 1e-6


@dataclass(frozen=True)
class RubinsteinResult:
    """The subgame-perfect agreement of M6 (reached at once).

    delta_us, delta_cn: per-period discount factors (1 in the limit Delta = 0); share_us, share_cn:
    the agreed division; w_star: what China would get anyway in answer to a US offer, the level its
    outside option must exceed to bind; binds: whether it does; limit_share_us: r_cn/(r_us + r_cn),
    the US share as offers become instantaneous.
    """

    params: tuple
    proposer: str
    delta_us: object
    delta_cn: object
    share_us: object
    share_cn: object
    w_star: object
    binds: bool
    limit_share_us: object
    limit_share_cn: object
    outcome: str

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> RubinsteinResult:
    """Solve M6 in closed form (games.bargaining.finite_horizon converges to the same shares)."""
    p = validate_all(PARAMS, params)
    r_us, r_cn, w_cn, Delta = numbers(p, _NUMERIC)
    exact = isinstance(r_us, Fraction) and Delta == 0
    limit_us = limit_share(r_us, r_cn)
    if Delta * (r_us + r_cn) < _INSTANT:
        # Instant counter-offers: each side's share is set by the rates alone, whoever proposes.
        d_us = d_cn = 1 if exact else 1.0
        w_star = 1 - limit_us
        binds = bool(above(w_cn, w_star, exact))
        share_cn = w_cn if binds else w_star
    else:
        d_us, d_cn = discount(r_us, Delta), discount(r_cn, Delta)
        w_cn = float(w_cn)
        # China's option is taken only instead of rejecting, i.e. when China responds.
        eq = outside_option(d_us, d_cn, w_cn)
        w_star = eq.threshold
        binds = bool(above(w_cn, w_star, False))
        if not binds:  # within tolerance of the threshold: no binding either way
            eq = outside_option(d_us, d_cn, min(w_cn, w_star))
        share_cn = eq.offer_j if p["proposer"] == "US" else eq.keep_j
    share_us = 1 - share_cn
    return RubinsteinResult(
        params=tuple(p.items()),
        proposer=p["proposer"],
        delta_us=d_us,
        delta_cn=d_cn,
        share_us=share_us,
        share_cn=share_cn,
        w_star=w_star,
        binds=binds,
        limit_share_us=limit_us,
        limit_share_cn=1 - limit_us,
        outcome=_outcome(binds, share_us, share_cn, exact),
    )


def _outcome(binds, share_us, share_cn, exact):
    if binds:
        return BINDS
    if above(share_us, share_cn, exact):
        return US_MORE
    if above(share_cn, share_us, exact):
        return CN_MORE
    return EVEN


def regime_grid(x: str = "r_us", y: str = "w_cn", n: int = 61, **params) -> RegimeGrid:
    """The outcome over a plane of two of r_us, r_cn, w_cn, Delta, each over its slider range."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n, _NUMERIC)
    r_us, r_cn, w_cn, Delta = g["r_us"], g["r_cn"], g["w_cn"], g["Delta"]
    d_us, d_cn = np.exp(-r_us * Delta), np.exp(-r_cn * Delta)
    instant = Delta * (r_us + r_cn) < _INSTANT
    with np.errstate(divide="ignore", invalid="ignore"):
        # The same formulas as solve(); Delta = 0 cells use the limit (0/0 otherwise).
        w_star = np.where(instant, r_us / (r_us + r_cn), d_cn * (1 - d_us) / (1 - d_us * d_cn))
        keep_cn = np.where(instant, w_star, (1 - d_us) / (1 - d_us * d_cn))
    binds = above(w_cn, w_star, False)
    if p["proposer"] == "US":
        share_cn = np.where(binds, w_cn, w_star)
    else:
        share_cn = np.where(binds, np.where(instant, w_cn, 1 - d_us * (1 - w_cn)), keep_cn)
    share_us = 1 - share_cn
    codes = np.where(binds, 0, np.where(above(share_us, share_cn, False), 1,
                                        np.where(above(share_cn, share_us, False), 2, 3))).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: RubinsteinResult) -> list[str]:
    p = r.inputs()
    r_us, r_cn, w_cn, Delta = (p[k] for k in _NUMERIC)
    other = "China" if r.proposer == "US" else "US"
    out = []
    if Delta * (r_us + r_cn) < _INSTANT:
        out.append(f"Counter-offers come instantly (Δ = {fmt(Delta)}), so only the ratio of impatience matters: the US"
                   f" gets r_C/(r_U + r_C) = {fmt(r_cn)}/({fmt(r_us)} + {fmt(r_cn)}) = {fmt(r.limit_share_us, 3)}"
                   " of the gains whoever proposes.")
    else:
        out.append(f"With offers Δ = {fmt(Delta)} month{'' if Delta == 1 else 's'} apart, waiting costs the US at rate"
                   f" {fmt(r_us)} and China at rate {fmt(r_cn)} per month: discount factors δ_U = e^(-r_U·Δ) = {fmt(r.delta_us, 3)} and"
                   f" δ_C = e^(-r_C·Δ) = {fmt(r.delta_cn, 3)} per offer.")
        d_p, d_r = (r.delta_us, r.delta_cn) if r.proposer == "US" else (r.delta_cn, r.delta_us)
        out.append(f"{_cap(r.proposer)} proposes first; without an outside option it would keep (1 - δ_{_sub(other)})/(1 - δ_U·δ_C) ="
                   f" {fmt((1 - d_r) / (1 - d_p * d_r), 3)}: the responder accepts anything worth as much as"
                   " proposing itself one period later.")
        out.append(f"As offers speed up (Δ → 0) the proposer's edge vanishes and the US share tends to"
                   f" r_C/(r_U + r_C) = {fmt(r.limit_share_us, 3)}.")
    if r_us > r_cn:
        out.append("The US is the more impatient side, so it gets less than it would with equal patience.")
    elif r_us < r_cn:
        out.append("China is the more impatient side, so it gets less than it would with equal patience.")
    if r.binds:
        out.append(f"China's outside option w_C = {fmt(w_cn)} is above the {fmt(r.w_star, 3)} it would get as a"
                   " responder anyway, so walking away is a real threat and every US offer must give China w_C.")
        if r.proposer == "China" and Delta * (r_us + r_cn) >= _INSTANT:
            out.append(f"China proposes, so it keeps more than w_C: 1 - δ_U·(1 - w_C) = {fmt(r.share_cn, 3)},"
                       " since the US, if it rejected, would have to offer w_C one period later.")
    else:
        out.append(f"China's outside option w_C = {fmt(w_cn)} is not above the {fmt(r.w_star, 3)} it gets as a"
                   " responder anyway: being \"ready to walk\" changes nothing.")
    out.append(f"Agreement at once: the US gets {fmt(r.share_us, 3)} and China {fmt(r.share_cn, 3)} of the gains"
               f" ({r.outcome}).")
    return out


def _cap(side):
    return "The US" if side == "US" else "China"


def _sub(side):
    return "U" if side == "US" else "C"
