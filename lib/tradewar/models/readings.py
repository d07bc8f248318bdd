"""Capstone: Kennedy's two readings of 2025, tested on the event record with Bayes' rule.

Scott Kennedy (Foreign Policy, June 2025) offers two readings of May and June 2025. The *prosaic*
one: nothing changed; a noisy truce (M5) produces flare-ups that nobody intended, each side answers
them, and the parameters stay where they were. The *dramatic* one, which he finds more plausible:
China deliberately cut the US off from a chokepoint product for the first time (M1), having read
Trump's record of retreats (M3), and the threat moved the bargain (M7). Each reading makes each
event of the record more or less likely. A student sets a prior, the false-alarm rate epsilon of
the prosaic reading, and a likelihood ratio for each event (how many times likelier the event is
under the dramatic reading than under the prosaic one); Bayes' rule then turns the sequence
advisory -> freeze -> US escalation -> call -> wording dropped -> London -> October into a
posterior path. The events are treated as independent given the reading, so the likelihood ratio of
the whole record is the product of the per-event ratios.

The second half of the capstone asks Kennedy's other question: which rule of the road, in the spirit
of the norms agreed after the Cuban missile crisis, makes a truce easiest to keep? norms() compares
rules (a hotline, shared licence data, a narrower toolset as Yao Yang proposes in CNN, longer or
shorter punishments) by the patience threshold they leave in the repeated truce of M5.

References: Kennedy, "Does Xi Have Trump's Number?", Foreign Policy, June 2025 (the two readings,
the rules of the road); CNN, June 2025 (Yao Yang on keeping controls "narrowly defined");
Osborne, *An Introduction to Game Theory*, ch. 9-10 (Bayes' rule); Green & Porter (1984) for the
noisy truce. Dates and sources of the events come from tradewar.data.timeline(). Every likelihood
ratio is a teaching calibration, not a figure from the articles.
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
    "TITLE", "PARAMS", "LABELS", "EVENTS", "Event", "ReadingsResult",
    "solve", "regime_grid", "events",
    "NORM_PARAMS", "RULES", "NormsResult", "norms", "delta_stars", "norms_model",
]

TITLE = "Capstone: two readings of 2025 tested on the event record"

_LR = dict(lo=0.1, hi=10, step=0.1, unit="likelihood ratio (dramatic : prosaic)")

PARAMS = specs(
    Param("mu0", "Prior for the dramatic reading (μ₀)", 0.5, 0.01, 0.99, 0.01, "probability",
          help="Your belief before May 13, 2025 that the dramatic reading is right; 0.5 is even odds."
               " Range chosen here: a prior of 0 or 1 is a dogma no evidence can move."),
    Param("epsilon", "False-alarm rate (ε)", 0.1, 0.01, 1, 0.01, "probability per month",
          help="Prosaic reading: the chance that licences stall in a month with nobody meaning it (M5's"
               " noise), so the freeze is 1/ε times likelier if it was deliberate. Default as in M5;"
               " range chosen here, up to 1 because a brand-new licensing system might stall for sure."),
    Param("lr_advisory", "Advisory (May 13)", 1, **_LR,
          help="Both readings expect new US technology controls on their own track, so the advisory"
               " tells them apart hardly at all: calibrated at 1."),
    Param("lr_escalation", "US escalation (late May)", 0.5, **_LR,
          help="More US measures after the stall are a noisy truce's punishment phase (a steady rate of"
               " US measures); a US facing a real cut-off should add fewer: calibrated at 1/2."),
    Param("lr_call", "US places the call (June 5)", 2, **_LR,
          help="The side that must back down asks for talks (almost sure if dramatic); in a truce"
               " restarting after a flare-up either side might call (about 1/2): calibrated at 2."),
    Param("lr_wording", "Wording dropped (June)", 2, **_LR,
          help="A one-sided US retreat on the Huawei wording is the dramatic back-down; the prosaic"
               " reading gives no reason to withdraw a separate-track measure: calibrated at 2."),
    Param("lr_london", "London (June 10)", 1, **_LR,
          help="London restores Geneva (unchanged terms, as the prosaic reading expects) but limits supply"
               " to six months (a threat kept for reuse, as the dramatic one expects): calibrated at 1."),
    Param("lr_october", "October expansion", 2, **_LR,
          help="Wider controls weeks before a summit reuse the threat, which the dramatic reading predicts"
               " and the prosaic one does not: calibrated at 2."),
)

DRAMATIC = "Dramatic reading more likely"
PROSAIC = "Prosaic reading more likely"
EVEN = "Even: the record does not decide"
LABELS = (DRAMATIC, PROSAIC, EVEN)

_LR_NAMES = ("lr_advisory", None, "lr_escalation", "lr_call", "lr_wording", "lr_london", "lr_october")

# (key, short name, the timeline.csv move it stands for).
_EVENT_ROWS = (
    ("advisory", "Advisory", "BIS advisory on Huawei Ascend"),
    ("freeze", "Licence freeze", "Rare-earth licences stall"),
    ("escalation", "US escalation", "New controls and visa threat"),
    ("call", "Call", "Trump-Xi phone call"),
    ("wording", "Wording dropped", "Huawei wording quietly dropped"),
    ("london", "London", "London handshake deal"),
    ("october", "October", "Expanded rare-earth controls"),
)
EVENTS = tuple(name for _, name, _ in _EVENT_ROWS)

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
    """The seven events in order, dated and sourced from tradewar.data.timeline()."""
    from tradewar.data import date_words, timeline

    tl = timeline()
    out = []
    for key, name, move in _EVENT_ROWS:
        row = tl[tl["move"] == move].iloc[0]
        out.append(Event(key, name, date_words(row["date"], row["precision"]), row["source"], move))
    return tuple(out)


def _lrs(p: dict) -> list:
    """The seven likelihood ratios, exact if every input is; the freeze's is 1/epsilon."""
    nums = dict(zip(PARAMS, numbers(p, PARAMS)))
    return [1 / nums["epsilon"] if name is None else nums[name] for name in _LR_NAMES]


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
    (the first if several tie; None if no event moves it).
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
    mu0 = numbers(p, PARAMS)[0]
    lrs = _lrs(p)
    exact = isinstance(mu0, Fraction)
    path = belief_path(mu0, [_pair(lr) for lr in lrs])
    cumulative, prod = [], lrs[0] / lrs[0]
    for lr in lrs:
        prod = prod * lr
        cumulative.append(prod)
    moves = tuple(b - a for a, b in zip(path, path[1:]))
    biggest = max(range(len(moves)), key=lambda i: (abs(moves[i]), -i))
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
    )


def regime_grid(x: str = "mu0", y: str = "epsilon", n: int = 61, **params) -> RegimeGrid:
    """The verdict over a plane of two parameters, each over its slider range; the others fixed."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n)
    lrs = [1 / g["epsilon"] if name is None else g[name] for name in _LR_NAMES]
    with np.errstate(all="ignore"):
        odds = _odds(g["mu0"], lrs)
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
    out = [f"You start with a prior of μ₀ = {fmt(p['mu0'])} for the dramatic reading: prior odds of"
           f" {fmt(r.prior_odds)} to 1."]
    for i, (ev, lr) in enumerate(zip(evs, r.lrs)):
        why = ""
        if ev.key == "freeze":
            why = (f" (deliberate, it was sure to happen; as noise it needed a false alarm of probability"
                   f" ε = {fmt(p['epsilon'])}, so the ratio is 1/ε)")
        out.append(f"{ev.name} ({ev.when}): {_ratio_words(lr)}{why}; the probability of the dramatic"
                   f" reading goes from {fmt(r.path[i])} to {fmt(r.path[i + 1])}.")
    out.append(f"Multiplied together, the whole record is {fmt(r.bayes_factor)} times as likely under the"
               f" dramatic reading as under the prosaic one (log10 = {fmt(r.log10_lr[-1])}). Posterior odds ="
               f" prior odds × {fmt(r.bayes_factor)} = {fmt(r.posterior_odds)}, a posterior of"
               f" {fmt(r.posterior)} for the dramatic reading.")
    out.append(f"Verdict: {r.verdict}.")
    if r.biggest_mover is None:
        out.append("No event moves the posterior: every likelihood ratio is 1.")
    else:
        out.append(f"The event that moves the posterior most is {r.biggest_mover}"
                   f" ({'+' if r.biggest_move > 0 else ''}{fmt(r.biggest_move)}).")
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


def _explain_norms(r: NormsResult) -> list[str]:
    p = r.inputs()
    sq_star, sq_need = r.delta_star[0], r.delta_needed[0]
    out = [f"Status quo: with false alarms ε = {fmt(p['epsilon'])}, detection q = {fmt(p['q'])} and punishments of"
           f" L = {p['L']} rounds the truce {_need_words(sq_need)}; with punishments that never"
           f" end it would need δ* = {fmt(sq_star, 3)}."]
    for rule, change, star, need in zip(r.rules[1:], r.changes[1:], r.delta_star[1:], r.delta_needed[1:]):
        what = ", ".join(f"{_WHAT[k]} to {fmt(v, 3)}" for k, v in change)
        out.append(f"{rule}: {what}. The truce then {_need_words(need)}"
                   f" (δ* = {fmt(star, 3)}{', unchanged: δ* assumes punishments that never end' if star == sq_star else ''}).")
    if r.best is None:
        out.append("No rule makes the truce keepable at any patience up to 0.99.")
    else:
        out.append(f"The rule that lowers the patience needed most is: {r.best}.")
    out.append(f"With everlasting punishments the best is: {r.best_star}.")
    out.append("The sizes of the rules are teaching calibrations: each removes the same share of its own"
               " problem, so the comparison asks which problem matters most at these numbers.")
    return out
