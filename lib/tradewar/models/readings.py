"""Capstone: Kennedy's two readings of 2025, tested on the event record with Bayes' rule.

Scott Kennedy (Foreign Policy, June 2025) offers two readings of May and June 2025 and calls the
second "likely more plausible". The *prosaic* one: "none of this is new"; neither side meant to sink
the Geneva deal, both were testing what they could get away with, as trading partners routinely do,
and (our inference from "none of this is new") the balance of bargaining power stayed where it
was. The *dramatic* one: China for the first time deliberately cut the US off from a chokepoint
product (M1), having read Trump's record of retreats (M3), and the cut-off shifted bargaining power
towards China (M7).

Both readings have China hold up licences on purpose (a probe or a cut-off), so the mere occurrence
of the freeze tells them apart little. What separates them is what a shift in bargaining power
would change: how far the US gave way (its one-sided retreat, and whether London's terms went beyond
the status quo ante) and whether China kept the threat for reuse (the six-month limit on its pledge)
and used it again (the October expansion). A student sets a prior and a likelihood ratio for each
event (how many times likelier the event is under the dramatic reading than under the prosaic one);
Bayes' rule then turns the record advisory -> freeze -> US escalation -> call -> wording dropped ->
London terms -> six-month limit -> October into a posterior path. The events are treated as
independent given the reading, so the likelihood ratio of the whole record is the product of the
per-event ratios.

The second half of the capstone asks Kennedy's other question: which rule of the road, in the spirit
of the norms agreed after the Cuban missile crisis, makes a truce easiest to keep? norms() compares
rules (a hotline, shared licence data, a narrower toolset as Yao Yang proposes in CNN, longer or
shorter punishments) by the patience threshold they leave in the repeated truce of M5.

References: Kennedy, "Does Xi Have Trump's Number?", Foreign Policy, June 2025 (the two readings,
the rules of the road); CNN, June 2025 (Yao Yang on keeping controls "narrowly defined"; London
appears largely to have restored the May deal, details under wraps); Osborne, *An Introduction to
Game Theory*, ch. 9-10 (Bayes' rule). Dates and sources of the events come from
tradewar/data/timeline.csv. Every likelihood ratio is a teaching calibration, not a figure from the
articles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from tradewar.games import REL_TOL as _REL_TOL
from tradewar.games.repeated import green_porter_least_delta
from tradewar.games.reputation import belief_path
from tradewar.models.adapter import as_model
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = [
    "TITLE", "PARAMS", "LABELS", "EVENTS", "LR_NAMES", "Event", "ReadingsResult",
    "solve", "regime_grid", "events",
    "NORM_PARAMS", "RULES", "NormsResult", "norms", "delta_stars", "norms_model",
]

TITLE = "Capstone: two readings of 2025 tested on the event record"

_LR = dict(lo=0.1, hi=10, step=0.1, unit="likelihood ratio (dramatic : prosaic)")

PARAMS = specs(
    Param("mu0", "Prior for the dramatic reading (μ₀)", 0.5, 0.01, 0.99, 0.01, "probability",
          help="Your belief before May 13, 2025 that the dramatic reading is right; 0.5 is even odds."
               " Range chosen here: a prior of 0 or 1 is a dogma no evidence can move."),
    Param("lr_advisory", "Advisory (May 13)", 1, **_LR,
          help="Both readings expect new US technology controls: the US had said they run on a track"
               " separate from tariffs (Kennedy). It tells them apart hardly at all: calibrated at 1."),
    Param("lr_freeze", "Licence freeze (days after Geneva)", 1, **_LR,
          help="Both readings have China hold up licences on purpose: a probe of what it can get away"
               " with (prosaic) or a cut-off (dramatic), and Beijing blames paperwork either way (CNN)."
               " That it happened separates them little: calibrated at 1."),
    Param("lr_escalation", "US escalation (late May)", 1, **_LR,
          help="Measures sparking counter-measures are what the prosaic reading expects (Kennedy), and the"
               " dramatic one has the US bluster before it backs down: calibrated at 1."),
    Param("lr_call", "US places the call (June 5)", 1, **_LR,
          help="The side losing a standoff asks for talks, but in a truce either side may call, and only"
               " China's account says the US placed the call (CNN; also a reworded copy of a piece we attribute,"
               " by inference, to The Conversation): calibrated at 1."),
    Param("lr_wording", "Wording dropped (June)", 2, **_LR,
          help="A one-sided US retreat on the Huawei guidance fits a shift of power; with power unchanged"
               " the US had said such controls would go on regardless (Kennedy): calibrated at 2."),
    Param("lr_terms", "London terms (June 10)", 0.5, **_LR,
          help="London, CNN reports, appears largely to have restored the May arrangement (full details"
               " under wraps): on that report the US conceded no more than the status quo ante. Probing with"
               " power unchanged expects exactly that; a shift of power to China leads one to expect China to"
               " win more, although Kennedy's dramatic reading itself has the US back down only to the status"
               " quo ante: calibrated at 1/2."),
    Param("lr_pledge", "Six-month limit (June 10)", 2, **_LR,
          help="China pledged supply for only six months (Kennedy): a threat kept ready for reuse, which"
               " the dramatic reading expects and routine probing has less need of: calibrated at 2."),
    Param("lr_october", "October expansion", 2, **_LR,
          help="Wider controls weeks before a summit (Barron's via Mint) use the threat again, as the"
               " dramatic reading predicts; habitual probing allows new measures too, less sweeping:"
               " calibrated at 2."),
)

DRAMATIC = "Dramatic reading more likely"
PROSAIC = "Prosaic reading more likely"
EVEN = "Even: the record does not decide"
LABELS = (DRAMATIC, PROSAIC, EVEN)

# (key, short name, its likelihood-ratio parameter, the timeline.csv move it stands for).
_EVENT_ROWS = (
    ("advisory", "Advisory", "lr_advisory", "BIS advisory on Huawei Ascend"),
    ("freeze", "Licence freeze", "lr_freeze", "Rare-earth licences stall"),
    ("escalation", "US escalation", "lr_escalation", "New controls and visa threat"),
    ("call", "Call", "lr_call", "Trump-Xi phone call"),
    ("wording", "Wording dropped", "lr_wording", "Huawei wording quietly dropped"),
    ("terms", "London terms", "lr_terms", "London handshake deal"),
    ("pledge", "Six-month limit", "lr_pledge", "Six-month rare-earth pledge"),
    ("october", "October", "lr_october", "Expanded rare-earth controls"),
)
EVENTS = tuple(row[1] for row in _EVENT_ROWS)
LR_NAMES = tuple(row[2] for row in _EVENT_ROWS)


@dataclass(frozen=True)
class Event:
    """One event of the record: when it happened and who reports it (from timeline.csv)."""

    key: str
    name: str
    when: str      # the date in words, with the precision the sources give
    source: str
    move: str      # the timeline.csv move


@lru_cache(maxsize=1)
def events() -> tuple:
    """The eight events in order, dated and sourced from tradewar.data's timeline."""
    from tradewar.data import date_words, timeline_events

    rows = {row.move: row for row in timeline_events()}
    out = []
    for key, name, _, move in _EVENT_ROWS:
        row = rows[move]
        out.append(Event(key, name, date_words(row.date, row.precision), row.source, move))
    return tuple(out)


def _pair(lr):
    """A (P(event | dramatic), P(event | prosaic)) pair with this ratio, both in [0, 1]: Bayes'
    rule depends on the ratio only, so the larger of the two is set to 1."""
    return (lr, lr / lr) if lr <= 1 else (lr / lr, 1 / lr)


def _odds(mu0, lrs):
    # One order of operations for solve() and regime_grid(), so the verdict agrees to the bit.
    odds = mu0 / (1 - mu0)
    for lr in lrs:
        odds = odds * lr
    return odds


def _verdict_codes(odds, exact):
    """0 dramatic, 1 prosaic, 2 even; floats within the games' relative tolerance of 1 are even."""
    if exact:
        return 0 if odds > 1 else 1 if odds < 1 else 2
    tol = _REL_TOL * np.maximum(1.0, np.abs(odds))
    return np.where(odds - 1 > tol, 0, np.where(1 - odds > tol, 1, 2))


@dataclass(frozen=True)
class ReadingsResult:
    """The record weighed event by event.

    lrs[i]: how many times likelier event i is under the dramatic reading than under the prosaic
    one. cumulative_lr[i] and log10_lr[i]: the product of the ratios up to and including event i,
    and its base-10 logarithm (1 means a factor of 10). path: the probability of the dramatic
    reading, starting with the prior and then after each event (len(EVENTS) + 1 entries).
    moves[i] = path[i + 1] - path[i]. biggest_mover is the event that moves the posterior most
    (the first if several tie; None if no event moves it); tied_movers: the later events that move
    it as far.
    """

    params: tuple
    events: tuple
    lrs: tuple
    cumulative_lr: tuple
    log10_lr: tuple
    path: tuple
    moves: tuple
    prior_odds: object
    posterior_odds: object
    posterior: object
    bayes_factor: object
    biggest_mover: object
    biggest_move: object
    verdict: str
    tied_movers: tuple = ()

    @property
    def outcome(self) -> str:
        return self.verdict

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> ReadingsResult:
    """Weigh the record: per-event likelihood ratios, the cumulative ratio and the posterior path."""
    p = validate_all(PARAMS, params)
    nums = dict(zip(PARAMS, numbers(p, PARAMS)))
    mu0 = nums["mu0"]
    lrs = [nums[name] for name in LR_NAMES]
    exact = isinstance(mu0, Fraction)
    path = belief_path(mu0, [_pair(lr) for lr in lrs])
    cumulative, prod = [], lrs[0] / lrs[0]
    for lr in lrs:
        prod = prod * lr
        cumulative.append(prod)
    moves = tuple(b - a for a, b in zip(path, path[1:]))
    biggest, ties = _biggest(moves, exact)
    moved = abs(moves[biggest]) > (0 if exact else _REL_TOL)
    odds = _odds(mu0, lrs)
    verdict = LABELS[int(_verdict_codes(odds, exact))]
    return ReadingsResult(
        params=tuple(p.items()),
        events=EVENTS,
        lrs=tuple(lrs),
        cumulative_lr=tuple(cumulative),
        log10_lr=tuple(math.log10(c) for c in cumulative),
        path=path,
        moves=moves,
        prior_odds=mu0 / (1 - mu0),
        posterior_odds=odds,
        posterior=path[-1],
        bayes_factor=cumulative[-1],
        biggest_mover=EVENTS[biggest] if moved else None,
        biggest_move=moves[biggest] if moved else 0 * moves[biggest],
        verdict=verdict,
        tied_movers=tuple(EVENTS[i] for i in ties) if moved else (),
    )


def _biggest(moves, exact):
    """The first event whose move is largest in size, and the later ones that move the posterior as
    far (floats: within the games' relative tolerance, so 1/6 up and 1/6 down tie as they do exactly)."""
    size = [abs(m) for m in moves]
    top = max(size)
    tol = 0 if exact else _REL_TOL * max(1.0, float(top))
    equal = [i for i, x in enumerate(size) if x >= top - tol]
    return equal[0], equal[1:]


def regime_grid(x: str = "mu0", y: str = "lr_terms", n: int = 61, **params) -> RegimeGrid:
    """The verdict over a plane of two parameters, each over its slider range; the others fixed."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n)
    with np.errstate(all="ignore"):
        odds = _odds(g["mu0"], [g[name] for name in LR_NAMES])
    codes = _verdict_codes(odds, False).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _ratio_words(lr) -> str:
    if lr > 1:
        return f"{fmt(lr)} times likelier under the dramatic reading"
    if lr < 1:
        return f"{fmt(1 / lr)} times likelier under the prosaic reading"
    return "equally likely under both readings, so it carries no evidence"


def _explain(r: ReadingsResult) -> list[str]:
    p = r.inputs()
    evs = events()
    out = [f"You start with a prior of μ₀ = {fmt(p['mu0'])} for the dramatic reading (a cut-off that shifted"
           f" bargaining power) against the prosaic one (probing, power unchanged): prior odds of"
           f" {fmt(r.prior_odds)} to 1."]
    for i, (ev, lr) in enumerate(zip(evs, r.lrs)):
        out.append(f"{ev.name} ({ev.when}): {_ratio_words(lr)}; the probability of the dramatic"
                   f" reading goes from {fmt(r.path[i])} to {fmt(r.path[i + 1])}.")
    out.append(f"Multiplied together, the whole record is {fmt(r.bayes_factor)} times as likely under the"
               f" dramatic reading as under the prosaic one (log10 = {fmt(r.log10_lr[-1])}). Posterior odds ="
               f" prior odds × {fmt(r.bayes_factor)} = {fmt(r.posterior_odds)}, a posterior of"
               f" {fmt(r.posterior)} for the dramatic reading.")
    out.append(f"Verdict: {r.verdict}.")
    if r.biggest_mover is None:
        out.append("No event moves the posterior: every likelihood ratio is 1.")
    else:
        tied = r.tied_movers
        also = f"; {' and '.join(tied)} {'moves' if len(tied) == 1 else 'move'} it as far" if tied else ""
        out.append(f"The event that moves the posterior most is {r.biggest_mover}"
                   f" ({'+' if r.biggest_move > 0 else ''}{fmt(r.biggest_move)}){also}.")
    out.append("Every likelihood ratio is a teaching calibration, and the events are treated as"
               " independent once the reading is fixed; change them if you read the record differently.")
    return out


# ---------------------------------------------------------------------------------------------
# Designing norms: which rule of the road lowers the patience a truce needs most?
# ---------------------------------------------------------------------------------------------

def _truce():
    from tradewar.models import truce  # imported when first needed: the readings half does not use it

    return truce


def _norm_params():
    base = {k: v for k, v in _truce().PARAMS.items() if k in ("T", "R", "P", "S", "epsilon", "q", "L")}
    return specs(
        *base.values(),
        Param("cut", "Size of each rule", 0.5, 0.1, 0.9, 0.05, "share removed",
              help="Each rule removes this share of one problem: false alarms, missed breaches, the gain from"
                   " a new control, or (for punishments) scales their length. Default and range chosen here."),
    )


NORM_PARAMS = _norm_params()

STATUS_QUO = "Status quo"
HOTLINE = "Hotline (fewer false alarms)"
SHARED_DATA = "Shared licence data (fewer missed breaches)"
NARROW = "Narrower toolset (smaller gain from a new control)"
LONGER = "Longer punishments"
SHORTER = "Shorter punishments"
RULES = (STATUS_QUO, HOTLINE, SHARED_DATA, NARROW, LONGER, SHORTER)


def _T_LOW(T):
    lo = _truce().PARAMS["T"].lo
    return Fraction(str(lo)) if isinstance(T, Fraction) else float(lo)


def _rule_values(p: dict) -> dict:
    """Each rule as the truce parameters it leaves (exact if the inputs are)."""
    T, R, eps, q, cut = (p[k] for k in ("T", "R", "epsilon", "q", "cut"))
    L = p["L"]
    longer = min(12, max(L + 1, math.ceil(L / (1 - cut)))) if isinstance(cut, (int, Fraction)) \
        else min(12, max(L + 1, math.ceil(round(L / (1 - cut), 9))))
    shorter = max(1, min(L - 1, math.floor(round(L * (1 - cut), 9)))) if L > 1 else 1
    return {
        STATUS_QUO: {},
        HOTLINE: {"epsilon": eps * (1 - cut)},
        SHARED_DATA: {"q": q + (1 - q) * cut},
        # Held at the bottom of truce's T slider when the cut would take it lower.
        NARROW: {"T": max(R + (T - R) * (1 - cut), _T_LOW(T))},
        LONGER: {"L": longer},  # capped at the slider's 12 rounds
        SHORTER: {"L": shorter},
    }


@dataclass(frozen=True)
class NormsResult:
    """The rules of the road compared. For each rule (RULES order): the truce parameters it changes,
    delta_star (the least patience with an everlasting punishment, M5's Green-Porter threshold, exact
    when the inputs are) and delta_needed (the least patience with the rule's punishment length L,
    a float to 1e-9; None if above 0.99). best: the rule with the lowest delta_needed (the first of
    equals; None if no rule makes the truce keepable up to 0.99); best_star: the same for delta_star."""

    params: tuple
    rules: tuple
    changes: tuple
    delta_star: tuple
    delta_needed: tuple
    best: str
    best_star: str

    @property
    def outcome(self) -> str:
        return self.best

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain_norms(self)


def _lowest(values, names):
    """The name with the lowest value (the first of equals); None if every value is None."""
    if all(v is None for v in values):
        return None
    key = [math.inf if v is None else v for v in values]
    return names[min(range(len(key)), key=lambda i: (key[i], i))]


def _rules(params: dict):
    """The validated parameters, and each rule's truce parameters (exact if the inputs are)."""
    p = validate_all(NORM_PARAMS, params)
    # Exact only if every number is, the size of the rule included (a float cut makes all floats).
    names = ("T", "R", "P", "S", "epsilon", "q", "cut")
    base = dict(zip(names, numbers(p, names)))
    cut = base.pop("cut")
    base["L"] = p["L"]
    return p, _rule_values({**base, "cut": cut}), base


def _stars(rules: dict, base: dict) -> list:
    """delta_star under each rule, from truce.solve(). It assumes everlasting punishments, so a rule
    that only changes L leaves it where the status quo has it."""
    truce = _truce()
    exact = isinstance(base["T"], Fraction)
    # delta_star does not depend on delta; an exact delta only keeps truce's numbers exact.
    delta = Fraction(str(truce.PARAMS["delta"].default)) if exact else truce.PARAMS["delta"].default
    # The status quo comes first, so a stage game that is not a prisoner's dilemma is refused at once.
    stars = {}
    for rule, change in rules.items():
        stars[rule] = stars[STATUS_QUO] if set(change) == {"L"} else \
            truce.solve(**{**base, **change}, delta=delta).delta_star
    return [stars[r] for r in RULES]


def delta_stars(**params) -> tuple:
    """Just delta_star under each rule (RULES order): what norms() gives as delta_star, without the
    search for the patience needed with finite punishments (cheap enough to sweep for a chart)."""
    _, rules, base = _rules(params)
    return tuple(_stars(rules, base))


def norms(**params) -> NormsResult:
    """Compare the rules of the road by the patience the truce (M5) needs under each."""
    p, rules, base = _rules(params)
    stars = _stars(rules, base)
    hi = float(_truce().PARAMS["delta"].hi)
    # The patience needed with finite punishments is a root of a polynomial in delta: a float.
    # M5's incentive constraint, as truce.solve() checks it, searched up to the top of its delta slider.
    needed = []
    for r in RULES:
        v = {**base, **rules[r]}
        needed.append(green_porter_least_delta(v["T"], v["R"], v["P"], v["epsilon"], v["q"], v["L"], hi))
    return NormsResult(
        params=tuple(p.items()),
        rules=RULES,
        changes=tuple(tuple(rules[r].items()) for r in RULES),
        delta_star=tuple(stars),
        delta_needed=tuple(needed),
        best=_lowest(needed, RULES),
        best_star=_lowest(stars, RULES),
    )


# norms() seen as a model, so an Explorer can drive it.
norms_model = as_model("tradewar.models.readings.norms_model",
                       "Designing norms: which rule lowers the patience a truce needs?", NORM_PARAMS, norms)

_WHAT = {"epsilon": "false alarms ε", "q": "detection q", "T": "temptation T", "L": "punishment length L"}


def _need_words(x) -> str:
    return "cannot be kept at any patience up to 0.99" if x is None else f"needs δ ≥ {fmt(x, 3)}"


def _star_words(x) -> str:
    """delta* in words: a number from 1 up is no patience at all."""
    if x is None:
        return "no δ < 1 suffices, nor any δ at all"
    return f"no δ < 1 suffices: δ* = {fmt(x, 3)}" if x >= 1 else f"it needs δ ≥ δ* = {fmt(x, 3)}"


def _explain_norms(r: NormsResult) -> list[str]:
    p = r.inputs()
    sq_star, sq_need = r.delta_star[0], r.delta_needed[0]
    out = [f"Status quo: with false alarms ε = {fmt(p['epsilon'])}, detection q = {fmt(p['q'])} and punishments of"
           f" L = {p['L']} rounds the truce {_need_words(sq_need)}; with punishments that never"
           f" end {_star_words(sq_star)}."]
    for rule, change, star, need in zip(r.rules[1:], r.changes[1:], r.delta_star[1:], r.delta_needed[1:]):
        what = ", ".join(f"{_WHAT[k]} to {fmt(v, 3)}" for k, v in change)
        same = " (as in the status quo: δ* assumes punishments that never end)" if set(dict(change)) == {"L"} else ""
        out.append(f"{rule}: {what}. The truce then {_need_words(need)}; with punishments that never end"
                   f" {_star_words(star)}{same}.")
    if r.best is None:
        out.append("No rule makes the truce keepable at any patience up to 0.99.")
    else:
        out.append(f"The rule that lowers the patience needed most is: {r.best}.")
    star = r.delta_star[r.rules.index(r.best_star)] if r.best_star is not None else None
    if star is None or star >= 1:
        out.append("With everlasting punishments no rule makes the truce keepable at any δ < 1.")
    else:
        out.append(f"With everlasting punishments the best is: {r.best_star}.")
    out.append("The sizes of the rules are teaching calibrations: each removes the same share of its own"
               " problem, so the comparison asks which problem matters most at these numbers.")
    return out
