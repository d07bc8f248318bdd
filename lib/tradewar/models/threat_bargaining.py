"""M7 Nash bargaining with threat points: the threat does the work, and linkage lets both win.

The US and China split a surplus S from a deal. What each can do to the other if talks fail sets the
threat point: China's refining monopoly would cost the US d_us = -m·s·(1 - σ), the same damage as in M1,
while US chip controls and tariffs would cost China d_cn = -D_cn (the mutual hostage of "weaponized
interdependence"). The Nash bargaining solution gives each side its threat payoff plus a share of what
the deal adds: the US gets the weight alpha = r_cn/(r_us + r_cn) (the more patient side gets more, as in
M6). China's payoff rises with its refining share s although nothing is ever cut off.

Nash's variable threats: a side may choose which threat to hold. China compares the April list (the
dual-use listing) with the October rule (licences for magnets anywhere with Chinese content), which,
as calibrated here, hurts the US more but also costs China more (business and partners pull away). It
pays China when (1 - alpha)·(extra US damage) > alpha·(extra Chinese damage).

Linkage: two issues, A (tariff optics, worth 3 to the US and 1 to China) and B (export controls, worth
1 to the US and 3 to China). Settled one at a time, each is divided by the same weight alpha; linked in
one package, each side takes the issue it values more. Both gain when alpha lies between 1/4 and 3/4:
the US keeps its tariff headline (55% against 10%, CNN) and China gets the rollback.

All numbers except the default refining share are teaching calibrations.

References: Nash (1950), "The bargaining problem"; Nash (1953), "Two-person cooperative games";
Binmore, Rubinstein & Wolinsky (1986); Farrell & Newman (2019), "Weaponized interdependence";
Sebenius (1983), "Negotiation arithmetic: adding and subtracting issues and parties". Data: Scott
Kennedy, "Does Xi Have Trump's Number?", Foreign Policy, June 2025 (the 92% refining share); CNN, June
2025 (the 55% and 10% tariff levels after London).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tradewar.data import figure
from tradewar.games import above
from tradewar.games.bargaining import linked_issues, nash_bargaining, split_issues
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = ["TITLE", "PARAMS", "LABELS", "THREATS", "EXTRA", "ISSUES", "ThreatResult", "solve", "regime_grid"]

TITLE = "M7 Nash bargaining with threat points"

APRIL, OCTOBER = "April list", "October rule"
THREATS = (APRIL, OCTOBER)
# Teaching calibration: the extra damage the October rule adds to the threat point, (to the US, to
# China), on top of the April list. It reaches US supply chains abroad, and costs China partners.
EXTRA = {APRIL: (0, 0), OCTOBER: (2, 1)}
# Teaching calibration (models.md M7): what each issue is worth in full, (to the US, to China).
ISSUES = {"A (tariff optics)": (3, 1), "B (export controls)": (1, 3)}

_S = figure("refining_share_kennedy")
_NUMERIC = ("S", "s", "sigma", "m", "D_cn", "r_us", "r_cn")

PARAMS = specs(
    Param("S", "Surplus from a deal (S)", 10, 4, 20, 0.5, "payoff units",
          help="What a deal adds for the two sides together; range [4, 20] chosen here."),
    Param("s", "China's refining share", _S.value, 0.5, 1, 0.01, "share of global refining",
          source=_S.source, help="China's share of rare-earth refining, which sets how hard its threat bites."),
    Param("sigma", "Substitutes (σ)", 0, 0, 1, 0.01, "share",
          help="Share of the lost supply the US could replace if China cut it off."),
    Param("m", "Damage multiplier (m)", 5, 1, 10, 0.1, "payoff units",
          help="Harm to the US economy from a full, airtight cut-off (as in M1)."),
    Param("D_cn", "China's damage without a deal (D_cn)", 2, 0, 5, 0.05, "payoff units",
          help="What US chip controls and tariffs cost China if talks fail; range [0, 5] chosen here."),
    Param("r_us", "US impatience (r_us)", 0.2, 0.05, 0.5, 0.01, "per month",
          help="How fast delay costs the US; it lowers the US bargaining weight (as in M6)."),
    Param("r_cn", "China's impatience (r_cn)", 0.1, 0.05, 0.5, 0.01, "per month",
          help="How fast delay costs China; range [0.05, 0.5] chosen here, the same as the US's."),
    Param("threat", "China's threat", APRIL, kind="choice", choices=THREATS,
          help="The April dual-use list, or the October rule (a teaching calibration: +2 damage to the US,"
               " +1 to China)."),
    Param("linkage", "Link the two issues", False, kind="bool",
          help="Settle tariffs and export controls in one package instead of one at a time."),
)

OCT_LINK = "October rule pays China; linkage helps both"
OCT_COST = "October rule pays China; linkage costs China"
APR_LINK = "April list at least as good for China; linkage helps both"
APR_COST = "April list at least as good for China; linkage costs the US"
LABELS = (OCT_LINK, OCT_COST, APR_LINK, APR_COST)


@dataclass(frozen=True)
class ThreatResult:
    """The Nash bargaining solution of M7 under the chosen threat and issue handling.

    alpha: the US bargaining weight; d_us, d_cn: threat payoffs; u_us, u_cn: the split of S;
    du_cn_ds: how much China's payoff rises per unit of refining share; best_threat and
    october_gain_cn: Nash's variable threats for China (the payoff the October rule adds to China's
    share over the April list); issues_us, issues_cn: the two issues' value to each side as settled;
    linkage_gain_us, linkage_gain_cn: linked minus one-at-a-time; total_us, total_cn: the deal plus
    the issues.
    """

    params: tuple
    threat: str
    linkage: bool
    alpha: object
    d_us: object
    d_cn: object
    u_us: object
    u_cn: object
    du_cn_ds: object
    best_threat: str
    october_gain_cn: object
    issues_us: object
    issues_cn: object
    linkage_gain_us: object
    linkage_gain_cn: object
    total_us: object
    total_cn: object
    outcome: str

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def _threat_point(m, s, sigma, D_cn, threat):
    e_us, e_cn = EXTRA[threat]
    return -(m * s * (1 - sigma) + e_us), -(D_cn + e_cn)


def _values():
    us = tuple(v[0] for v in ISSUES.values())
    cn = tuple(v[1] for v in ISSUES.values())
    return us, cn


def solve(**params) -> ThreatResult:
    """Solve M7 in closed form (exact for exact inputs)."""
    p = validate_all(PARAMS, params)
    S, s, sigma, m, D_cn, r_us, r_cn = numbers(p, _NUMERIC)
    exact = isinstance(S, Fraction)
    alpha = r_cn / (r_us + r_cn)
    menu = [_threat_point(m, s, sigma, D_cn, t) for t in THREATS]
    chosen = THREATS.index(p["threat"])
    d_us, d_cn = menu[chosen]
    # Nash's variable threats for China over the two-item menu: solve the bargain under each.
    by_threat = [nash_bargaining(S, *d, alpha) for d in menu]
    u_us, u_cn = by_threat[chosen]
    october_gain = by_threat[1][1] - by_threat[0][1]
    v_us, v_cn = _values()
    split = split_issues(v_us, v_cn, alpha)
    linked = linked_issues(v_us, v_cn)[:2]
    issues = linked if p["linkage"] else split
    gain_us, gain_cn = linked[0] - split[0], linked[1] - split[1]
    pays = bool(above(october_gain, 0, exact))
    costs = bool(above(0, gain_cn, exact) if pays else above(0, gain_us, exact))
    outcome = (OCT_COST if costs else OCT_LINK) if pays else (APR_COST if costs else APR_LINK)
    return ThreatResult(
        params=tuple(p.items()),
        threat=p["threat"],
        linkage=p["linkage"],
        alpha=alpha,
        d_us=d_us,
        d_cn=d_cn,
        u_us=u_us,
        u_cn=u_cn,
        du_cn_ds=(1 - alpha) * m * (1 - sigma),
        best_threat=OCTOBER if pays else APRIL,
        october_gain_cn=october_gain,
        issues_us=issues[0],
        issues_cn=issues[1],
        linkage_gain_us=gain_us,
        linkage_gain_cn=gain_cn,
        total_us=u_us + issues[0],
        total_cn=u_cn + issues[1],
        outcome=outcome,
    )


def regime_grid(x: str = "r_us", y: str = "r_cn", n: int = 61, **params) -> RegimeGrid:
    """Which threat pays China and whether linkage helps both, over a plane of two numeric parameters."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n, _NUMERIC)
    alpha = g["r_cn"] / (g["r_us"] + g["r_cn"])
    (e_us, e_cn) = EXTRA[OCTOBER]
    # China's payoff S - d_us - alpha(S - d_us - d_cn) changes by (1 - alpha)e_us - alpha·e_cn.
    gain = (1 - alpha) * e_us - alpha * e_cn
    pays = above(gain, 0, False)
    v_us, v_cn = _values()
    split = split_issues(v_us, v_cn, alpha)  # works elementwise on the array alpha
    linked = linked_issues(v_us, v_cn)
    gain_us, gain_cn = linked[0] - split[0], linked[1] - split[1]
    costs = np.where(pays, above(0, gain_cn, False), above(0, gain_us, False))
    codes = np.where(pays, np.where(costs, 1, 0), np.where(costs, 3, 2)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: ThreatResult) -> list[str]:
    p = r.inputs()
    S, s, sigma, m, D_cn, r_us, r_cn = (p[k] for k in _NUMERIC)
    e_us, e_cn = EXTRA[r.threat]
    extra = "" if r.threat == APRIL else f" plus the October rule's extra {fmt(e_us)}"
    out = [
        f"If talks fail, China's {r.threat} would cost the US m·s·(1 - σ) = {fmt(m)} × {fmt(s)} × {fmt(1 - sigma)}"
        f"{extra}, so d_us = {fmt(r.d_us)}; US controls would cost China D_cn = {fmt(D_cn)}"
        + ("" if r.threat == APRIL else f" plus {fmt(e_cn)} from partners pulling away")
        + f", so d_cn = {fmt(r.d_cn)}.",
        f"The US bargaining weight is α = r_cn/(r_us + r_cn) = {fmt(r.alpha, 3)}: the more patient side gets"
        " the larger part of what the deal adds.",
        f"Nash bargaining: u_us = d_us + α·(S - d_us - d_cn) = {fmt(r.u_us)} and u_cn = S - u_us = {fmt(r.u_cn)}"
        f" out of S = {fmt(S)}.",
        f"China's payoff rises with its refining share at the rate (1 - α)·m·(1 - σ) = {fmt(r.du_cn_ds)} per unit"
        f" of share ({fmt(r.du_cn_ds / 100, 3)} per percentage point), although nothing is ever cut off: the"
        " threat alone moves the split.",
    ]
    if r.best_threat == OCTOBER:
        out.append(f"Variable threats: the October rule raises China's payoff by {fmt(r.october_gain_cn)} over the"
                   f" April list, because (1 - α)·{fmt(EXTRA[OCTOBER][0])} extra US damage outweighs"
                   f" α·{fmt(EXTRA[OCTOBER][1])} extra Chinese damage: China should hold the October rule.")
    elif above(0, r.october_gain_cn, isinstance(r.october_gain_cn, Fraction)):
        out.append(f"Variable threats: the October rule would change China's payoff by {fmt(r.october_gain_cn)}:"
                   f" α·{fmt(EXTRA[OCTOBER][1])} extra Chinese damage outweighs (1 - α)·{fmt(EXTRA[OCTOBER][0])}"
                   " extra US damage, so the April list serves China better.")
    else:
        out.append(f"Variable threats: α·{fmt(EXTRA[OCTOBER][1])} extra Chinese damage exactly balances"
                   f" (1 - α)·{fmt(EXTRA[OCTOBER][0])} extra US damage, so the October rule adds nothing: the"
                   " April list serves China just as well.")
    names = list(ISSUES)
    best = [max(v) for v in zip(*ISSUES.values())]
    out.append(
        f"Linking issue {names[0]} with issue {names[1]} gives each side the issue it values more (worth"
        f" {fmt(best[0])} to the US and {fmt(best[1])} to China); settled one at a time each side gets the share"
        f" α or 1 - α of both. Linkage changes the US total by"
        f" {fmt(r.linkage_gain_us)} and China's by {fmt(r.linkage_gain_cn)}."
    )
    how = "linked" if r.linkage else "settled one at a time"
    out.append(f"With the issues {how}, the US ends with {fmt(r.total_us)} and China with {fmt(r.total_cn)}"
               f" ({r.outcome}).")
    return out
