"""M4 Chain store and reputation: can one punch prevent a hundred?

A long-run incumbent faces N challenges in turn: China facing a string of US measures after May 2025
(the chip advisory, chip-design software, C919 parts, student visas), or, read the other way, a US
president whose retreats are watched by every later challenger. Each challenger decides whether to
enter (challenge); the incumbent then fights or accommodates. Fighting costs the incumbent now, and a
weak incumbent gains from it only through what later challengers believe.

Selten (1978): if everyone knows the incumbent is weak, backward induction unravels the threat. The
last incumbent accommodates, so does the one before, and every challenger enters: fighting never
pays. Kreps & Wilson and Milgrom & Roberts (1982): a small prior mu0 that the incumbent is a tough
type who always fights changes everything. All but the last n* = floor(ln mu0 / ln g) challengers stay
out, whatever N is, and they stay out without any fight: the prior and an untested threat deter them.
Were an early one to enter anyway (while mu0 >= g^(n-1): all the deterred ones except, unless
mu0 = g^(n*) exactly, the last), a weak incumbent would fight it for sure, as a tough one does, so
that fight would leave the belief where it was. Only in the last n* challenges may anyone enter; there
a weak incumbent fights with a probability phi_n below 1, and a fight raises the belief. One
accommodation reveals weakness: the belief drops to 0 and every later challenger enters (TACO). The
saying "one punch can prevent a hundred punches" (a Chinese observer quoted by Kennedy) is tested
against this model in notebook 05.

Symbols: g the challenger's gain if accommodated, u the weak incumbent's payoff when a challenger
stays out, mu0 the prior, mu the current belief, phi_n the weak incumbent's fighting probability with
n challenges left. Stages are indexed by n, the challenges left (in g^n and phi_n), never the belief:
notebook 09 writes mu_K for the belief after all K events of the record. Kreps and Wilson write
b, a and delta for g, u and mu0.

References: Selten (1978), "The chain store paradox"; Kreps & Wilson (1982), "Reputation and imperfect
information"; Milgrom & Roberts (1982), "Predation, reputation, and entry deterrence"; Fudenberg &
Tirole, *Game Theory*, ch. 9. Story: Scott Kennedy, "Does Xi Have Trump's Number?", Foreign Policy,
June 2025 (the "one punch" saying, TACO); CNN, June 2025 (TACO in China's online discourse). Every
number here is a teaching calibration: the articles give none of N, g, u or mu0.
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
    Param("g", "Challenger's gain if accommodated (g)", 0.5, 0.05, 0.95, 0.05,
          "payoff units (a fight costs the challenger 1)",
          help="What a challenger wins when the incumbent gives in; fought, it gets g - 1 < 0. "
               "Range [0.05, 0.95] chosen here."),
    Param("u", "Incumbent's gain when left alone (u)", 2, 1.05, 5, 0.05,
          "payoff units (a fight costs the incumbent 1)",
          help="What a weak incumbent gets when a challenger stays out (0 if it gives in, -1 if it "
               "fights). Range [1.05, 5] chosen here."),
    Param("mu0", "Prior that the incumbent is tough (μ₀)", 0.1, 0, 0.5, 0.01, "probability",
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
    thresholds: g^n, the belief below which challenger t enters.
    entry_prob: probability that challenger t enters (incumbent drawn from the prior);
        entry_prob_weak / entry_prob_tough: given a weak / a tough incumbent.
    fight_prob: probability that challenger t enters and is fought (drawn from the prior).
    belief_path: N + 1 beliefs that the incumbent is tough, before challenge 1 and after each
        challenge, when every entrant so far was fought (the reputation path).
    phi_path: the weak incumbent's probability φ of fighting challenger t on that path (1 where
        the belief is at least g^(n-1): then a fight by either type teaches nothing).
    n_star: the last n* challengers may enter at the prior, #{n >= 1 : g^n >= μ₀} =
        floor(ln μ₀ / ln g), a tie included (math.inf if μ₀ = 0).
    deterred: challengers who stay out for sure, N - min(N, n_star); may_enter = min(N, n_star).
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
    phi_path: tuple
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
    g, u, mu0 = numbers(p, ("g", "u", "mu0"))
    eq = chain_store(N, g, u, mu0)
    tough = p["incumbent"] == "tough"
    t = p["back_down_at"] if 1 <= p["back_down_at"] <= N else None

    plays = simulate(N, float(g), float(u), float(mu0), tough=tough, paths=SIM_PATHS, seed=p["seed"],
                     back_down_at=t)
    moves = np.where(plays.fought[0], 1, np.where(plays.entered[0], 2, 0))
    path = tuple((OUT, FOUGHT, ACCOMMODATED)[m] for m in moves)

    own = eq.entry_prob_tough if tough else eq.entry_prob_weak
    if t is None:
        after = expected_after = lost = None
    else:
        after = N - t
        expected_after = sum(own[t:], 0 * own[0])
        lost = sum(((1 - e) * u - f for e, f in zip(eq.entry_prob_weak[t:], eq.fight_prob_weak[t:])), 0 * u)

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
        phi_path=eq.phi_fought,
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


def regime_grid(x: str = "mu0", y: str = "g", n: int = 61, **params) -> RegimeGrid:
    """How many challengers reputation deters, over a plane of two of N, g, u, mu0.

    The challenger at stage n (n challenges left) is deterred for sure iff mu0 > g^n, so
    deterred = N - min(N, n*) with n* = #{n >= 1 : g^n >= mu0} = floor(ln mu0 / ln g) for mu0 > 0
    (ties g^n = mu0 count as possible entry, as in solve). N on an axis takes whole values (plane).
    """
    p = validate_all(PARAMS, params)
    xs, ys, grid = plane(PARAMS, p, x, y, n, ("N", "g", "u", "mu0"))
    N = grid["N"]
    mu0, g = grid["mu0"], grid["g"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(mu0) / np.log(g)
    # Relative tolerance: mu0 = g^m within rounding counts as the tie it is in exact arithmetic.
    may = np.where(mu0 > 0, np.floor(ratio + _REL_TOL * np.maximum(1.0, ratio)), np.inf)
    deterred = np.maximum(0.0, N - np.minimum(N, may))
    codes = np.where(deterred == 0, 0, np.where(2 * deterred >= N, 2, 1)).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _many(n, word) -> str:
    """'the last 3 challenges', 'the last challenge': a count with its noun."""
    return word if n == 1 else f"{n} {word}s"


def _explain(r: ChainStoreResult) -> list[str]:
    p = r.inputs()
    N = r.N
    g, u, mu0 = numbers(p, ("g", "u", "mu0"))
    out = [
        f"Each of the N = {N} challengers gets g = {fmt(g)} if the incumbent gives in and g - 1 = {fmt(g - 1)}"
        f" if it fights, so it enters only if it puts the chance of a fight below g = {fmt(g)}. A weak"
        f" incumbent gets u = {fmt(u)} from a challenger who stays out, 0 from giving in and -1 from fighting;"
        f" a tough one always fights. The challengers start out believing it is tough with probability"
        f" μ₀ = {fmt(mu0)}.",
    ]
    if mu0 == 0:
        out.append(
            "μ₀ = 0 is Selten's chain-store paradox: the last challenger enters because a weak incumbent gives"
            " in when no future is left to protect; then the second-to-last is in the same position, and so on"
            f" back to the first. All {N} challengers enter and are accommodated; fighting never pays."
        )
    else:
        ns = r.n_star
        # At a tie g^(n*) = μ₀ that challenger enters with probability 1 - 1/u, elsewhere 0 or 1.
        tie = 1 <= ns <= N and 0 < r.entry_prob[N - ns] < 1
        out.append(
            f"With n challenges left, a challenger enters only if the belief is below g^n, and may enter when"
            f" it equals g^n. The belief starts at μ₀ = {fmt(mu0)}, and g^n is at least μ₀ only for"
            f" n ≤ n* = ⌊ln μ₀ / ln g⌋ = {ns}: so all but the last {_many(ns, 'challenge')} are deterred,"
            " whatever N is."
            f" Here {r.deterred} of {N} challengers stay out for sure and {r.may_enter} may enter."
        )
        if tie:
            out.append(
                f"At n = {ns} the threshold g^{ns} equals μ₀ exactly: that challenger is indifferent and enters"
                f" with probability 1 - 1/u = {fmt(1 - 1 / u)}, so it counts among those who may enter."
            )
        if r.deterred:
            # Deterred challengers whom a weak incumbent would fight for sure (mu0 >= g^(n-1)).
            sure = sum(1 for phi in r.phi_path[:r.deterred] if phi == 1)
            text = (f"The first {r.deterred} challengers stay out without any fight: the prior and a threat"
                    " nobody has tested deter them.")
            if sure:
                text += (f" Had one of the first {sure} entered anyway, a weak incumbent would have fought it for"
                         " sure, as a tough one does, so that fight would have left the belief at μ₀.")
            out.append(text)
        if r.first_entry is not None:
            t = r.first_entry
            phi = r.phi_path[t - 1]
            if t == N:
                out.append(
                    f"Only the last challenge, {t}, may be entered; with nothing left to protect, a weak"
                    " incumbent gives in (φ = 0)."
                )
            elif phi < 1:
                out.append(
                    f"Challenge {t} is the first that may be entered. If it is, a weak incumbent fights with"
                    f" probability φ = {fmt(phi)}: just often enough that a fight lifts the belief to the next"
                    f" threshold ({fmt(r.belief_path[t])}), where the next challenger is indifferent. A weak"
                    " incumbent is indifferent too, because giving in sends the belief to 0 and every later"
                    " challenger enters."
                )
            else:
                out.append(
                    f"Challenge {t} is the first that may be entered; the belief there is at or above the next"
                    f" threshold, so a weak incumbent would fight it for sure and the belief would stay at"
                    f" {fmt(r.belief_path[t])}."
                )
    out.append(
        f"Expected entries: {fmt(r.expected_entries)} of {N} (a weak incumbent faces"
        f" {fmt(r.expected_entries_weak)}, a tough one {fmt(r.expected_entries_tough)}). The weak incumbent's"
        f" expected payoff is {fmt(r.weak_payoff)}, against 0 without a reputation."
    )
    fights = sum(1 for m in r.path if m == FOUGHT)
    gave_in = [i + 1 for i, m in enumerate(r.path) if m == ACCOMMODATED]
    entered = sum(1 for m in r.path if m != OUT)
    sim = (f"In the simulated play (a {r.incumbent} incumbent, seed {p['seed']}) {entered} challenger{'' if entered == 1 else 's'}"
           f" entered, {fights} {'was' if fights == 1 else 'were'} fought")
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
