"""M3 TACO as Bayesian updating: how many US back-downs before retaliation pays China?

China does not know what kind of leader it faces. A *tough* leader backs down under pressure only
now and then (probability beta_tough); a *chicken* backs down most of the time (beta_chicken). China
starts from a prior mu0 that the leader is tough and updates it by Bayes' rule on each 2025 event it
counts as evidence: the April 9 tariff cut for everyone but China, the Geneva talks that Beijing
says the US proposed, the June 5 call the US placed, the "anywhere in the world" wording dropped from
the Huawei guidance, and the London rollback. Each back-down multiplies the odds that the leader is
tough by beta_tough/beta_chicken (a quarter at the defaults); a stand multiplies them by
(1 - beta_tough)/(1 - beta_chicken).

China's estimate that the US would back down after a retaliation is b_bar = mu*beta_tough +
(1 - mu)*beta_chicken. With M1's payoffs (retaliating costs China kappa if the US backs down and
l + D_cn if it persists; accepting costs l) retaliation pays iff b_bar >= b* = D_cn/(l - kappa + D_cn),
and never when kappa >= l. At the default calibration two back-downs (April 9 and Geneva) bring mu to
1/17 and b_bar to 13/17, above b* = 5/7: in this model retaliation pays by the May 13 advisory,
Kennedy's "right moment". The same numbers say it did not pay before any event (b_bar = 1/2), when
China made its April 2025 dual-use listing: notebook 04 treats that as a tension, not a result. When
beta_tough = beta_chicken nothing is learned from a back-down: the insights page's reading that a
tough US is only biding its time while it depends on Chinese rare earths. The slider ranges (beta_tough
in [0, 0.5], beta_chicken in [0.5, 1]) keep a tough type no likelier to back down than a chicken, so
they meet only at 0.5. That point lowers the chicken's rate to 0.5 and never pays at the default
payoffs (beta_chicken = 0.5 < b*); the biding story instead raises the tough type's rate to the
chicken's (about 0.8), where b_bar = 0.8 >= b* whatever China believes, beyond the sliders.

The Bayes updating itself lives in tradewar.games.reputation; this module supplies the story, the
sourced event record and the retaliation threshold.

References: Osborne, *An Introduction to Game Theory*, ch. 9-10; Gibbons, *Game Theory for Applied
Economists*, ch. 4; Fearon (1994), "Domestic political audiences and the escalation of international
disputes". Data: the event dates and sources come from tradewar/data/timeline.csv (Scott Kennedy,
Foreign Policy, June 2025; CNN, June 2025; The Conversation (attribution inferred; reworded copy), June 2025). Every number
here (mu0, the betas, D_cn, l, kappa) is a teaching calibration.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from tradewar.data import date_words, timeline_events
from tradewar.games import above, at_least
from tradewar.games.reputation import belief_path, posterior, posterior_odds, update
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = ["TITLE", "PARAMS", "LABELS", "EVENTS", "NUMERIC", "RECORD", "Event", "TacoResult",
           "solve", "regime_grid"]

TITLE = "M3 TACO as Bayesian updating"

BACK_DOWN, STAND = "back-down", "stand"
BEFORE = "before any event"


class Event(NamedTuple):
    """One 2025 event China may count as evidence, tied to its row in data/timeline.csv."""

    param: str      # the checkbox parameter
    label: str      # short label shown on charts and in results
    kind: str       # BACK_DOWN or STAND
    move: str       # the `move` of its timeline row
    date: str       # ISO date of that row
    when: str       # the date in words, as precise as the sources give it
    source: str


def _record() -> tuple[Event, ...]:
    """The events of M3, each looked up in the timeline by its move; a missing row is a bug."""
    wanted = (
        ("april9_cut", "April 9 tariff cut", BACK_DOWN, "Tariff cut except China"),
        ("geneva_request", "Geneva request", BACK_DOWN, "Geneva 90-day truce"),
        ("late_may_controls", "late-May controls", STAND, "New controls and visa threat"),
        ("june5_call", "June 5 call", BACK_DOWN, "Trump-Xi phone call"),
        ("wording_dropped", "wording dropped", BACK_DOWN, "Huawei wording quietly dropped"),
        ("london_rollback", "London rollback", BACK_DOWN, "London handshake deal"),
    )
    rows = {row.move: row for row in timeline_events()}
    out = []
    for param, label, kind, move in wanted:
        if move not in rows:
            raise RuntimeError(f"data/timeline.csv has no row with move {move!r}, which M3's {param} needs")
        row = rows[move]
        out.append(Event(param, label, kind, move, f"{row.date:%Y-%m-%d}", date_words(row.date, row.precision),
                         row.source))
    # Date order; same-day events keep the order above (the June 5 call, then the dropped wording).
    return tuple(sorted(out, key=lambda e: e.date))


RECORD = _record()
EVENTS = {e.param: e for e in RECORD}
_E = EVENTS

_CONVERSATION = "The Conversation (attribution inferred; reworded copy), June 2025"

NUMERIC = ("mu0", "beta_tough", "beta_chicken", "D_cn", "l", "kappa")

PARAMS = specs(
    Param("mu0", "Prior: leader is tough (μ₀)", 0.5, 0.01, 0.99, 0.01, "probability",
          help="China's belief, before any 2025 event, that the US leader is the tough type;"
               " range [0.01, 0.99] chosen here."),
    Param("beta_tough", "Tough type backs down (β_T)", 0.2, 0, 0.5, 0.01, "probability",
          help="How often a tough leader backs down when pressed."),
    Param("beta_chicken", "Chicken type backs down (β_Ch)", 0.8, 0.5, 1, 0.01, "probability",
          help="How often a chicken leader backs down when pressed."),
    Param("D_cn", "China's damage in an open fight (D_C)", 2, 0, 5, 0.05, "payoff units",
          help="What a fight costs China if the US persists after a retaliation (as in M1);"
               " range [0, 5] chosen here."),
    Param("l", "China's loss from accepting (l)", 1, 0.1, 3, 0.05, "payoff units",
          help="What China loses by swallowing a US escalation (as in M1); range [0.1, 3] chosen here."),
    Param("kappa", "China's cost of retaliating (κ)", 0.2, 0, 2, 0.05, "payoff units",
          help="What freezing licences costs China if the US backs down (M1's κ₀ + ρ);"
               " range [0, 2] chosen here."),
    Param("april9_cut", "Apr 9, 2025: tariffs cut for all but China", True, kind="bool",
          source=_E["april9_cut"].source,
          help="Count the pause of the new tariffs for every partner but China as a US back-down."),
    Param("geneva_request", "May 12, 2025: Geneva talks, proposed by the US", True, kind="bool",
          source=f"{_E['geneva_request'].source} (the talks); {_CONVERSATION} (who proposed them)",
          help="Count the Geneva talks, which Beijing's readout says the US side proposed, as a back-down."),
    Param("late_may_controls", "Late May 2025: new US controls (a stand)", False, kind="bool",
          source=_E["late_may_controls"].source,
          help="Count the late-May controls and visa threat, made while licences stalled, as a US stand;"
               " off by default (not in models.md's list)."),
    Param("june5_call", "Jun 5, 2025: the US places the call", True, kind="bool",
          source=f"{_E['june5_call'].source}; CNN, June 2025",
          help="Count the June 5 call, which by China's account the US initiated, as a back-down."),
    Param("wording_dropped", "~Jun 5, 2025: worldwide wording dropped", True, kind="bool",
          source=_E["wording_dropped"].source,
          help="Count the quiet removal of the worldwide reach from the Huawei chip guidance as a back-down."),
    Param("london_rollback", "Jun 10, 2025: London rollback", True, kind="bool",
          source=_E["london_rollback"].source,
          help="Count London's promise to lift the new US controls as China approves exports as a back-down."),
)

# The 2025 record has five back-downs: the map counts up to that many.
RECORD_BACK_DOWNS = sum(1 for e in RECORD if e.kind == BACK_DOWN)

AT_ONCE = "Retaliation pays at once"
NEVER = "Never pays"
MORE = f"Needs over {RECORD_BACK_DOWNS} back-downs"
LABELS = (AT_ONCE,) + tuple(
    f"Pays after {n} back-down{'s' if n > 1 else ''}" for n in range(1, RECORD_BACK_DOWNS + 1)
) + (MORE, NEVER)


def _b_bar(mu, bt, bch):
    return mu * bt + (1 - mu) * bch


def _b_star(D_cn, l, kappa):
    """b* = D_cn/(l - kappa + D_cn), or None when kappa >= l (retaliating never beats accepting)."""
    return D_cn / (l - kappa + D_cn) if kappa < l else None


@dataclass(frozen=True)
class TacoResult:
    """China's belief about the US leader after the checked 2025 record, and what it implies.

    beliefs and b_bars have one entry per point: the prior, then one after each checked event (in
    date order; events, dates and kinds name those events). mu and b_bar are the last entries.
    b_star is None when kappa >= l (retaliation never pays). first_rational is the first point at
    which b_bar >= b_star ("before any event" for the prior), None if there is none.
    odds is the posterior odds that the leader is tough (math.inf once a stand has ruled the
    chicken out). ratio_back_down and ratio_stand are the factors one back-down and one stand put
    on those odds (ratio_stand is None when beta_chicken = 1: a stand then proves toughness).
    mu_star is the belief at or below which China retaliates (None when the belief does not
    matter: kappa >= l or beta_tough = beta_chicken, or when no belief is low enough).
    k_needed is the number of back-downs in a row, from the prior, after which retaliation pays
    (None when more than the record's five are needed or none suffice); outcome says which.
    """

    params: tuple
    mu: object
    b_bar: object
    b_star: object
    retaliates: bool
    k: int
    j: int
    events: tuple
    dates: tuple
    kinds: tuple
    beliefs: tuple
    b_bars: tuple
    first_rational: object
    informative: bool
    odds: object
    ratio_back_down: object
    ratio_stand: object
    mu_star: object
    k_needed: object
    outcome: str

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def _validated(given: dict) -> dict:
    return validate_all(PARAMS, given)


def _checked(p: dict) -> tuple[Event, ...]:
    return tuple(e for e in RECORD if p[e.param])


def solve(**params) -> TacoResult:
    """China's posterior after the checked events, its estimate that the US backs down, and
    whether retaliating pays."""
    p = _validated(params)
    mu0, bt, bch, D_cn, l, kappa = numbers(p, NUMERIC)
    exact = isinstance(mu0, Fraction)
    checked = _checked(p)
    k = sum(1 for e in checked if e.kind == BACK_DOWN)
    j = len(checked) - k
    if k and j and bt == 0 and bch == 1:
        raise ValueError(
            f"beta_tough ({PARAMS['beta_tough'].label}) = {p['beta_tough']!r} and beta_chicken"
            f" ({PARAMS['beta_chicken'].label}) = {p['beta_chicken']!r}: a tough type that never backs"
            " down and a chicken that always does cannot produce a record with both back-downs and"
            " stands; raise beta_tough, lower beta_chicken or uncheck one kind of event."
        )
    likelihoods = [(bt, bch) if e.kind == BACK_DOWN else (1 - bt, 1 - bch) for e in checked]
    beliefs = belief_path(mu0, likelihoods)
    b_bars = tuple(_b_bar(mu, bt, bch) for mu in beliefs)
    b_star = _b_star(D_cn, l, kappa)
    pays = [b_star is not None and bool(at_least(b, b_star, exact)) for b in b_bars]
    labels = (BEFORE,) + tuple(e.label for e in checked)
    first = next((lab for lab, ok in zip(labels, pays) if ok), None)

    informative = bt != bch
    mu_star = None
    if b_star is not None and informative:
        m = (bch - b_star) / (bch - bt)
        # m >= 1: even a sure-tough leader backs down often enough (beta_tough >= b*).
        mu_star = min(m, 1 + 0 * m) if m >= 0 else None

    # Back-downs in a row from the prior: the count the regime map shows.
    k_needed, mu = None, mu0
    for n in range(RECORD_BACK_DOWNS + 1 if b_star is not None else 0):
        if at_least(_b_bar(mu, bt, bch), b_star, exact):
            k_needed = n
            break
        mu = update(mu, bt, bch)
    if k_needed is not None:
        outcome = LABELS[k_needed]
    elif b_star is not None and informative and _beyond(bch, b_star, exact):
        outcome = MORE
    else:
        outcome = NEVER

    return TacoResult(
        params=tuple(p.items()),
        mu=beliefs[-1],
        b_bar=b_bars[-1],
        b_star=b_star,
        retaliates=pays[-1],
        k=k,
        j=j,
        events=labels[1:],
        dates=tuple(e.when for e in checked),
        kinds=tuple(e.kind for e in checked),
        beliefs=beliefs,
        b_bars=b_bars,
        first_rational=first,
        informative=bool(informative),
        odds=posterior_odds(mu0, k, j, bt, bch),
        ratio_back_down=bt / bch,
        ratio_stand=(1 - bt) / (1 - bch) if bch != 1 else None,
        mu_star=mu_star,
        k_needed=k_needed,
        outcome=outcome,
    )


def _beyond(bch, b_star, exact):
    """Enough back-downs eventually make retaliation pay: b_bar tends to beta_chicken from below,
    so it must lie strictly above b* (within the float tolerance, a tie never gets there)."""
    return above(bch, b_star, exact)


def regime_grid(x: str = "beta_tough", y: str = "beta_chicken", n: int = 61, **params) -> RegimeGrid:
    """How many back-downs in a row China needs to see before retaliating pays, over a plane of
    two numeric parameters (the checkboxes do not enter: the map counts back-downs)."""
    p = _validated(params)
    xs, ys, g = plane(PARAMS, p, x, y, n, NUMERIC)
    mu0, bt, bch = g["mu0"], g["beta_tough"], g["beta_chicken"]
    kappa, l, D_cn = g["kappa"], g["l"], g["D_cn"]
    possible = kappa < l
    with np.errstate(divide="ignore", invalid="ignore"):
        b_star = np.where(possible, D_cn / (l - kappa + D_cn), np.inf)
    codes = np.full((n, n), -1, dtype=np.int8)
    for k in range(RECORD_BACK_DOWNS + 1):
        # The belief after k back-downs in a row, for the whole plane at once.
        mu = mu0 if k == 0 else posterior(mu0, k, 0, bt, bch)
        pays = possible & at_least(_b_bar(mu, bt, bch), b_star, False) & (codes < 0)
        codes[pays] = k
    later = possible & (bt != bch) & _beyond(bch, np.where(possible, b_star, 0.0), False)
    codes = np.where(codes >= 0, codes, np.where(later, len(LABELS) - 2, len(LABELS) - 1)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _p(x) -> str:
    """A probability for the screen: small fractions as a/b, tiny values with three digits."""
    if isinstance(x, Fraction) and x.denominator <= 12:
        return fmt(x)
    v = float(x)
    text = f"{v:.3g}" if 0 < abs(v) < 0.01 else fmt(v, 3)
    if isinstance(x, Fraction) and x.denominator < 100000:
        return f"{x.numerator}/{x.denominator} ≈ {text}"
    return text


def _odds(x) -> str:
    if x == float("inf"):
        return "infinite"
    return _p(x)


def _explain(r: TacoResult) -> list[str]:
    p = r.inputs()
    mu0, bt, bch, D_cn, l, kappa = numbers(p, NUMERIC)
    out = [
        f"China starts from the prior μ₀ = {_p(mu0)} that the US leader is tough. A tough leader backs"
        f" down when pressed with probability β_T = {fmt(bt)}, a chicken with β_Ch = {fmt(bch)}.",
    ]
    if r.informative:
        stand = (f"each stand by (1 - β_T)/(1 - β_Ch) = {_p(r.ratio_stand)}" if r.ratio_stand is not None
                 else "a single stand proves him tough, since a chicken with β_Ch = 1 never stands")
        out.append(f"By Bayes' rule each back-down multiplies the odds that he is tough by"
                   f" β_T/β_Ch = {_p(r.ratio_back_down)}, and {stand}.")
    else:
        out.append(f"Both types back down with the same probability {fmt(bt)}, so a back-down says nothing"
                   f" about the type: the belief stays at μ₀ = {_p(mu0)} whatever happens (the biding reading).")
    if r.events:
        steps = "; ".join(f"{e} ({d}): μ = {_p(m)}" for e, d, m in zip(r.events, r.dates, r.beliefs[1:]))
        out.append(f"The checked record holds k = {r.k} back-down{'s' if r.k != 1 else ''} and j = {r.j}"
                   f" stand{'s' if r.j != 1 else ''}. Belief after each event: {steps}.")
    else:
        out.append("No event is checked, so China still holds its prior: k = 0 back-downs, j = 0 stands.")
    prior_odds = mu0 / (1 - mu0)
    stands = (f"{_p(r.ratio_stand)}^{r.j}" if r.ratio_stand is not None
              else "(a stand rules the chicken out)" if r.j else "1")
    out.append(f"Posterior odds = prior odds × (β_T/β_Ch)^k × ((1 - β_T)/(1 - β_Ch))^j ="
               f" {_p(prior_odds)} × {_p(r.ratio_back_down)}^{r.k} × {stands} = {_odds(r.odds)},"
               f" so μ = odds/(1 + odds) = {_p(r.mu)}.")
    out.append(f"China's estimate that the US backs down after a retaliation: b̄ = μ·β_T + (1 - μ)·β_Ch ="
               f" {_p(r.b_bar)}.")
    if r.b_star is None:
        out.append(f"Retaliating costs China κ = {fmt(kappa)} even if the US backs down, not less than the"
                   f" l = {fmt(l)} it loses by accepting (κ ≥ l): no belief makes retaliation worth it,"
                   " so China accepts.")
    else:
        out.append(f"Retaliating gives China -κ = {fmt(-kappa)} if the US backs down and -l - D_C ="
                   f" {fmt(-l - D_cn)} if it persists; accepting gives -l = {fmt(-l)}. So retaliation pays"
                   f" when b̄ ≥ b* = D_C/(l - κ + D_C) = {fmt(D_cn)}/({fmt(l)} - {fmt(kappa)} + {fmt(D_cn)})"
                   f" = {_p(r.b_star)}.")
        verdict = "at or above" if r.retaliates else "below"
        out.append(f"After the checked record b̄ = {_p(r.b_bar)} is {verdict} b* = {_p(r.b_star)}:"
                   f" China {'retaliates' if r.retaliates else 'accepts'}.")
        if r.first_rational == BEFORE:
            out.append("Retaliation already paid before any event: the prior alone puts b̄ at or above b*.")
        elif r.first_rational is not None:
            i = r.events.index(r.first_rational)
            out.append(f"In this model retaliation first paid after the {r.first_rational} ({r.dates[i]}),"
                       f" when b̄ reached {_p(r.b_bars[i + 1])}.")
        else:
            out.append("At no point of the checked record did retaliation pay.")
        if r.mu_star is not None:
            out.append(f"Equivalently, China retaliates once its belief that he is tough is at most"
                       f" μ* = (β_Ch - b*)/(β_Ch - β_T) = {_p(r.mu_star)}.")
    if r.k_needed is not None:
        n = r.k_needed
        out.append("Counting back-downs in a row from the prior: " + (
            "none is needed." if n == 0 else f"retaliation pays after {n} back-down{'s' if n > 1 else ''}."))
    elif r.outcome == MORE:
        out.append(f"Counting back-downs in a row from the prior: more than the {RECORD_BACK_DOWNS} of the"
                   " 2025 record are needed.")
    else:
        if r.b_star is not None and r.informative:
            why = " (a chicken backs down too rarely: β_Ch is not above b*)."
        elif r.b_star is not None:
            why = (f": the common back-down rate {fmt(bt)} is below b* = {_p(r.b_star)}, and with equal rates b̄"
                   " equals that rate whatever China believes (a common rate at or above b* would make"
                   " retaliation pay before any event).")
        else:
            why = "."
        out.append("Counting back-downs in a row from the prior: no number of them makes retaliation pay" + why)
    out.append(f"Outcome: {r.outcome}.")
    return out
