"""M4 Chain store and reputation: can one punch prevent a hundred?

A long-run incumbent faces N challenges in turn: China facing a string of US measures after May 2025
(the chip advisory, chip-design software, C919 parts, student visas), or, read the other way, a US
president whose retreats are watched by every later challenger. Each challenger decides whether to
enter (challenge); the incumbent then fights or accommodates. Fighting costs the incumbent now, and a
weak incumbent gains from it only through what later challengers believe.

Selten (1978): if everyone knows the incumbent is weak, backward induction unravels the threat. The
last incumbent accommodates, so does the one before, and every challenger enters: fighting never
pays. Kreps & Wilson and Milgrom & Roberts (1982): a small prior delta that the incumbent is a tough
type who always fights changes everything. A weak incumbent then fights early on to look tough, and
all but the last n* = ceil(ln delta / ln b) - 1 challengers stay out, whatever N is ("one punch can
prevent a hundred punches", a Chinese observer quoted by Kennedy). One accommodation reveals weakness:
the belief drops to 0 and every later challenger enters (TACO).

References: Selten (1978), "The chain store paradox"; Kreps & Wilson (1982), "Reputation and imperfect
information"; Milgrom & Roberts (1982), "Predation, reputation, and entry deterrence"; Fudenberg &
Tirole, *Game Theory*, ch. 9. Story: Scott Kennedy, "Does Xi Have Trump's Number?", Foreign Policy,
June 2025 (the "one punch" saying, TACO); CNN, June 2025 (TACO in China's online discourse). Every
number here is a teaching calibration: the articles give none of N, b, a or delta.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradewar.games import REL_TOL as _REL_TOL
from tradewar.games.reputation import chain_store, simulate
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = ["TITLE", "PARAMS", "LABELS", "ChainStoreResult", "solve", "regime_grid", "SIM_PATHS"]

TITLE = "M4 Chain store and reputation"

INCUMBENTS = ("weak", "tough")

PARAMS = specs(
    Param("N", "Number of challenges (N)", 10, 1, 100, 1, "challenges", kind="int",
          help="How many challenges the incumbent meets one after another (advisory, chip software, "
               "C919 parts, visas...); range from models.md."),
    Param("b", "Challenger's gain if accommodated (b)", 0.5, 0.05, 0.95, 0.05,
          "payoff units (a fight costs the challenger 1)",
          help="What a challenger wins when the incumbent gives in; fought, it gets b - 1 < 0. "
               "Range [0.05, 0.95] chosen here."),
    Param("a", "Incumbent's gain when left alone (a)", 2, 1.05, 5, 0.05,
          "payoff units (a fight costs the incumbent 1)",
          help="What a weak incumbent gets when a challenger stays out (0 if it gives in, -1 if it "
               "fights). Range [1.05, 5] chosen here."),
    Param("delta", "Prior that the incumbent is tough (δ)", 0.1, 0, 0.5, 0.01, "probability",
          help="The challengers' initial belief that the incumbent is a type that always fights; "
               "range from models.md."),
    Param("incumbent", "True type (simulated play)", "weak", kind="choice", choices=INCUMBENTS,
          help="Which incumbent the simulated play uses; the challengers do not know it. Chosen here."),
    Param("back_down_at", "Forced back-down at challenge (0 = none)", 0, 0, 100, 1, "challenge number",
          kind="int",
          help="In the simulated play, challenger number t enters and the incumbent gives in once (a TACO "
               "moment); 0, or a number above N, means none. Chosen here."),
    Param("seed", "Random seed (simulated play)", 5, 0, 99, 1, kind="int",
          help="The same seed gives the same simulated play. Chosen here."),
)

SIM_PATHS = 200  # simulated plays behind the average shown next to the model's expectation

NONE_DETERRED = "No challenger deterred: every one may enter"
FEW_DETERRED = "Reputation deters fewer than half the challengers"
MOST_DETERRED = "Reputation deters at least half the challengers"
LABELS = (NONE_DETERRED, FEW_DETERRED, MOST_DETERRED)

OUT, FOUGHT, ACCOMMODATED = "out", "fought", "accommodated"


def _outcome(deterred, N):
    return NONE_DETERRED if deterred == 0 else MOST_DETERRED if 2 * deterred >= N else FEW_DETERRED


@dataclass(frozen=True)
class ChainStoreResult:
    """The chain-store equilibrium at one parameter point, plus one simulated play.

    Tuples run over the challenges t = 1 (first) .. N (last); challenge t has n = N - t + 1 left.
    thresholds: b^n, the belief below which challenger t enters.
    entry_prob: probability that challenger t enters (incumbent drawn from the prior);
        entry_prob_weak / entry_prob_tough: given a weak / a tough incumbent.
    fight_prob: probability that challenger t enters and is fought (drawn from the prior).
    belief_path: N + 1 beliefs that the incumbent is tough, before challenge 1 and after each
        challenge, when every entrant so far was fought (the reputation path).
    beta_path: the weak incumbent's probability of fighting challenger t on that path.
    n_star: the last n* challengers enter at the prior, ceil(ln δ / ln b) - 1 (math.inf if δ = 0).
    deterred: challengers who stay out for sure; may_enter = N - deterred.
    first_entry: the first challenge at which entry may happen (None if everyone is deterred).
    weak_payoff: the weak incumbent's expected total payoff.
    back_down_at: the forced back-down in the simulated play (None if none or beyond N);
        entries_after_back_down: N - t, every later challenger; expected_entries_after: the
        equilibrium's expected entries after t for the simulated type; payoff_lost: the weak
        incumbent's equilibrium payoff from the challenges after t, all lost by the back-down.
    path: the simulated play, "out" / "fought" / "accommodated" per challenge; path_beliefs the
        belief after each step (N + 1 values). sim_mean_entries: entries averaged over SIM_PATHS
        plays (same seed); sim_expected_entries: the model's expectation for that type.
    """

    params: tuple
    N: int
    n_star: object
    deterred: int
    may_enter: int
    first_entry: object
    thresholds: tuple
    entry_prob: tuple
    entry_prob_weak: tuple
    entry_prob_tough: tuple
    fight_prob: tuple
    belief_path: tuple
    beta_path: tuple
    expected_entries: object
    expected_entries_weak: object
    expected_entries_tough: object
    expected_fights: object
    weak_payoff: object
    incumbent: str
    back_down_at: object
    entries_after_back_down: object
    expected_entries_after: object
    payoff_lost: object
    path: tuple
    path_beliefs: tuple
    sim_mean_entries: float
    sim_expected_entries: object
    outcome: str

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> ChainStoreResult:
    """The sequential equilibrium of M4 (exact for exact inputs) and a seeded simulated play."""
    p = validate_all(PARAMS, params)
    N = p["N"]
    b, a, delta = numbers(p, ("b", "a", "delta"))
    eq = chain_store(N, b, a, delta)
    tough = p["incumbent"] == "tough"
    t = p["back_down_at"] if 1 <= p["back_down_at"] <= N else None

    plays = simulate(N, float(b), float(a), float(delta), tough=tough, paths=SIM_PATHS, seed=p["seed"],
                     back_down_at=t)
    moves = np.where(plays.fought[0], 1, np.where(plays.entered[0], 2, 0))
    path = tuple((OUT, FOUGHT, ACCOMMODATED)[m] for m in moves)

    own = eq.entry_prob_tough if tough else eq.entry_prob_weak
    if t is None:
        after = expected_after = lost = None
    else:
        after = N - t
        expected_after = sum(own[t:], 0 * own[0])
        lost = sum(((1 - e) * a - f for e, f in zip(eq.entry_prob_weak[t:], eq.fight_prob_weak[t:])), 0 * a)

    positive = [i for i, e in enumerate(eq.entry_prob) if e]
    return ChainStoreResult(
        params=tuple(p.items()),
        N=N,
        n_star=eq.n_star,
        deterred=eq.deterred,
        may_enter=N - eq.deterred,
        first_entry=positive[0] + 1 if positive else None,
        thresholds=eq.thresholds,
        entry_prob=eq.entry_prob,
        entry_prob_weak=eq.entry_prob_weak,
        entry_prob_tough=eq.entry_prob_tough,
        fight_prob=eq.fight_prob,
        belief_path=eq.belief_fought,
        beta_path=eq.beta_fought,
        expected_entries=eq.expected_entries,
        expected_entries_weak=eq.expected_entries_weak,
        expected_entries_tough=eq.expected_entries_tough,
        expected_fights=eq.expected_fights,
        weak_payoff=eq.weak_payoff,
        incumbent=p["incumbent"],
        back_down_at=t,
        entries_after_back_down=after,
        expected_entries_after=expected_after,
        payoff_lost=lost,
        path=path,
        path_beliefs=tuple(float(x) for x in plays.beliefs[0]),
        sim_mean_entries=float(plays.entered.sum(1).mean()),
        sim_expected_entries=eq.expected_entries_tough if tough else eq.expected_entries_weak,
        outcome=_outcome(eq.deterred, N),
    )


def regime_grid(x: str = "delta", y: str = "b", n: int = 61, **params) -> RegimeGrid:
    """How many challengers reputation deters, over a plane of two of N, b, a, delta.

    The challenger at stage n (n challenges left) is deterred for sure iff delta > b^n, so
    deterred = N - min(N, #{n >= 1 : b^n >= delta}) and #{...} = floor(ln delta / ln b) for delta > 0
    (ties b^n = delta count as possible entry, as in solve). N on an axis takes whole values (plane).
    """
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n, ("N", "b", "a", "delta"))
    N = g["N"]
    delta, b = g["delta"], g["b"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(delta) / np.log(b)
    # Relative tolerance: delta = b^m within rounding counts as the tie it is in exact arithmetic.
    may = np.where(delta > 0, np.floor(ratio + _REL_TOL * np.maximum(1.0, ratio)), np.inf)
    deterred = np.maximum(0.0, N - np.minimum(N, may))
    codes = np.where(deterred == 0, 0, np.where(2 * deterred >= N, 2, 1)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: ChainStoreResult) -> list[str]:
    p = r.inputs()
    N = r.N
    b, a, delta = numbers(p, ("b", "a", "delta"))
    out = [
        f"Each of the N = {N} challengers gets b = {fmt(b)} if the incumbent gives in and b - 1 = {fmt(b - 1)}"
        f" if it fights, so it enters only if it puts the chance of a fight below b = {fmt(b)}. A weak"
        f" incumbent gets a = {fmt(a)} from a challenger who stays out, 0 from giving in and -1 from fighting;"
        f" a tough one always fights. The challengers start out believing it is tough with probability"
        f" δ = {fmt(delta)}.",
    ]
    if delta == 0:
        out.append(
            "δ = 0 is Selten's chain-store paradox: the last challenger enters because a weak incumbent gives"
            " in when no future is left to protect; then the second-to-last is in the same position, and so on"
            f" back to the first. All {N} challengers enter and are accommodated; fighting never pays."
        )
    else:
        ns = r.n_star
        out.append(
            f"With n challenges left, a challenger enters only if the belief is below b^n. The belief starts at"
            f" δ = {fmt(delta)} and b^n falls below it once n > n* = ⌈ln δ / ln b⌉ - 1 = {ns}: so all but the"
            f" last {ns} challenges are deterred, whatever N is. Here {r.deterred} of {N} challengers stay out"
            f" for sure and {r.may_enter} may enter."
        )
        if r.first_entry is not None:
            t = r.first_entry
            beta = r.beta_path[t - 1]
            out.append(
                f"Challenge {t} is the first that may be entered. If it is, a weak incumbent fights with"
                f" probability {fmt(beta)}: just often enough that a fight lifts the belief to the next threshold"
                f" ({fmt(r.belief_path[t])}), where the next challenger is indifferent. A weak incumbent is"
                f" indifferent too, because giving in sends the belief to 0 and every later challenger enters."
            )
    out.append(
        f"Expected entries: {fmt(r.expected_entries)} of {N} (a weak incumbent faces"
        f" {fmt(r.expected_entries_weak)}, a tough one {fmt(r.expected_entries_tough)}). The weak incumbent's"
        f" expected payoff is {fmt(r.weak_payoff)}, against 0 without a reputation."
    )
    fights = sum(1 for m in r.path if m == FOUGHT)
    gave_in = [i + 1 for i, m in enumerate(r.path) if m == ACCOMMODATED]
    entered = sum(1 for m in r.path if m != OUT)
    sim = (f"In the simulated play (a {r.incumbent} incumbent, seed {p['seed']}) {entered} challengers entered,"
           f" {fights} were fought")
    if not gave_in:
        sim += " and none was accommodated."
    elif gave_in[0] == len(r.path):
        sim += f" and the incumbent gave in only at the last challenge, {gave_in[0]}, when no reputation is left to protect."
    else:
        sim += (f" and the incumbent first gave in at challenge {gave_in[0]}, after which the belief is 0 and every"
                f" later challenger enters.")
    if r.back_down_at is None:
        sim += (f" Over {SIM_PATHS} plays with this seed the average is {fmt(r.sim_mean_entries)} entries"
                f" (the model says {fmt(r.sim_expected_entries)}).")
    else:
        sim += (f" Over {SIM_PATHS} plays with the forced back-down the average is {fmt(r.sim_mean_entries)}"
                f" entries (without it the model expects {fmt(r.sim_expected_entries)}).")
    out.append(sim)
    if r.back_down_at is not None:
        t = r.back_down_at
        out.append(
            f"The forced back-down at challenge {t} (TACO) reveals a weak incumbent: the belief drops to 0, and all"
            f" {r.entries_after_back_down} later challengers enter, against {fmt(r.expected_entries_after)}"
            f" expected after challenge {t} in the equilibrium. A weak incumbent loses the"
            f" {fmt(r.payoff_lost)} payoff units those challenges were worth to it."
        )
    elif p["back_down_at"] > N:
        out.append(f"No back-down is forced: challenge {p['back_down_at']} is beyond the last one (N = {N}).")
    out.append(f"Outcome: {r.outcome}.")
    return out
