"""M7 Nash bargaining with threat points: the threat does the work, and linkage lets both win.

The US and China split a surplus Π (Pi) from a deal. The threat point is what each side suffers while no
deal is in force: the cut-off and the controls in place during the standoff (in Nash 1953, the threats
carried out; in the alternating-offers game of Binmore, Rubinstein & Wolinsky 1986, the payoffs while
there is no agreement). China's hold on the refining hub lets it hurt the US (Farrell and Newman's
chokepoint effect): D_us = m·s·(1 - σ), M1's damage with no leakage (ψ = 0), so d_us = -D_us. US chip
controls and tariffs, a hub of the same kind, cost China d_cn = -D_cn. A payoff from leaving the table for
good is different: it is an outside option, which binds only above a side's share (M6). The Nash
bargaining solution gives each side its threat payoff plus a share of what the deal adds: the US gets the
bargaining power τ = r_cn/(r_us + r_cn) (tau; the more patient side has the larger power, as in M6's limit
of fast offers). China's payoff rises with its refining share s although nothing is ever cut off.

Nash's variable threats: a side may choose which threat to hold (in Nash 1953 both sides choose at once;
here only China chooses). China compares the April list (the dual-use listing) with the October rule
(licences for magnets anywhere with Chinese content), which, as calibrated here, hurts the US more but
also costs China more (business and partners pull away). It pays China when
(1 - τ)·(extra US damage) > τ·(extra Chinese damage).

Linkage: two divisible issues, A (tariff optics, worth 3 to the US and 1 to China) and B (export
controls, worth 1 to the US and 3 to China), with nothing for either side if they are not settled.
Settled one at a time, the Nash solution with power τ divides each issue in the shares τ and 1 - τ.
Linked in one package, the same solution is taken on the frontier of the two issues together
(games.bargaining.linked_issues): the package is worth (12τ, 4 - 4τ) to (the US, China) for τ <= 1/4,
the trade (3, 3) for 1/4 <= τ <= 3/4 (each side takes the issue it values more: the US keeps its tariff
headline, 55% against 10% after London as Trump summed it up in CNN's report, and China takes the
promised rollback) and (4τ, 12 - 12τ) above 3/4. Linkage never leaves either side worse off; both gain
strictly when 1/4 < τ < 3/4, and outside that range the whole gain goes to the side with the smaller
bargaining power.

All numbers except the default refining share are teaching calibrations.

References: Nash (1950), "The bargaining problem"; Nash (1953), "Two-person cooperative games";
Binmore, Rubinstein & Wolinsky (1986); Farrell & Newman (2019), "Weaponized interdependence: how global
economic networks shape state coercion", International Security 44;
Sebenius (1983), "Negotiation arithmetic: adding and subtracting issues and parties". Data: Scott
Kennedy, "Does Xi Have Trump's Number?", Foreign Policy, June 2025 (the 92% refining share); CNN, June
2025 (the 55% and 10% tariff levels after London).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np

from tradewar.data import figure
from tradewar.games import above
from tradewar.games.bargaining import issue_frontier, linked_issues, nash_bargaining, split_issues
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = ["TITLE", "PARAMS", "LABELS", "THREATS", "EXTRA", "ISSUES", "ThreatResult", "solve", "regime_grid",
           "trade_range"]

TITLE = "M7 Nash bargaining with threat points"

APRIL, OCTOBER = "April list", "October rule"
THREATS = (APRIL, OCTOBER)
# Teaching calibration: the extra damage the October rule adds to the threat point, (to the US, to
# China), on top of the April list. It reaches US supply chains abroad, and costs China partners.
EXTRA = {APRIL: (0, 0), OCTOBER: (2, 1)}
# Teaching calibration (models.md M7): what each issue is worth in full, (to the US, to China).
ISSUES = {"A (tariff optics)": (3, 1), "B (export controls)": (1, 3)}

_S = figure("refining_share_kennedy")
_NUMERIC = ("Pi", "s", "sigma", "m", "D_cn", "r_us", "r_cn")

PARAMS = specs(
    Param("Pi", "Surplus from a deal (Π)", 10, 4, 20, 0.5, "payoff units",
          help="What a deal adds for the two sides together; range [4, 20] chosen here."),
    Param("s", "China's refining share", _S.value, 0.5, 1, 0.01, "share of global refining",
          source=_S.source, help="China's share of rare-earth refining, which sets how hard its threat bites."),
    Param("sigma", "Substitutes (σ)", 0, 0, 1, 0.01, "share",
          help="Share of the lost supply the US could replace if China cut it off."),
    Param("m", "Damage multiplier (m)", 5, 1, 10, 0.1, "payoff units",
          help="Harm to the US economy from a full, airtight cut-off (as in M1)."),
    Param("D_cn", "China's damage without a deal (D_C)", 2, 0, 5, 0.05, "payoff units",
          help="What US chip controls and tariffs cost China while no deal is in force; range [0, 5] chosen here."),
    Param("r_us", "US impatience (r_U)", 0.2, 0.05, 0.5, 0.01, "per month",
          help="How fast delay costs the US; it lowers the US bargaining power τ (as in M6)."),
    Param("r_cn", "China's impatience (r_C)", 0.1, 0.05, 0.5, 0.01, "per month",
          help="How fast delay costs China; range [0.05, 0.5] chosen here, the same as the US's."),
    Param("threat", "China's threat", APRIL, kind="choice", choices=THREATS,
          help="The April dual-use list, or the October rule (a teaching calibration: +2 damage to the US,"
               " +1 to China)."),
    Param("linkage", "Link the two issues", False, kind="bool",
          help="Settle tariffs and export controls in one package instead of one at a time."),
)

_THREAT_SAYS = ("October rule pays China", "April list at least as good for China")
_LINK_SAYS = ("linkage helps both", "linkage helps only the US", "linkage helps only China", "linkage changes nothing")
# Every (threat, linkage) pair. In this calibration only four occur: the October rule pays for τ < 2/3, linkage
# helps only the US for τ <= 1/4 and only China for τ >= 3/4.
LABELS = tuple(f"{t}; {k}" for t, k in product(_THREAT_SAYS, _LINK_SAYS))


def _code(pays, helps_us, helps_cn):
    """The LABELS index for a threat verdict and who gains from linkage (scalars or arrays alike)."""
    link = np.where(helps_us & helps_cn, 0, np.where(helps_us, 1, np.where(helps_cn, 2, 3)))
    return np.where(pays, 0, len(_LINK_SAYS)) + link


@dataclass(frozen=True)
class ThreatResult:
    """The Nash bargaining solution of M7 under the chosen threat and issue handling.

    tau: the US bargaining power; d_us, d_cn: threat payoffs; u_us, u_cn: the split of Pi;
    du_cn_ds: how much China's payoff rises per unit of refining share; best_threat and
    october_gain_cn: Nash's variable threats for China (the payoff the October rule adds to China's
    share over the April list); linked_shares: the US share of each issue in the linked package;
    issues_us, issues_cn: the two issues' value to each side as settled; linkage_gain_us,
    linkage_gain_cn: linked minus one-at-a-time (never negative); total_us, total_cn: the deal plus
    the issues.
    """

    params: tuple
    threat: str
    linkage: bool
    tau: object
    d_us: object
    d_cn: object
    u_us: object
    u_cn: object
    du_cn_ds: object
    best_threat: str
    october_gain_cn: object
    linked_shares: tuple
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


def _october_terms(tau):
    """(China's gain from the October rule's extra US damage, its cost from its own): (1 - tau)·e_us and
    tau·e_cn. The rule pays when the first is larger; comparing the two terms, not their difference,
    keeps a float tie a tie."""
    e_us, e_cn = EXTRA[OCTOBER]
    return (1 - tau) * e_us, tau * e_cn


def _values(as_float=False):
    us = tuple(float(v[0]) if as_float else v[0] for v in ISSUES.values())
    cn = tuple(float(v[1]) if as_float else v[1] for v in ISSUES.values())
    return us, cn


def trade_range():
    """The US bargaining powers for which the linked package is the trade (each side takes the issue it
    values more), as exact fractions (lo, hi): 1/4 and 3/4 in this calibration. At the kink K of the
    two-issue frontier the Nash point of the segment before it reaches K when tau·X = K_us, where X is
    the US payoff at which that segment's line leaves China nothing; likewise for the segment after."""
    (start, kink, end), _ = issue_frontier(*_values())
    reach = []
    for (x0, y0), (x1, y1) in ((start, kink), (kink, end)):
        slope = Fraction(y1 - y0, x1 - x0)
        reach.append(x0 - y0 / slope)
    return Fraction(kink[0]) / reach[0], Fraction(kink[0]) / reach[1]


def solve(**params) -> ThreatResult:
    """Solve M7 in closed form (exact for exact inputs)."""
    p = validate_all(PARAMS, params)
    Pi, s, sigma, m, D_cn, r_us, r_cn = numbers(p, _NUMERIC)
    exact = isinstance(Pi, Fraction)
    tau = r_cn / (r_us + r_cn)
    menu = [_threat_point(m, s, sigma, D_cn, t) for t in THREATS]
    chosen = THREATS.index(p["threat"])
    d_us, d_cn = menu[chosen]
    # Nash's variable threats for China over the two-item menu: solve the bargain under each.
    by_threat = [nash_bargaining(Pi, *d, tau) for d in menu]
    u_us, u_cn = by_threat[chosen]
    october_gain = by_threat[1][1] - by_threat[0][1]
    v_us, v_cn = _values()
    split = split_issues(v_us, v_cn, tau)
    *linked, shares = linked_issues(v_us, v_cn, tau)
    issues = linked if p["linkage"] else split
    gain_us, gain_cn = linked[0] - split[0], linked[1] - split[1]
    pays = bool(above(*_october_terms(tau), exact))
    code = int(_code(pays, bool(above(linked[0], split[0], exact)), bool(above(linked[1], split[1], exact))))
    return ThreatResult(
        params=tuple(p.items()),
        threat=p["threat"],
        linkage=p["linkage"],
        tau=tau,
        d_us=d_us,
        d_cn=d_cn,
        u_us=u_us,
        u_cn=u_cn,
        du_cn_ds=(1 - tau) * m * (1 - sigma),
        best_threat=OCTOBER if pays else APRIL,
        october_gain_cn=october_gain,
        linked_shares=tuple(shares),
        issues_us=issues[0],
        issues_cn=issues[1],
        linkage_gain_us=gain_us,
        linkage_gain_cn=gain_cn,
        total_us=u_us + issues[0],
        total_cn=u_cn + issues[1],
        outcome=LABELS[code],
    )


def regime_grid(x: str = "r_us", y: str = "r_cn", n: int = 61, **params) -> RegimeGrid:
    """Which threat pays China and who gains from linkage, over a plane of two numeric parameters."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n, _NUMERIC)
    tau = np.asarray(g["r_cn"] / (g["r_us"] + g["r_cn"]), dtype=float)
    # China's payoff Pi - d_us - tau(Pi - d_us - d_cn) changes by (1 - tau)e_us - tau·e_cn.
    pays = above(*_october_terms(tau), False)
    v_us, v_cn = _values(as_float=True)
    split = split_issues(v_us, v_cn, tau)  # both work elementwise on the array tau
    linked = linked_issues(v_us, v_cn, tau)
    helps_us, helps_cn = above(linked[0], split[0], False), above(linked[1], split[1], False)
    codes = np.broadcast_to(_code(pays, helps_us, helps_cn), (n, n)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: ThreatResult) -> list[str]:
    p = r.inputs()
    Pi, s, sigma, m, D_cn, r_us, r_cn = (p[k] for k in _NUMERIC)
    e_us, e_cn = EXTRA[r.threat]
    extra = "" if r.threat == APRIL else f" plus the October rule's extra {fmt(e_us)}"
    out = [
        f"While no deal is in force, China's {r.threat} costs the US m·s·(1 - σ) = {fmt(m)} × {fmt(s)} ×"
        f" {fmt(1 - sigma)}{extra}, so d_U = {fmt(r.d_us)}; US controls cost China D_C = {fmt(D_cn)}"
        + ("" if r.threat == APRIL else f" plus {fmt(e_cn)} from partners pulling away")
        + f", so d_C = {fmt(r.d_cn)}.",
        f"The US bargaining power is τ = r_C/(r_U + r_C) = {fmt(r.tau, 3)}: the more patient side gets"
        " the larger part of what the deal adds.",
        f"Nash bargaining: u_U = d_U + τ·(Π - d_U - d_C) = {fmt(r.u_us)} and u_C = Π - u_U = {fmt(r.u_cn)}"
        f" out of Π = {fmt(Pi)}.",
        f"China's payoff rises with its refining share at the rate (1 - τ)·m·(1 - σ) = {fmt(r.du_cn_ds)} per unit"
        f" of share ({fmt(r.du_cn_ds / 100, 3)} per percentage point), although nothing is ever cut off: the"
        " threat alone moves the split.",
    ]
    if r.best_threat == OCTOBER:
        out.append(f"Variable threats: the October rule raises China's payoff by {fmt(r.october_gain_cn)} over the"
                   f" April list, because (1 - τ)·{fmt(EXTRA[OCTOBER][0])} extra US damage outweighs"
                   f" τ·{fmt(EXTRA[OCTOBER][1])} extra Chinese damage: China should hold the October rule.")
    elif above(*_october_terms(r.tau)[::-1], isinstance(r.tau, Fraction)):
        out.append(f"Variable threats: the October rule would change China's payoff by {fmt(r.october_gain_cn)}:"
                   f" τ·{fmt(EXTRA[OCTOBER][1])} extra Chinese damage outweighs (1 - τ)·{fmt(EXTRA[OCTOBER][0])}"
                   " extra US damage, so the April list serves China better.")
    else:
        out.append(f"Variable threats: τ·{fmt(EXTRA[OCTOBER][1])} extra Chinese damage exactly balances"
                   f" (1 - τ)·{fmt(EXTRA[OCTOBER][0])} extra US damage, so the October rule adds nothing: the"
                   " April list serves China just as well.")
    out.append(_explain_linkage(r))
    how = "linked" if r.linkage else "settled one at a time"
    out.append(f"With the issues {how}, the US ends with {fmt(r.total_us)} and China with {fmt(r.total_cn)}"
               f" ({r.outcome}).")
    return out


def _explain_linkage(r: ThreatResult) -> str:
    (a, b), (share_a, share_b) = list(ISSUES), r.linked_shares
    v_us, v_cn = _values()
    lo, hi = trade_range()
    exact = isinstance(r.tau, Fraction)
    linked_us, linked_cn = r.linkage_gain_us + r.tau * sum(v_us), r.linkage_gain_cn + (1 - r.tau) * sum(v_cn)
    one = (f"Settled one at a time, each issue is split τ to 1 - τ: the US gets {fmt(r.tau * sum(v_us))} and"
           f" China {fmt((1 - r.tau) * sum(v_cn))}. Linked, Nash bargaining with the same τ on the two issues"
           f" together gives the US {fmt(100 * share_a, 1)}% of issue {a} and {fmt(100 * share_b, 1)}% of issue"
           f" {b}: {fmt(linked_us)} for the US and {fmt(linked_cn)} for China.")
    if above(r.tau, lo, exact) and above(hi, r.tau, exact):
        why = (f" With τ between {fmt(lo)} and {fmt(hi)} that is the trade, each side taking the issue it values"
               " more, and both gain.")
    elif above(r.tau, lo, exact):
        why = (f" With τ at or above {fmt(hi)} the US ends exactly where it would one issue at a time, so the"
               " whole gain from linking goes to China.")
    else:
        why = (f" With τ at or below {fmt(lo)} China ends exactly where it would one issue at a time, so the"
               " whole gain from linking goes to the US.")
    return (one + why + f" Linkage changes the US total by {fmt(r.linkage_gain_us)} and China's by"
            f" {fmt(r.linkage_gain_cn)}; in this model it never leaves either side worse off.")
