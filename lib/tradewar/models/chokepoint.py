"""M1 Chokepoint coercion: can a refining monopoly deter an escalation?

The US decides whether to escalate (in 2025: the May 13 advisory on Huawei chips). China answers by
accepting or by retaliating: keeping its rare-earth licences frozen, that is, withholding the
resumption of exports the US expected after Geneva. If China retaliates, the US either backs down,
paying an audience cost, or persists and absorbs the damage of the cut-off, which grows with China's
share of refining and shrinks with substitutes and leakage. Solving the tree backwards shows when
China's threat is credible and when it deters, and why, with complete information and any audience
cost a > 0, no open fight happens on the equilibrium path: there, an observed
escalate-retaliate-back-down sequence means someone misjudged the numbers. At a = 0 (TACO) the US is
indifferent at the first node, so that sequence is also subgame perfect and needs no misjudgement.

References: Osborne, *An Introduction to Game Theory*, ch. 5-6; Gibbons, *Game Theory for Applied
Economists*, section 2.1; Fearon (1994), "Domestic political audiences and the escalation of international
disputes"; Farrell & Newman (2019), "Weaponized interdependence". Data: Scott Kennedy, "Does Xi Have
Trump's Number?", Foreign Policy, June 2025 (China's 92% share of rare-earth refining).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tradewar.data import figure
from tradewar.models.regime import RegimeGrid, plane
from tradewar.models.solved import solved_tree
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt
from tradewar.games import above

__all__ = [
    "TITLE", "PARAMS", "LABELS", "ChokepointResult",
    "solve", "game", "flagged", "regime_grid",
]

TITLE = "M1 Chokepoint coercion game"

_S = figure("refining_share_kennedy")

PARAMS = specs(
    Param("s", "China's refining share", _S.value, 0.5, 1, 0.01, "share of global refining",
          source=_S.source, help="China's share of rare-earth refining: the larger it is, the more a cut-off hurts."),
    Param("sigma", "Substitutes (σ)", 0, 0, 1, 0.01, "share",
          help="Share of the lost supply the US can replace from other sources or stockpiles."),
    Param("psi", "Leakage (ψ)", 0, 0, 0.9, 0.01, "share",
          help="Share of a ban that leaks through smuggling and third countries (Japan 2010)."),
    Param("m", "Damage multiplier (m)", 5, 1, 10, 0.1, "payoff units",
          help="Harm to the US economy from a full, airtight cut-off of all refining."),
    Param("v", "Value of escalating (v)", 1, 0.1, 3, 0.05, "payoff units",
          help="What the US gains if China accepts; range [0.1, 3] chosen here (models.md gives none)."),
    Param("l", "China's loss from accepting (l)", 1, 0.1, 3, 0.05, "payoff units",
          help="What China loses by swallowing the escalation; range [0.1, 3] chosen here (models.md gives none)."),
    Param("a", "US audience cost (a)", 0.5, 0, 3, 0.05, "payoff units",
          help="Domestic cost to the US of backing down once committed; a near 0 is TACO."),
    Param("kappa0", "China's cost of retaliating (κ₀)", 0.2, 0, 2, 0.05, "payoff units",
          help="Direct cost to China of keeping licences frozen; range [0, 2] chosen here (models.md gives none)."),
    Param("rho", "Backlash (ρ)", 0, 0, 1.5, 0.05, "payoff units",
          help="Extra cost of weaponizing: firms leave, rivals unite, others build refineries."),
    Param("D_cn", "China's damage in an open fight (D_C)", 2, 0, 5, 0.05, "payoff units",
          help="What a drawn-out fight costs China if the US persists; default as in M3/M7, range [0, 5] chosen here."),
)

# Action labels: short enough to sit on a drawn tree. Within each node the move listed first wins
# a tie, chosen so that ties resolve as models.md states the conditions (persist iff D_us <= v + a,
# retaliate only if kappa < l, escalate only if it strictly pays).
HOLD, ESCALATE = "Hold back", "Escalate"
ACCEPT, RETALIATE = "Accept", "Retaliate"
PERSIST, BACK_DOWN = "Persist", "Back down"

ROOT = "the first node (US)"
MIDDLE = "the middle node (China, after the US escalates)"
LAST = "the last node (US, after China retaliates)"


DETERRED = "Deterred (status quo)"
ESCALATES = "US escalates, China accepts"
TOO_COSTLY = "US escalates, China accepts (retaliation too costly)"
LABELS = (DETERRED, ESCALATES, TOO_COSTLY)


def _pick(p: dict, *names) -> list:
    """Some of the model's numbers, exact or float as decided over all of its parameters."""
    nums = dict(zip(PARAMS, numbers(p, PARAMS)))
    return [nums[k] for k in names]


def _validated(given: dict) -> dict:
    return validate_all(PARAMS, given)


def _payoffs(p: dict) -> dict:
    """The four leaves (US, China), computed once so the closed form and the tree agree to the bit."""
    s, sigma, psi, m, v, l, a, kappa0, rho, D_cn = numbers(p, PARAMS)
    D_us = m * s * (1 - sigma) * (1 - psi)
    kappa = kappa0 + rho
    return {
        "D_us": D_us,
        "kappa": kappa,
        "N": (0 * v, 0 * v),  # 0 * v keeps the type (Fraction or float) of the other payoffs
        "EA": (v, -l),
        "ERB": (-a, -kappa),
        "ERP": (v - D_us, -l - D_cn),
    }


@dataclass(frozen=True)
class ChokepointResult:
    """The subgame-perfect solution of M1 with the thresholds that decide it.

    china_retaliates is China's plan at its node (a threat that is never tested when the US is
    deterred); us_persists is the US plan at the last node. s_star is None when no share up to 100%
    deters, sigma_star is None when even sigma = 0 leaves the US willing to persist.

    us_persists is the US's *resolve* at the last node (it prefers absorbing the cut-off to backing
    down). That is not escalation dominance in Kahn's sense (being able to escalate to a level the
    adversary cannot match): the tree has one rung for each side, so it can show resolve only.
    """

    params: tuple  # ((name, value), ...): the validated inputs, so the tree can be rebuilt
    D_us: object
    kappa: object
    us_persists: bool
    china_retaliates: bool
    us_escalates: bool
    deterred: bool
    outcome: str
    path: tuple
    payoffs: tuple  # (US, China) on the equilibrium path
    s_star: object
    sigma_star: object
    p_threshold: object
    ties: tuple  # names of nodes where the chosen move is only weakly best

    def inputs(self) -> dict:
        return dict(self.params)

    def tree(self):
        return solved_tree(game, self.params)[0]

    def solution(self):
        return solved_tree(game, self.params)[1]

    def flagged(self):
        from tradewar.games.tree_form import nash_equilibria

        return nash_equilibria(self.tree())

    def spe_paths(self) -> tuple:
        """Every path of play of a subgame-perfect equilibrium, the tie-broken one (self.path) first.
        There is more than one only where a player is indifferent: at a = 0 (TACO), for instance,
        Escalate → Retaliate → Back down is subgame perfect as well as Hold back."""
        paths = [self.path]
        for choice in self.solution().equilibria:
            path = _path_of(choice)
            if path not in paths:
                paths.append(path)
        return tuple(paths)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> ChokepointResult:
    """Solve M1 by backward induction in closed form (the tree in game() gives the same answer)."""
    p = _validated(params)
    x = _payoffs(p)
    v, a, m, s, sigma, psi = _pick(p, "v", "a", "m", "s", "sigma", "psi")
    D_us, kappa = x["D_us"], x["kappa"]
    N, EA, ERB, ERP = x["N"], x["EA"], x["ERB"], x["ERP"]
    exact = isinstance(D_us, Fraction)
    ties = []

    def pick(node, first, second):
        """True if the second move is strictly better; a tie goes to the first and is recorded."""
        if above(second, first, exact):
            return True
        if not above(first, second, exact):
            ties.append(node)
        return False

    # Last node: v - D_us against -a, i.e. the US persists iff D_us <= v + a.
    us_persists = not pick(LAST, ERP[0], ERB[0])
    after_r = ERP if us_persists else ERB
    # Middle node: China retaliates only if that strictly beats accepting.
    china_retaliates = pick(MIDDLE, EA[1], after_r[1])
    after_e = after_r if china_retaliates else EA
    # First node: the US escalates only if that strictly beats holding back.
    us_escalates = pick(ROOT, N[0], after_e[0])

    if not us_escalates:
        outcome, path, pay = DETERRED, (HOLD,), N
    else:
        outcome = ESCALATES if us_persists else TOO_COSTLY
        path = (ESCALATE, RETALIATE, PERSIST if us_persists else BACK_DOWN) if china_retaliates \
            else (ESCALATE, ACCEPT)
        pay = after_e

    va = v + a
    # s* is the share above which the damage exceeds v + a; sigma enters too (models.md writes the
    # sigma = 0 case). None when no share up to 1 is enough.
    # Both Nones use the float tolerance of the tree: a threshold that sits on the edge of the
    # range only through rounding (s* = 0.9999999999999998) is no threshold.
    per_share = m * (1 - sigma) * (1 - psi)
    s_star = va / per_share if above(per_share, va, exact) else None
    full = m * s * (1 - psi)  # the damage with no substitutes; positive on the slider ranges
    sigma_star = 1 - va / full if above(full, va, exact) else None

    return ChokepointResult(
        params=tuple(p.items()),
        D_us=D_us,
        kappa=kappa,
        us_persists=bool(us_persists),
        china_retaliates=bool(china_retaliates),
        us_escalates=bool(us_escalates),
        deterred=not us_escalates,
        outcome=outcome,
        path=path,
        payoffs=tuple(pay),
        s_star=s_star,
        sigma_star=sigma_star,
        p_threshold=v / va,
        ties=tuple(ties),
    )


def game(**params):
    """The M1 tree (players US = 0, China = 1) for tradewar.games.tree."""
    from tradewar.games.tree import Decision, Leaf, Tree

    x = _payoffs(_validated(params))
    last = Decision(0, LAST, (
        (PERSIST, Leaf(x["ERP"], "Open fight: both hurt")),
        (BACK_DOWN, Leaf(x["ERB"], "US backs down")),
    ))
    middle = Decision(1, MIDDLE, (
        (ACCEPT, Leaf(x["EA"], "China accepts")),
        (RETALIATE, last),
    ))
    root = Decision(0, ROOT, (
        (HOLD, Leaf(x["N"], "Status quo")),
        (ESCALATE, middle),
    ))
    return Tree(root, ("US", "China"))


def _path_of(choice: dict) -> tuple:
    """The path of play of a plan (node name -> move)."""
    if choice[ROOT] == HOLD:
        return (HOLD,)
    if choice[MIDDLE] == ACCEPT:
        return (ESCALATE, ACCEPT)
    return (ESCALATE, RETALIATE, choice[LAST])


def flagged(**params):
    """Every Nash equilibrium of the strategic form, each flagged as subgame perfect or as resting
    on a non-credible threat at a named node (the Nash vs subgame-perfection view)."""
    from tradewar.games.tree_form import nash_equilibria

    return nash_equilibria(game(**params))


def regime_grid(x: str = "s", y: str = "sigma", n: int = 61, **params) -> RegimeGrid:
    """The outcome over a plane of two parameters, each over its slider range; the others fixed."""
    p = _validated(params)
    xs, ys, g = plane(PARAMS, p, x, y, n)

    # The same comparisons, in the same order of operations, as solve().
    D_us = g["m"] * g["s"] * (1 - g["sigma"]) * (1 - g["psi"])
    kappa = g["kappa0"] + g["rho"]
    persists = ~above(-g["a"], g["v"] - D_us, False)
    # Against a persisting US China never strictly gains by retaliating (D_cn >= 0), and China
    # accepting makes escalating pay (v > 0); so only a backing-down US can be deterred, and then
    # escalating never strictly pays (-a <= 0).
    retaliates = above(-kappa, -g["l"], False)
    codes = np.where(persists, 1, np.where(retaliates, 0, 2)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _num(x) -> str:
    """One number format for the whole explanation: decimals, as the sliders show them (an exact
    2/3 prints as 0.67, like the float a slider sends)."""
    return fmt(float(x)) if isinstance(x, Fraction) else fmt(x)


def _explain(r: ChokepointResult) -> list[str]:
    p = r.inputs()
    s, sigma, psi, m, v, l, a, kappa0, rho, D_cn = (p[k] for k in PARAMS)
    nv, na, nm, nsigma, npsi = _pick(p, "v", "a", "m", "sigma", "psi")
    va, per_share = nv + na, nm * (1 - nsigma) * (1 - npsi)
    out = [
        f"A cut-off would cost the US D_U = m·s·(1 - σ)·(1 - ψ) = {_num(m)} × {_num(s)} × {_num(1 - sigma)}"
        f" × {_num(1 - psi)} = {_num(r.D_us)}. The most it will absorb rather than back down is"
        f" v + a = {_num(va)}: the prize v = {_num(v)} plus the audience cost a = {_num(a)} it avoids.",
    ]
    if r.s_star is None:
        out.append(
            f"Even a 100% refining share would cost the US at most m·(1 - σ)·(1 - ψ) ="
            f" {_num(per_share)}, not more than v + a ="
            f" {_num(va)}: no share deters, and after a cut-off the US would persist (it has the resolve"
            " to carry on rather than back down)."
        )
    else:
        exceeds = not r.us_persists
        out.append(
            f"China's refining share s = {_num(s)} is {'above' if exceeds else 'at or below'}"
            f" s* = (v + a)/(m·(1 - σ)·(1 - ψ)) = {_num(r.s_star)}, so the damage"
            + (" exceeds v + a: after a cut-off the US would back down (it lacks the resolve to persist)."
               if exceeds else
               " stays within v + a: after a cut-off the US would persist (it has the resolve to carry on).")
        )
    if r.sigma_star is None:
        out.append("Even with no substitutes at all (σ = 0) the damage would stay within v + a.")
    elif r.us_persists:
        out.append(f"Substitutes σ = {_num(sigma)} are at or above σ* = 1 - (v + a)/(m·s·(1 - ψ)) ="
                   f" {_num(r.sigma_star)}, enough to take the sting out of the cut-off.")
    else:
        out.append(f"Substitutes σ = {_num(sigma)} are below σ* = 1 - (v + a)/(m·s·(1 - ψ)) ="
                   f" {_num(r.sigma_star)}; the US would need at least that much to shrug off a cut-off.")

    x = _payoffs(p)
    EA, ERB, ERP = x["EA"], x["ERB"], x["ERP"]
    if LAST in r.ties:
        out.append(f"At {LAST} persisting and backing down both give the US {_num(ERP[0])}"
                   f" (D_U = v + a exactly); the tie is resolved as persisting.")
    else:
        out.append(f"At {LAST} the US compares persisting (v - D_U = {_num(ERP[0])}) with backing down"
                   f" (-a = {_num(ERB[0])}), so it {'persists' if r.us_persists else 'backs down'}.")

    out.append(f"Retaliating costs China κ = κ₀ + ρ = {_num(kappa0)} + {_num(rho)} = {_num(r.kappa)}"
               " (the direct cost plus the backlash).")
    if r.us_persists:
        compare = (f"expects the US to persist, so retaliating would only add its own damage"
                   f" (-l - D_C = {_num(ERP[1])} against -l = {_num(EA[1])} for accepting)")
    else:
        compare = (f"expects the US to back down and compares retaliating (-κ = {_num(ERB[1])})"
                   f" with accepting (-l = {_num(EA[1])})")
    if MIDDLE in r.ties:
        out.append(f"At {MIDDLE} China {compare}; it is indifferent, and the tie is resolved as accepting.")
    else:
        out.append(f"At {MIDDLE} China {compare}; it {'retaliates' if r.china_retaliates else 'accepts'}.")
    if not r.us_persists and not r.china_retaliates:
        out.append(f"Retaliation is too costly: κ = {_num(r.kappa)} is not below l = {_num(l)}.")

    escalate_value = (ERP if r.us_persists else ERB)[0] if r.china_retaliates else EA[0]
    if ROOT in r.ties:
        out.append(f"At {ROOT} escalating would end at {_num(escalate_value)}, the same as holding back:"
                   " with a = 0 backing down costs nothing (the TACO case), and the tie is resolved as"
                   " holding back.")
    else:
        out.append(f"At {ROOT} the US compares escalating (which ends at {_num(escalate_value)}) with"
                   f" holding back (0), so it {'escalates' if r.us_escalates else 'holds back'}.")

    out.append(f"Outcome: {r.outcome}. Equilibrium path: {' → '.join(r.path)};"
               f" payoffs US {_num(r.payoffs[0])}, China {_num(r.payoffs[1])}.")
    if not r.us_persists:
        out.append(f"A US unsure of China's resolve would escalate only if it put the chance of"
                   f" retaliation below v/(v + a) = {_num(r.p_threshold)}.")
    fight = (ESCALATE, RETALIATE, BACK_DOWN)
    if fight in r.spe_paths():
        out.append("Escalate → Retaliate → Back down is also subgame perfect here: with a = 0, escalating"
                   " and then retreating costs the US nothing, so it ends where holding back does, and the"
                   " path above is only the tie-break's pick. In this model a TACO president can run the"
                   " 2025 sequence without misjudging anything.")
    elif na > 0:
        out.append("With complete information and an audience cost a > 0 nobody fights on the equilibrium"
                   " path: in this model an escalation met by retaliation and then a back-down means the US"
                   " misjudged D_U or κ, or was unsure whether China would retaliate.")
    else:
        out.append("No subgame-perfect path at these values ends in a fight.")
    return out
