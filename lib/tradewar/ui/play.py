"""Play first: the student takes a side and moves against a computer before meeting the model.

One base class (_Play: the seed, the record, the live region, Play again, the registry that stops a
re-run cell from stacking observers) and one small class per game:

- ChokepointPlay (notebook 02): the M1 tree as China or as the US, against a computer that plays the
  subgame-perfect strategy or one that bluffs (announces the moves of a Nash equilibrium that differ
  from the subgame-perfect ones, threats it would not carry out, then does what is best when the
  moment comes; with no such threat at the values set it says so and plays subgame-perfect).
- ChickenPlay (notebook 01): rounds of M2 chicken against a computer that mixes at the equilibrium
  probability, or one that leans to Hawk (halfway from that probability to always Hawk).
- TrucePlay (notebook 03): rounds of the truce against a hidden named rule of games.repeated that
  sees the student's moves through the truce model's noise; then the student guesses the rule.
- TacoPlay (notebook 04): China watching the 2025 US back-downs, deciding when to retaliate; the
  belief of the M3 model is shown afterwards beside the student's choice.
- ChainPlay (notebook 05): the weak incumbent of the M4 chain store against challengers who enter
  and update their belief as in the Kreps-Wilson equilibrium.
- AttritionPlay (notebook 07): the M9 war of attrition as a monthly clock, against an opponent whose
  concession time is drawn from the model's holding-out curve.

Every computer move comes from the models (the solved tree, the mixed equilibrium, the named rules
and their noise, the posterior). The same seed gives the same computer moves. Each play's
`handoff()` is one sentence, computed from the student's record and the model, for the model
section that follows.

Accessibility: buttons with visible names; every move and result also goes to a live region
(role=status). No button hides or disables itself, so the keyboard focus never drops to the page: the
move buttons stay where they are between moves and games (pressed after the end, they say that the
game is over), and "Play again" appears beside them. Outcomes are said in words (and in the shapes
of the existing pictures), never by colour alone. The classes tw-lock (move buttons) and tw-again
(Play again) are there for the library's script should it hand the focus on in plays too.
"""
from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from numbers import Real
from typing import Any

import ipywidgets as widgets
import numpy as np

from ..text import fmt
from .a11y import assets, live, mark_root
from .explorer import cell_id

__all__ = ["ChokepointPlay", "ChickenPlay", "TrucePlay", "TacoPlay", "AttritionPlay", "ChainPlay"]

_REGISTRY: dict[Any, "_Play"] = {}
_UNNAMED = itertools.count()
MAX_SEED = 2**32 - 1

CSS = """<style>
.tw-play { font-size: 15px; --jp-widgets-font-size: 15px; border: 1px solid rgba(128,128,128,0.4);
  border-radius: 6px; padding: 0.6em 0.9em; margin: 0.4em 0; max-width: 60em; gap: 0.3em; }
.tw-play .tw-quiz-q { font-weight: bold; font-size: 16px; margin-bottom: 0.2em; }
.tw-play .tw-play-text { font-size: 15px; line-height: 1.45; }
.tw-play .tw-status { font-size: 15px; line-height: 1.45; padding: 0.3em 0.7em; border-left: 5px solid #1a5fb4; }
.tw-play table { border-collapse: collapse; margin: 0.3em 0; }
.tw-play th, .tw-play td { padding: 0.2em 0.6em; text-align: left; border-bottom: 1px solid rgba(128,128,128,0.35); }
.tw-play .widget-button { font-size: 15px; }
/* Reflow: on a narrow screen a table of moves wraps inside the width instead of running past it. */
@media (max-width: 640px) {
  .tw-play table { table-layout: fixed; width: 100%; overflow-wrap: anywhere; }
  .tw-play th, .tw-play td { padding: 0.2em 0.25em; } }
</style>"""


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, Real) or seed != int(seed) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed = {seed!r} must be a whole number from 0 to {MAX_SEED}.")
    return int(seed)


def check_count(name: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Real) or value != int(value) or not lo <= value <= hi:
        raise ValueError(f"{name} = {value!r} must be a whole number from {lo} to {hi}.")
    return int(value)


def check_choice(name: str, value, choices) -> Any:
    if value not in choices:
        raise ValueError(f"{name} = {value!r} must be one of {', '.join(repr(c) for c in choices)}.")
    return value


def the(side: str, start: bool = False) -> str:
    """'the US' (or 'The US' to start a sentence), 'China'."""
    if side != "US":
        return side
    return "The US" if start else "the US"


def ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}
    return words.get(n, f"{n}th")


def _table(head, rows) -> str:
    th = "".join(f'<th scope="col">{html.escape(str(h))}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


class _Play:
    """What every play shares: the seed and its generator, the record, the announcements, Play again.

    Subclasses set `title`, build their own controls in `_build()` (returning the widgets that sit
    between the instructions and the live region) and start a game in `_start()`.
    """

    title = ""
    instructions = ""

    def __init__(self, seed=0, key=None):
        self.seed = check_seed(seed)
        self.rng = np.random.default_rng(self.seed)
        self.record: list = []
        self.announced: list[str] = []
        self.over = False
        self.status = live(widgets.HTML())
        self.status.add_class("tw-status")
        self.again = widgets.Button(description="Play again", icon="undo", layout=widgets.Layout(width="auto"))
        self.again.add_class("tw-again")
        self.again.on_click(lambda _b: self.play_again())
        self.view = widgets.HTML()   # the picture or table shown after a game
        self.text = widgets.HTML()   # the running state, in words
        self.text.add_class("tw-play-text")
        inner = self._build()
        self.widget = widgets.VBox(
            [assets(), widgets.HTML(CSS + f'<div class="tw-quiz-q">{html.escape(self.title)}</div>'
                                    f'<div class="tw-play-text">{html.escape(self.instructions)}</div>')]
            + list(inner) + [self.text, self.status, self.again, self.view])
        mark_root(self.widget, "tw-play")
        self.key = key if key is not None else (type(self).__name__, cell_id() or ("no cell id", next(_UNNAMED)))
        previous = _REGISTRY.get(self.key)
        if previous is not None:
            previous.close()
        _REGISTRY[self.key] = self
        self._start()

    # -- shared behaviour --------------------------------------------------------------------
    def announce(self, text: str) -> str:
        """Say `text` in the live region (and keep it, so tests and the hand-off can read it)."""
        self.announced.append(text)
        self.status.value = html.escape(text)
        return text

    def _offer_again(self, show: bool):
        """Show "Play again" once a game is over. The move buttons stay on screen either way: a
        hidden or disabled button would drop the keyboard focus to the page."""
        self.again.layout.display = None if show else "none"

    def _button(self, label: str) -> widgets.Button:
        b = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
        b.add_class("tw-lock")
        b.on_click(lambda _b: self._click(b.description))
        return b

    def _move_buttons(self, *labels) -> widgets.HBox:
        """The move buttons, side by side (kept in self.buttons)."""
        self.buttons = [self._button(label) for label in labels]
        return widgets.HBox(self.buttons, layout=widgets.Layout(grid_gap="0.6em"))

    def _settings(self, options) -> widgets.HBox:
        """A row of buttons, each starting a new game with one setting changed: (label, name, value).
        Buttons, not radio buttons: in JupyterLab the arrow keys on a radio button move between cells."""
        row = []
        for label, name, value in options:
            b = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
            b.add_class("tw-setting")
            b.on_click(lambda _b, n=name, v=value: self.choose(**{n: v}))
            row.append(b)
        return widgets.HBox(row, layout=widgets.Layout(flex_flow="row wrap", grid_gap="0.4em"))

    def _set(self, **settings):
        """Keep each setting (side, opponent) after checking it against CHOICES."""
        for name, value in settings.items():
            setattr(self, name, check_choice(name, value, self.CHOICES[name]))

    def choose(self, **settings):
        """Change a setting (side, opponent) and start again from the seed."""
        self._set(**settings)
        self.reset()

    def _click(self, label: str):
        # A press out of turn is announced, never raised: a notebook must not show a traceback.
        try:
            self.move(label)
        except ValueError as e:
            msg = str(e)
            self.announce(msg[:1].upper() + msg[1:])

    def play_again(self):
        """A new game with the same generator: the next game differs, the sequence is reproducible."""
        self.view.value = ""
        self._start()

    def reset(self):
        """Back to the seed: the record is cleared and the computer will move as the first time."""
        self.rng = np.random.default_rng(self.seed)
        self.record = []
        self.announced = []
        self.view.value = ""
        self._start()

    def close(self):
        """Close every widget of this play (not the shared assets), so nothing of it stays observed."""
        shared = assets()

        def close_tree(w):
            for child in getattr(w, "children", ()):
                if child is not shared:
                    close_tree(child)
            w.close()

        close_tree(self.widget)
        if _REGISTRY.get(self.key) is self:
            del _REGISTRY[self.key]

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # -- per game ----------------------------------------------------------------------------
    def _build(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def _start(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def handoff(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


# --- 02: the chokepoint tree ---------------------------------------------------------------------

SPE, BLUFF = "subgame perfect", "bluffs"


@dataclass(frozen=True)
class TreeGame:
    """One game of the tree: who the student played, against which computer, and what happened."""

    side: str
    opponent: str
    announced: tuple  # (node name, move) the computer said it would play
    path: tuple
    payoffs: tuple    # (US, China)


class ChokepointPlay(_Play):
    """Play the M1 chokepoint tree (notebook 02) as China or the US.

    side: "China" or "US". opponent: "subgame perfect" (plays the backward-induction strategy) or
    "bluffs" (announces the threat of a Nash equilibrium that rests on a non-credible threat of its
    own, the one best for it, plays that equilibrium, and when a threatened moment comes does what is
    best then). params: chokepoint parameters (defaults otherwise). The game has no chance moves: the
    seed is kept for the common interface.
    """

    title = "Play first: the chokepoint game"
    instructions = ("Choose your side and your opponent, then make your moves with the buttons. "
                    "Payoffs are in the model's units: higher is better.")

    def __init__(self, side: str = "China", opponent: str = SPE, seed=0, key=None, **params):
        from tradewar.models import chokepoint

        self.result = chokepoint.solve(**params)
        self.tree = self.result.tree()
        self.spe = dict(self.result.solution().choice)
        self._set(side=side, opponent=opponent)
        super().__init__(seed, key)

    CHOICES = {"side": ("China", "US"), "opponent": (SPE, BLUFF)}

    def _build(self):
        return [self._settings([("I play China", "side", "China"), ("I play the US", "side", "US"),
                                ("Opponent: subgame perfect", "opponent", SPE), ("Opponent: bluffs", "opponent", BLUFF)]),
                self._move_buttons("", "")]

    def _player(self, name) -> int:
        return self.tree.players.index(name)

    def _plan(self):
        """The computer's plan (node -> move) and the threats it announces."""
        me = 1 - self._player(self.side)
        if self.opponent == SPE:
            return self.spe, ()
        # Only a node where the announced move differs from the subgame-perfect one is an empty threat:
        # a flagged node whose move the computer would carry out anyway is no bluff.
        own = [eq for eq in self.result.flagged()
               if any(self.tree.find(n).player == me and eq.profile[n] != self.spe[n] for n in eq.noncredible)]
        if not own:  # no empty threat at these values: the "bluffer" tells its real plan
            return self.spe, ()
        eq = max(own, key=lambda e: e.payoffs[me])  # max keeps the first of equals
        threats = tuple((n, eq.profile[n]) for n in eq.noncredible
                        if self.tree.find(n).player == me and eq.profile[n] != self.spe[n])
        plan = dict(eq.profile)
        for n, _ in threats:   # when the moment comes it does what is best then
            plan[n] = self.spe[n]
        return plan, threats

    def _start(self):
        self.over = False
        self.plan, self.threats = self._plan()
        self.node, self.path = self.tree.root, []
        # Until the student's first turn the buttons show its first node's moves, never blank labels.
        node = self.tree.root
        while self.tree.players[node.player] != self.side:
            node = next(child for _, child in node.moves if not hasattr(child, "payoffs"))
        for b, (lab, _) in zip(self.buttons, node.moves):
            b.description = lab
        me = the(self.tree.players[1 - self._player(self.side)])
        if self.opponent == BLUFF and not self.threats:
            kind = ("would bluff, but at these values has no empty threat to make, so it plays the"
                    " subgame-perfect strategy")
        else:
            kind = "bluffs" if self.opponent == BLUFF else "plays the subgame-perfect strategy"
        intro = f"You play {the(self.side)}; the computer plays {me} and {kind}."
        if self.threats:
            said = "; ".join(f"at {n}, I will {mv.lower()}" for n, mv in self.threats)
            self.announce(f"{intro} It says: {said}.")
        else:
            self.announce(intro)
        self._advance()

    def _advance(self):
        """Let the computer move until it is the student's turn or the game is over."""
        done = []
        while not hasattr(self.node, "payoffs") and self.tree.players[self.node.player] != self.side:
            mv = self.plan[self.node.name]
            done.append(f"{the(self.tree.players[self.node.player], True)} chooses {mv}.")
            self._step(mv)
        if hasattr(self.node, "payoffs"):
            self._finish(done)
            return
        labels = [lab for lab, _ in self.node.moves]
        for b, lab in zip(self.buttons, labels):
            b.description = lab
            b.tooltip = f"{lab} at {self.node.name}"
        self._offer_again(False)
        where = "Your move" + (f" ({' '.join(done)})" if done else "")
        self.text.value = html.escape(f"{where}: {labels[0]} or {labels[1]}?")
        if done:
            self.announce(" ".join(done) + f" Your move: {labels[0]} or {labels[1]}.")

    def _step(self, mv):
        self.path.append(mv)
        self.node = dict(self.node.moves)[mv]

    def move(self, label: str):
        """The student's move at the current node (a label on one of the buttons)."""
        if self.over:
            raise ValueError("the game is over: press Play again.")
        labels = [lab for lab, _ in self.node.moves]
        check_choice("move", label, labels)
        self._step(label)
        self._advance()

    def _finish(self, done):
        self.over = True
        pay = tuple(self.node.payoffs)
        g = TreeGame(self.side, self.opponent, self.threats, tuple(self.path), pay)
        self.record.append(g)
        from .views import tree_svg

        spe_pay = self.result.payoffs
        rows = [("Your game", " → ".join(g.path), fmt(pay[0]), fmt(pay[1])),
                ("Subgame-perfect play", " → ".join(self.result.path), fmt(spe_pay[0]), fmt(spe_pay[1]))]
        self.view.value = (_table(("", "path", "US payoff", "China payoff"), rows)
                           + f'<div style="max-width:720px">{tree_svg(self.tree, self.result.solution())}</div>')
        mine = pay[self._player(self.side)]
        self._offer_again(True)
        self.text.value = html.escape(f"Game over. Path: {' → '.join(g.path)}.")
        self.announce(" ".join(done + [f"Game over: {' → '.join(g.path)}. You get {fmt(mine)};"
                                       f" subgame-perfect play ({' → '.join(self.result.path)}) would give you"
                                       f" {fmt(spe_pay[self._player(self.side)])}."]))

    def handoff(self) -> str:
        if not self.record:
            return "You have not finished a game yet: play one above, then run this cell again."
        g = self.record[-1]
        who = the(g.side)
        r = self.result
        i = self._player(g.side)
        p = r.inputs()
        va = fmt(p["v"] + p["a"])
        if r.us_persists:
            why = (f"after a retaliation the US persists (D_U = {fmt(r.D_us)} ≤ v + a = {va}), so retaliating would"
                   " only add to China's damage: its threat is not credible")
        else:
            cost = (f"retaliating costs China κ = {fmt(r.kappa)}, {'less than' if r.china_retaliates else 'not less than'}"
                    f" the l = {fmt(p['l'])} it loses by accepting")
            why = (f"after a retaliation the US backs down (D_U = {fmt(r.D_us)} > v + a = {va}), and {cost}:"
                   f" China's threat is {'credible' if r.china_retaliates else 'not credible'}")
        against = "bluffs" if g.opponent == BLUFF else "plays the subgame-perfect strategy"
        out = (f"You played {who} against the computer that {against}: the path was {' → '.join(g.path)} and you"
               f" got {fmt(g.payoffs[i])}. In this model the subgame-perfect path at these values is"
               f" {' → '.join(r.path)}, which gives you {fmt(r.payoffs[i])}: {why}")
        for n, mv in g.announced:   # only moves that differ from the subgame-perfect ones are announced
            out += f"; the computer's threat to {mv.lower()} at {n} was a bluff: it would not carry it out"
        return out + "."


# --- 01: rounds of chicken -----------------------------------------------------------------------

EQUILIBRIUM, BOLD = "equilibrium", "leans to Hawk"


class ChickenPlay(_Play):
    """Rounds of M2 chicken (notebook 01), moves at the same time.

    opponent: "equilibrium" (the computer plays Hawk with its mixed-equilibrium probability, y for
    China, x for the US) or "leans to Hawk" (halfway between that probability and always Hawk).
    rounds: 1 to 50. params: chicken's numeric parameters (the order is simultaneous).
    """

    title = "Play first: chicken, round after round"
    instructions = ("Each round you and the computer choose at the same time: stand firm (Hawk) or yield (Dove). "
                    "Watch your running payoff.")

    def __init__(self, side: str = "US", opponent: str = EQUILIBRIUM, rounds: int = 10, seed=0, key=None, **params):
        from tradewar.models import chicken

        self.result = chicken.solve(**params)
        self.game = chicken.matrix(**params)
        self.HAWK, self.DOVE = chicken.HAWK, chicken.DOVE
        self.rounds = check_count("rounds", rounds, 1, 50)
        self._set(side=side, opponent=opponent)
        super().__init__(seed, key)

    CHOICES = {"side": ("US", "China"), "opponent": (EQUILIBRIUM, BOLD)}

    def _build(self):
        return [self._settings([("I play the US", "side", "US"), ("I play China", "side", "China"),
                                ("Opponent: mixes at the equilibrium", "opponent", EQUILIBRIUM),
                                ("Opponent: leans to Hawk", "opponent", BOLD)]),
                self._move_buttons("Hawk (stand firm)", "Dove (yield)")]

    @property
    def p_hawk(self):
        """The computer's probability of Hawk: its mixed-equilibrium probability, or halfway from it to 1."""
        r = self.result
        eq = r.p_cn_hawk if self.side == "US" else r.p_us_hawk
        return eq if self.opponent == EQUILIBRIUM else (1 + eq) / 2

    def _payoff(self, mine, theirs):
        """(mine, the computer's) from the model's matrix."""
        acts = self.game.row_actions
        us, cn = (mine, theirs) if self.side == "US" else (theirs, mine)
        i, j = acts.index(us), acts.index(cn)
        a, b = self.game.A[i][j], self.game.B[i][j]
        return (a, b) if self.side == "US" else (b, a)

    def expected(self, action):
        """The student's expected payoff per round from `action` against this computer."""
        p = self.p_hawk
        return p * self._payoff(action, self.HAWK)[0] + (1 - p) * self._payoff(action, self.DOVE)[0]

    def _start(self):
        self.over = False
        self.current = []
        self._offer_again(False)
        self.text.value = html.escape(f"Round 1 of {self.rounds}. Your total: 0.")
        who = the("China" if self.side == "US" else "US")
        kind = "mixes at the equilibrium" if self.opponent == EQUILIBRIUM else "leans to Hawk"
        self.announce(f"You play {the(self.side)}; the computer plays {who} and {kind}."
                      f" Round 1 of {self.rounds}.")

    def move(self, label: str):
        """The student's move this round: 'Hawk' or 'Dove' (a button's label also works)."""
        if self.over:
            raise ValueError("the rounds are over: press Play again.")
        mine = self.HAWK if label.startswith(self.HAWK) else self.DOVE if label.startswith(self.DOVE) else None
        if mine is None:
            raise ValueError(f"move = {label!r} must be 'Hawk' or 'Dove'.")
        theirs = self.HAWK if self.rng.random() < float(self.p_hawk) else self.DOVE
        pay, other = self._payoff(mine, theirs)
        self.current.append((mine, theirs, pay, other))
        self.record.append((mine, theirs, pay, other))
        n, total = len(self.current), sum(r[2] for r in self.current)
        crash = " A crash: both stood firm." if mine == theirs == self.HAWK else ""
        said = f"Round {n}: you {mine}, computer {theirs}. You get {fmt(pay)}.{crash} Your total: {fmt(total)}."
        self.view.value = _table(("round", "you", "computer", "your payoff", "your total"),
                                 [(k + 1, r[0], r[1], fmt(r[2]), fmt(sum(x[2] for x in self.current[:k + 1])))
                                  for k, r in enumerate(self.current)])
        if n >= self.rounds:
            self.over = True
            self._offer_again(True)
            said += f" All {self.rounds} rounds played: {fmt(total / n)} a round on average."
            self.text.value = html.escape(f"Done. Your total: {fmt(total)}.")
        else:
            self.text.value = html.escape(f"Round {n + 1} of {self.rounds}. Your total: {fmt(total)}.")
        self.announce(said)

    def handoff(self) -> str:
        if not self.record:
            return "You have not played a round yet: play above, then run this cell again."
        rs = self.current or self.record
        hawks = sum(r[0] == self.HAWK for r in rs)
        mean = sum(r[2] for r in rs) / len(rs)
        eh, ed = self.expected(self.HAWK), self.expected(self.DOVE)
        which = "the computer mixing at the equilibrium" if self.opponent == EQUILIBRIUM else "the computer leaning to Hawk"
        if abs(eh - ed) <= 1e-9 * max(1, abs(eh)):   # exact inputs tie exactly; slider floats within rounding
            verdict = f"Hawk and Dove pay you the same on average, {fmt(eh)} a round: its mix leaves you indifferent"
        else:
            best = self.HAWK if eh > ed else self.DOVE
            verdict = (f"{best} pays you more on average ({fmt(max(eh, ed))} a round against {fmt(min(eh, ed))}):"
                       " its mix does not leave you indifferent, so one action wins")
        r = self.result
        who, eq, sym = (("China", r.p_cn_hawk, "y") if self.side == "US" else ("the US", r.p_us_hawk, "x"))
        rate = (f"plays Hawk with {who}'s equilibrium probability {sym} = {fmt(eq)}" if self.opponent == EQUILIBRIUM
                else f"plays Hawk with probability {fmt(self.p_hawk)}, more than {who}'s equilibrium {sym} = {fmt(eq)}")
        return (f"You played Hawk in {hawks} of {len(rs)} rounds against {which} and averaged {fmt(mean)} a round."
                f" The computer {rate}; in this model {verdict}.")


# --- 03: the truce against a hidden rule ---------------------------------------------------------


class TrucePlay(_Play):
    """Rounds of the truce (notebook 03) against a hidden named rule, then a guess.

    rule: the computer's rule (a name in games.repeated.STRATEGIES); None draws one with the seed.
    The computer sees your moves through the truce model's noise: a kept truce looks like a breach
    with probability epsilon (a false alarm), a breach is seen with probability q (defaults: truce's
    ε and q). rounds: 10 to 20. Payoffs (T, R, P, S) are truce's defaults.
    """

    title = "Play first: keep the truce or break it?"
    instructions = ("You are the US. Each round, keep the truce (C) or break it (D). The computer follows one "
                    "of the named rules, but it sometimes sees a breach that did not happen. After the last "
                    "round, guess its rule.")

    def __init__(self, rounds: int = 15, rule: str | None = None, epsilon=None, q=None, seed=0, key=None):
        from tradewar.games import repeated as rg
        from tradewar.models import truce

        self.rg = rg
        self.rounds = check_count("rounds", rounds, 10, 20)
        eps = truce.PARAMS["epsilon"].default if epsilon is None else epsilon
        self.epsilon = truce.PARAMS["epsilon"].validate(eps)
        self.q = truce.PARAMS["q"].validate(truce.PARAMS["q"].default if q is None else q)
        self.stage = tuple(truce.PARAMS[k].default for k in ("T", "R", "P", "S"))
        self.names = tuple(rg.STRATEGIES)
        self._rule0 = None if rule is None else check_choice("rule", rule, self.names)
        super().__init__(seed, key)

    def _build(self):
        self.guess_buttons = []
        for name in self.names:
            b = widgets.Button(description=name, tooltip=f"Guess: {name}", layout=widgets.Layout(width="auto"))
            b.on_click(lambda _b, n=name: self._click_guess(n))
            self.guess_buttons.append(b)
        self.guess_box = widgets.VBox([widgets.HTML("<b>Which rule did the computer follow? Press its name.</b>"),
                                       widgets.HBox(self.guess_buttons,
                                                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="0.4em"))])
        return [self._move_buttons("Keep the truce (C)", "Break it (D)"), self.guess_box]

    def _start(self):
        self.over = False
        # A rule given stays; otherwise each game draws one with the seed's generator.
        self.rule = self._rule0 or self.names[int(self.rng.integers(len(self.names)))]
        # The computer's rule and what it remembers: the library engine's own one-round step.
        self.bot_rule, self.bot = self.rg.strategy(self.rule), self.rg.Memory()
        self.moves, self.bot_moves, self.false_alarms, self.missed, self.guessed = [], [], [], [], None
        self.guess_box.layout.display = "none"
        self._offer_again(False)
        self.text.value = html.escape(f"Round 1 of {self.rounds}.")

    def _pay(self, mine, theirs):
        T, R, P, S = self.stage
        return (P if theirs else T) if mine else (S if theirs else R)

    def move(self, label: str):
        """The student's move: 'C' (keep the truce) or 'D' (break it); a button's label also works."""
        if self.over or len(self.moves) >= self.rounds:
            raise ValueError("the rounds are over: guess the rule, then press Play again.")
        key = label.strip()
        if key.startswith("Keep") or key == "C":
            mine = False
        elif key.startswith("Break") or key == "D":
            mine = True
        else:
            raise ValueError(f"move = {label!r} must be 'C' or 'D'.")
        r = self.bot_rule
        intended = bool(self.rg.next_move(r.code, self.bot, r.gamma, r.k, self.rng.random))
        # The computer sees your move through noise: a breach with probability q, a kept truce with ε.
        seen = bool(self.rng.random() < float(self.q if mine else self.epsilon))
        self.bot.observe(intended, intended, seen, r.code, r.L)
        self.moves.append(mine)
        self.bot_moves.append(intended)
        self.false_alarms.append(seen and not mine)
        self.missed.append(mine and not seen)
        n = len(self.moves)
        pay = self._pay(mine, intended)
        said = (f"Round {n}: you {'broke' if mine else 'kept'} the truce, the computer"
                f" {'broke' if intended else 'kept'} it. You get {fmt(pay)}.")
        self.view.value = self._record_html()
        if n == self.rounds:
            self.guess_box.layout.display = None   # Play again comes after the guess
            said += " Last round played: now guess the computer's rule."
            self.text.value = html.escape("All rounds played: which rule was it?")
        else:
            self.text.value = html.escape(f"Round {n + 1} of {self.rounds}.")
        self.announce(said)

    def _arrays(self, reveal: bool):
        n = len(self.moves)
        acts = np.array([self.moves, self.bot_moves], bool).reshape(2, n, 1)
        fa = np.zeros((2, n, 1), bool)
        if reveal:   # the computer's false alarms are drawn over your lane's square they misread
            fa[1, :, 0] = self.false_alarms
        return acts, fa, np.zeros((2, n, 1), bool), (~acts.any(axis=0)[:, 0]).astype(float)

    def _record_html(self, reveal: bool = False) -> str:
        from .rounds import rounds_svg

        if not self.moves:
            return ""
        acts, fa, slips, coop = self._arrays(reveal)
        svg, text = rounds_svg(acts, fa, slips, coop, shown=1, title="Your match: you (US) and the computer")
        return svg + f'<div class="tw-sr-only">{html.escape(text)}</div>'

    def _click_guess(self, name):
        try:
            self.guess(name)
        except ValueError as e:
            msg = str(e)
            self.announce(msg[:1].upper() + msg[1:])

    def guess(self, name):
        """The student's guess of the rule; returns whether it was right."""
        if len(self.moves) < self.rounds:
            raise ValueError("guess after the last round.")
        if self.guessed is not None:
            raise ValueError("you have guessed this match: press Play again for another.")
        if name is None:
            raise ValueError("choose one of the rules first.")
        check_choice("guess", name, self.names)
        self.guessed = name
        right = name == self.rule
        self.record.append({"moves": tuple(self.moves), "computer": tuple(self.bot_moves),
                            "false_alarms": tuple(self.false_alarms), "missed": tuple(self.missed),
                            "rule": self.rule, "guess": name, "right": right})
        self.over = True
        self.view.value = self._record_html(reveal=True)
        def rounds(flags):
            ts = [str(t + 1) for t, x in enumerate(flags) if x]
            return f"round{'s' if len(ts) > 1 else ''} {', '.join(ts)}"

        seen = (f" It saw a breach that did not happen in {rounds(self.false_alarms)} (marked !)."
                if any(self.false_alarms) else " It never saw a false breach.")
        if any(self.missed):
            seen += f" It missed your breach in {rounds(self.missed)}."
        desc = self.rg.STRATEGIES[self.rule].description
        self._offer_again(True)
        self.text.value = html.escape(f"The rule was {self.rule}: {desc}")
        self.announce(("✓ Right" if right else "✗ Not this time") + f": the computer played {self.rule}." + seen)
        return right

    def handoff(self) -> str:
        done = [r for r in self.record if isinstance(r, dict)]
        if not done:
            return "You have not finished a match yet: play the rounds above and guess, then run this cell again."
        r = done[-1]
        n = len(r["moves"])
        both = sum(not a and not b for a, b in zip(r["moves"], r["computer"]))
        fa, missed = sum(r["false_alarms"]), sum(r["missed"])
        broke = sum(r["moves"])
        kept = n - broke
        if kept == 1:
            rounds_kept = "the one round in which you kept the truce gives"
        else:
            rounds_kept = f"the {kept} rounds in which you kept the truce give"
        out = (f"The computer played {r['rule']} and you guessed {r['guess']}"
               f" ({'right' if r['right'] else 'wrong'}). Both kept the truce in {both} of {n} rounds."
               f" The computer saw {fa} false alarm{'s' if fa != 1 else ''}: with a false-alarm chance of"
               f" ε = {fmt(self.epsilon)} a round, {rounds_kept}"
               f" {fmt(float(self.epsilon) * kept)} false alarms on average.")
        if broke:
            out += (f" It missed {missed} of your {broke} breach{'es' if broke != 1 else ''}; it sees a breach with"
                    f" probability q = {fmt(self.q)}.")
        return out


# --- 04: when to retaliate -----------------------------------------------------------------------


class TacoPlay(_Play):
    """China watches the 2025 US back-downs (notebook 04) and decides when to retaliate.

    The events are the M3 record at its defaults (taco.solve()); before each one the student retaliates
    now or waits. Afterwards the belief the model holds after each event, and its verdict, are shown
    beside the student's choice. No chance moves: the seed is kept for the common interface.
    """

    title = "Play first: when would you hold back rare earths?"
    instructions = ("You are China. The US leader may be tough (rarely backs down) or a chicken (usually does). "
                    "Retaliating pays against a chicken and costs you against a tough leader. Watch the record "
                    "and decide when to retaliate.")

    def __init__(self, seed=0, key=None, **params):
        from tradewar.models import taco

        self.result = taco.solve(**params)
        super().__init__(seed, key)

    def _build(self):
        return [self._move_buttons("Retaliate now", "Wait and watch")]

    def _start(self):
        self.over = False
        self.seen = 0
        self._offer_again(False)
        self._show()

    def _show(self):
        r = self.result
        if self.seen == 0:
            msg = "No events yet."
        else:
            msg = (f"Event {self.seen} of {len(r.events)}: {r.events[self.seen - 1]} ({r.dates[self.seen - 1]}),"
                   f" a {r.kinds[self.seen - 1]}.")
        self.text.value = html.escape(msg + " Retaliate now, or wait and watch?")
        self.announce(msg)

    def move(self, label: str):
        """'Retaliate now' or 'Wait and watch' ('retaliate' / 'wait' also work)."""
        if self.over:
            raise ValueError("the game is over: press Play again.")
        key = label.lower()
        if key.startswith("retaliate"):
            self._finish(self.seen)
        elif key.startswith("wait"):
            if self.seen == len(self.result.events):
                self._finish(None)
            else:
                self.seen += 1
                self._show()
        else:
            raise ValueError(f"move = {label!r} must be 'Retaliate now' or 'Wait and watch'.")

    def _finish(self, at):
        r = self.result
        self.over = True
        self.record.append(at)
        self._offer_again(True)
        rows = []
        for i, (mu, bb) in enumerate(zip(r.beliefs, r.b_bars)):
            what = "before any event" if i == 0 else f"after {r.events[i - 1]}"
            pays = "yes" if r.b_star is not None and bb >= r.b_star else "no"
            you = "← you retaliated here" if at == i else ""
            rows.append((what, fmt(mu, 3), fmt(bb, 3), pays, you))
        self.view.value = _table(("point", "belief the leader is tough, μ", "China's estimate that he backs down, b̄",
                                  f"retaliation pays (b̄ ≥ b* = {fmt(r.b_star, 3) if r.b_star is not None else 'none'})",
                                  "your choice"), rows)
        self.text.value = html.escape("The model's belief, revealed:")
        self.announce(self._sentence(at))

    def _sentence(self, at) -> str:
        r = self.result
        you = ("You never retaliated" if at is None else
               "You retaliated before any event" if at == 0 else
               f"You retaliated after the {ordinal(at)} event ({r.events[at - 1]})")
        if r.first_rational is None:
            model = "in this model retaliation never pays at these values"
        elif r.first_rational == "before any event":
            model = (f"in this model retaliation paid from the start: China's estimate that he backs down,"
                     f" b̄ = {fmt(r.b_bars[0], 3)},"
                     f" is already at or above b* = {fmt(r.b_star, 3)}")
        else:
            i = r.events.index(r.first_rational) + 1
            model = (f"in this model retaliation pays once China's estimate that he backs down, b̄, reaches"
                     f" b* = {fmt(r.b_star, 3)},"
                     f" which happens after the {ordinal(i)} event ({r.first_rational}), when China's belief that he"
                     f" is tough has fallen from {fmt(r.beliefs[0], 3)} to {fmt(r.beliefs[i], 3)}")
        return f"{you}; {model}."

    def handoff(self) -> str:
        if not self.record:
            return "You have not finished a game yet: play above, then run this cell again."
        return self._sentence(self.record[-1])


# --- 07: the war of attrition as a clock ---------------------------------------------------------


class AttritionPlay(_Play):
    """The M9 war of attrition (notebook 07) as a clock: each month concede now or wait.

    The computer's concession time is drawn (with the seed) from the model's own holding-out curve for
    its side (attrition.solve().survive_us / survive_cn over .times): it concedes at once with the weak
    side's probability c, then at the model's rate until T0; with probability z it is obstinate and never
    concedes. Conceding at month t gives you (1 - α)·e^(-r t); the computer conceding at t gives you
    α·e^(-r t), r your side's impatience. months: 12 to 60, after which the standoff ends with no deal.
    """

    title = "Play first: who gives way first?"

    def __init__(self, side: str = "China", months: int = 36, seed=0, key=None, **params):
        from tradewar.models import attrition

        self.result = attrition.solve(**params)
        self.p = self.result.inputs()
        self.side = check_choice("side", side, ("China", "US"))
        self.months = check_count("months", months, 12, 60)
        self.other = "US" if self.side == "China" else "China"
        alpha = self.p["alpha"]
        self.instructions = (f"Each side demands a share α = {fmt(alpha)} of the gains from a deal; one must give way"
                             f" (concede) and take the {fmt(1 - alpha)} left. Every month of waiting shrinks what"
                             " either gets. Concede now, or wait a month?")
        super().__init__(seed, key)

    def _build(self):
        return [self._move_buttons("Concede now", "Wait a month")]

    def _draw(self) -> float:
        """The computer's concession time in months (inf: obstinate), by inverting its holding-out curve
        S(t) = S(0)·e^(-λt) up to T0, where it levels off at z: exactly, t = ln(S(0)/u)/λ for z < u ≤ S(0)."""
        r = self.result
        s0 = 1 - r.c if r.weak == self.other else 1.0
        lam = float(r.lam_us if self.other == "US" else r.lam_cn)
        z = float(self.p["z_us" if self.other == "US" else "z_cn"])
        u = self.rng.random()
        if u > s0:
            return 0.0
        if u <= z:
            return float("inf")
        return min(float(np.log(s0 / u)) / lam, float(r.T0))

    def _value(self, share, t):
        rate = self.p["r_cn" if self.side == "China" else "r_us"]
        return float(share) * float(np.exp(-float(rate) * t))

    def _start(self):
        self.over = False
        self.t = 0
        self.tau = self._draw()
        self._offer_again(False)
        if self.tau == 0:
            self._end("computer", 0.0)
        else:
            self.text.value = html.escape(f"Month 0. {the(self.other, True)} has not conceded.")
            self.announce(f"The clock starts. The computer plays {the(self.other)}.")

    def move(self, label: str):
        """'Concede now' or 'Wait a month' ('concede' / 'wait' also work)."""
        if self.over:
            raise ValueError("the standoff is over: press Play again.")
        key = label.lower()
        if key.startswith("concede"):
            self._end("you", self.t)
        elif key.startswith("wait"):
            if self.tau <= self.t + 1:
                self._end("computer", self.tau)
            elif self.t + 1 >= self.months:
                self.t += 1
                self._end(None, self.t)
            else:
                self.t += 1
                self.text.value = html.escape(f"Month {self.t}. {the(self.other, True)} has not conceded.")
                self.announce(f"Month {self.t}: {the(self.other)} has not conceded.")
        else:
            raise ValueError(f"move = {label!r} must be 'Concede now' or 'Wait a month'.")

    def _end(self, who, t):
        self.over = True
        alpha = self.p["alpha"]
        if who == "you":
            pay, said = self._value(1 - alpha, t), f"You conceded at month {fmt(t)}"
        elif who == "computer":
            pay, said = self._value(alpha, t), f"{the(self.other, True)} conceded at month {fmt(t)}"
        else:
            pay, said = 0.0, f"No deal after {self.months} months"
        self.record.append({"who": who, "t": t, "payoff": pay})
        self._offer_again(True)
        self.text.value = html.escape(said + ".")
        self.announce(f"{said}. You get {fmt(pay, 3)} of the gains.")

    def handoff(self) -> str:
        if not self.record:
            return "You have not finished a standoff yet: play above, then run this cell again."
        g, r = self.record[-1], self.result
        you = {"you": f"You conceded at month {fmt(g['t'])}",
               "computer": f"{the(self.other, True)} conceded first, at month {fmt(g['t'])}",
               None: f"Nobody conceded in {self.months} months"}[g["who"]]
        lam = r.lam_cn if self.side == "China" else r.lam_us
        T0 = r.T0
        if r.weak == self.side:
            z = self.p["z_us" if self.side == "US" else "z_cn"]
            # c counts the obstinate type in its denominator: a rational side concedes at once with c/(1 - z).
            role = (f"your side is the weak one here: {the(self.side)} concedes at once with probability"
                    f" c = {fmt(r.c, 3)} (a rational {self.side}, one that is not obstinate, with probability"
                    f" {fmt(r.c / (1 - float(z)), 3)}), and otherwise at rate {fmt(lam, 3)} a month until"
                    f" month {fmt(T0, 1)}")
        elif r.weak is None:
            role = (f"neither side is weak here: a rational {self.side} concedes at rate {fmt(lam, 3)} a month"
                    f" until month {fmt(T0, 1)}")
        else:
            role = (f"your side is the strong one here: a rational {self.side} never concedes at once, and concedes"
                    f" at rate {fmt(lam, 3)} a month until month {fmt(T0, 1)}, just fast enough to keep"
                    f" {the(self.other)} willing to wait; {the(self.other)} concedes at once with probability c = {fmt(r.c, 3)}")
        mine = r.payoff_us if self.side == "US" else r.payoff_cn
        return (f"{you}; you got {fmt(g['payoff'], 3)} of the gains. In this model {role}."
                f" A rational {self.side} expects {fmt(mine, 3)} of the gains in equilibrium.")


# --- 05: the chain store, played as the incumbent ------------------------------------------------


class ChainPlay(_Play):
    """The M4 chain store (notebook 05) played as a weak incumbent against Kreps-Wilson challengers.

    Each challenger enters with the equilibrium probability at the belief it holds (below g^n it
    enters, above it stays out, at g^n it enters with probability 1 - 1/u, drawn with the seed); the
    belief moves by the equilibrium's Bayes rule: after a fight to max(μ, g^(n-1)), after an
    accommodation to 0 (games.reputation). When a challenger enters, the student fights (-1 this
    round) or accommodates (0); a challenger who stays out gives u. params: N, g, u, mu0 of chain_store.
    """

    title = "Play first: one punch, or a hundred?"

    def __init__(self, seed=0, key=None, **params):
        from tradewar.games import reputation
        from tradewar.models import chain_store

        p = chain_store.PARAMS
        vals = {k: p[k].validate(params.pop(k, p[k].default)) for k in ("N", "g", "u", "mu0")}
        if params:
            raise ValueError(f"unknown parameter(s) {', '.join(sorted(params))}: ChainPlay takes N, g, u, mu0.")
        self.vals = vals
        self.instructions = (f"You are the incumbent, and you are the weak type: a fight costs you 1, giving in costs"
                             f" you nothing now, and every challenger who stays out is worth u = {fmt(vals['u'])}"
                             " to you. The challengers do not know your type; they watch what you do. When one enters: fight or"
                             " accommodate?")
        self.result = chain_store.solve(**vals)
        self.ZERO = reputation.ZERO
        self.gm = reputation.stage_rules(vals["N"], vals["g"], vals["u"], vals["mu0"])
        self.OUT, self.FOUGHT, self.ACC = chain_store.OUT, chain_store.FOUGHT, chain_store.ACCOMMODATED
        super().__init__(seed, key)

    def _build(self):
        return [self._move_buttons("Fight", "Accommodate")]

    def _start(self):
        self.over = False
        self.code = self.gm.start
        self.path, self.beliefs, self.entry = [], [self.gm.value(self.code)], []
        self._offer_again(False)
        self._next([])

    @property
    def stage(self) -> int:
        """n: challenges left, the current one included."""
        return self.gm.N - len(self.path)

    def _next(self, said):
        """Challengers decide until one enters (the student's move) or the chain ends."""
        while self.stage > 0:
            n = self.stage
            p_enter = self.gm.entry(self.code, n)
            self.entry.append(p_enter)
            enters = p_enter == 1 or (p_enter > 0 and self.rng.random() < float(p_enter))
            t = len(self.path) + 1
            if enters:
                said.append(f"Challenger {t} of {self.gm.N} enters. Fight or accommodate?")
                self.text.value = html.escape(said[-1])
                self.announce(" ".join(said))
                self._draw()
                return
            self.path.append(self.OUT)
            self.beliefs.append(self.gm.value(self.code))
            said.append(f"Challenger {t} stays out.")
        self._finish(said)

    def move(self, label: str):
        """'Fight' or 'Accommodate' against the challenger who has just entered."""
        if self.over:
            raise ValueError("the chain is over: press Play again.")
        key = label.lower()
        if key.startswith("fight"):
            self.code = self.gm.after_fight(self.code, self.stage)
            self.path.append(self.FOUGHT)
        elif key.startswith("accommodate"):
            self.code = self.ZERO  # weakness revealed: the belief is 0 for ever
            self.path.append(self.ACC)
        else:
            raise ValueError(f"move = {label!r} must be 'Fight' or 'Accommodate'.")
        self.beliefs.append(self.gm.value(self.code))
        t = len(self.path)
        did = f"You {'fought' if self.path[-1] == self.FOUGHT else 'accommodated'} challenger {t}"
        if self.stage == 0:   # no challenger is left to hold a belief
            self._next([did + "."])
        else:
            self._next([f"{did}; the challengers now believe you are tough with probability"
                        f" {fmt(self.beliefs[-1], 3)}."])

    def payoff(self):
        u = self.gm.u
        return sum(u if m == self.OUT else -1 if m == self.FOUGHT else 0 for m in self.path)

    def _draw(self):
        from types import SimpleNamespace

        from .chain import play_svg, play_text

        k = len(self.path)
        if k == 0:
            self.view.value = ""
            return
        shown = SimpleNamespace(path=tuple(self.path), path_beliefs=tuple(self.beliefs),
                                thresholds=self.result.thresholds[:k], incumbent="weak (you)",
                                back_down_at=None, inputs=lambda: {"seed": self.seed})
        swap = ("Simulated play, weak (you)", "Your play, weak")
        svg = play_svg(shown, "Your chain so far").replace(*swap)
        self.view.value = svg + f'<div class="tw-sr-only">{html.escape(play_text(shown).replace(*swap))}</div>'

    def _finish(self, said):
        self.over = True
        self.record.append({"path": tuple(self.path), "beliefs": tuple(self.beliefs),
                            "entry": tuple(self.entry), "payoff": self.payoff()})
        self._offer_again(True)
        self._draw()
        said.append(f"The chain is over: your total is {fmt(self.payoff())}.")
        self.text.value = html.escape(said[-1])
        self.announce(" ".join(said))

    def handoff(self) -> str:
        if not self.record:
            return "You have not finished a chain yet: play above, then run this cell again."
        g, r = self.record[-1], self.result
        path, N = g["path"], r.N
        entries = sum(m != self.OUT for m in path)
        mu0 = fmt(r.inputs()["mu0"])
        if r.deterred:
            # A challenger enters iff the chance of a fight is below g; a deterred one (mu0 > g^n) faces
            # min(1, mu0/g^(n-1)) > g, because a weak incumbent would fight it with positive probability too.
            may = ("none may enter" if not r.may_enter else "only the last one may enter" if r.may_enter == 1
                   else f"only the last {r.may_enter} may enter")
            head = (f"The first {r.deterred} of the {N} challengers stayed out, and nobody fought them: in this model"
                    f" the prior μ₀ = {mu0} deters them because an early entrant would be fought with probability"
                    f" above g = {fmt(r.inputs()['g'])}, by a weak incumbent as well as a tough one, and {may}.")
        else:
            head = f"In this model no challenger is deterred for sure at μ₀ = {mu0}: every one of the {N} may enter."
        wp = r.weak_payoff   # a float sum may carry rounding dust (-2e-17 for 0): not for the screen
        wp = round(wp, 9) + 0.0 if isinstance(wp, float) else wp
        worth = f" Your total: {fmt(g['payoff'])}; a weak incumbent playing the equilibrium expects {fmt(wp)}."
        if not entries:
            return f"{head} No challenger entered, so you never had to choose.{worth}"
        last = ""
        if path[-1] == self.FOUGHT:
            last = (f" Fighting challenger {N}, the last, cost you 1 and bought nothing: no challenger was left to"
                    " impress, which is why the equilibrium's weak incumbent gives in there.")
        if self.ACC in path:
            t = path.index(self.ACC) + 1
            if t == N:
                return (f"{head} You gave in only to the last challenger, {N}, as the equilibrium's weak incumbent does:"
                        f" nothing was left to protect. {entries} entered in all.{worth}")
            later = N - t
            who = "the one challenger" if later == 1 else f"all {later} challengers"
            return (f"{head} You accommodated challenger {t}: the challengers' belief that you are tough fell to 0,"
                    f" and {who} after it entered, as in this model every one does once the belief is 0;"
                    f" {entries} entered in all.{last}{worth}")
        fought = "the one entrant" if entries == 1 else f"every entrant ({entries})"
        return f"{head} You fought {fought}, so the belief never fell to 0.{last}{worth}"
