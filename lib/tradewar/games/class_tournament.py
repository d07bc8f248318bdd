"""A class tournament: students' rules for the repeated truce, checked, then played round robin with
the named rules of tradewar.games.repeated.

A submission is either

- a memory-one rule: five probabilities of keeping the truce (C), in MEMORY_ONE_KEYS order: the first
  move, then after CC, CD, DC and DD (own move first, then what the player saw the other do). In a
  folder: one JSON file per student, e.g. ``{"name": "Ana", "first": 1, "CC": 1, "CD": 0, "DC": 1,
  "DD": 0.3}`` (without "name" the file's name is used);
- a short Python function ``rule(mine, theirs)`` on the history: ``mine`` is the student's own moves
  so far and ``theirs`` the other side's moves as seen, both strings of "C" and "D" ("" in round 1),
  returning "C" or "D". In a folder: one ``.py`` file per student defining ``rule``.

A bad submission (wrong shape, a probability outside [0, 1], code that does not compile, a rule that
raises, returns something else than "C" or "D", or runs too long) gets a message naming it, and the
tournament runs without it. "Too long" is counted in steps, not seconds, so it works where there are
no threads or signals (JupyterLite's Pyodide) and gives the same verdict on every machine: the code is
rewritten before it runs so that every loop iteration, comprehension item and function call takes one
step from a budget (STEPS_PER_MOVE per move, STEPS_PER_ENTRY over a whole tournament); past the budget
every further step raises, so not even a bare ``except:`` can keep a loop alive. A single built-in
call that runs long (``10 ** 10 ** 9``) is not interrupted: read submissions before a class runs them.

This is a check against mistakes, not a security boundary: a Python submission runs in the kernel
with a small set of built-ins and only the ``math`` module to import. Run only code you have read
(or accept only the five probabilities).
"""
from __future__ import annotations

import ast
import builtins
import json
import math
from dataclasses import dataclass
from pathlib import Path

from tradewar.games import repeated as rg

__all__ = ["STEPS_PER_MOVE", "STEPS_PER_ENTRY", "MAX_SOURCE", "Submission", "ClassResult", "from_probabilities",
           "from_source", "load_folder", "class_tournament"]

STEPS_PER_MOVE = 10_000      # loop steps one call of rule() may take
STEPS_PER_ENTRY = 2_000_000  # loop steps one entry may take over a whole tournament
MAX_SOURCE = 5_000           # characters: "a short Python function"

_BUILTINS = {name: getattr(builtins, name)
             for name in ("abs", "all", "any", "bool", "dict", "enumerate", "float", "int", "len", "list", "max",
                          "min", "range", "reversed", "round", "set", "sorted", "str", "sum", "tuple", "zip",
                          "isinstance", "Exception", "ValueError", "ZeroDivisionError", "IndexError", "KeyError")}


@dataclass(frozen=True)
class Submission:
    """One student's entry: name, kind ("memory-one" or "Python"), the rule as played (a
    repeated.Strategy) or, for a bad submission, None and the message saying why."""

    name: str
    kind: str
    strategy: object = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.strategy is not None


class _OutOfSteps(BaseException):
    """Raised at every step past the budget (a BaseException, so `except Exception` does not catch it)."""


class _Bad(Exception):
    """A submission's problem, as the class reads it; who: the rule that failed during play."""

    def __init__(self, message, who=None):
        super().__init__(message)
        self.who = who


class _TooLong(_Bad):
    pass


class _Budget:
    """The step counter a rewritten submission calls: tick() at every loop iteration, comprehension item
    and function call."""

    def __init__(self, total: int):
        self.total = total
        self.left = 0
        self.over = False

    def start(self, steps: int):
        self.left = min(steps, self.total)
        self.over = False

    def tick(self):
        self.left -= 1
        self.total -= 1
        if self.left < 0:
            self.over = True
            raise _OutOfSteps

    def each(self, iterable):
        for item in iterable:
            self.tick()
            yield item


class _Instrument(ast.NodeTransformer):
    """Insert __tick__() at the top of every loop body and function body, wrap every comprehension's
    iterable in __each__(...), and make every lambda tick before its body."""

    @staticmethod
    def _tick():
        return ast.Expr(ast.Call(ast.Name("__tick__", ast.Load()), [], []))

    def _body(self, node):
        self.generic_visit(node)
        node.body.insert(0, self._tick())
        return node

    visit_For = visit_AsyncFor = visit_While = visit_FunctionDef = visit_AsyncFunctionDef = _body

    def visit_comprehension(self, node):
        self.generic_visit(node)
        node.iter = ast.Call(ast.Name("__each__", ast.Load()), [node.iter], [])
        return node

    def visit_Lambda(self, node):
        self.generic_visit(node)
        node.body = ast.Subscript(ast.Tuple([ast.Call(ast.Name("__tick__", ast.Load()), [], []), node.body],
                                            ast.Load()), ast.Constant(1), ast.Load())
        return node


def _safe_import(name, globals=None, locals=None, fromlist=(), level=0):
    if name != "math" or level:
        raise ImportError(f"only `import math` is allowed in a submission, not {name!r}")
    return math


def _clean_name(name) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _Bad(f"the name {name!r} is not a name: give a non-empty text.")
    name = " ".join(name.split())
    if len(name) > 40:
        raise _Bad(f"the name {name[:40]!r}... is longer than 40 characters.")
    return name


def from_probabilities(name, values) -> Submission:
    """A memory-one submission from a mapping with the keys first, CC, CD, DC, DD (or a sequence of
    five numbers in that order). Never raises: a bad one comes back with its problem."""
    try:
        name = _clean_name(name)
    except _Bad as e:
        return Submission(str(name), "memory-one", problem=str(e))
    keys = rg.MEMORY_ONE_KEYS
    if isinstance(values, dict):
        missing = [k for k in keys if k not in values]
        extra = sorted(str(k) for k in values if k not in keys and k != "name")
        if missing or extra:
            msg = (f"it needs exactly the five probabilities {', '.join(keys)}"
                   + (f"; missing {', '.join(missing)}" if missing else "")
                   + (f"; unknown {', '.join(extra)}" if extra else "") + ".")
            return Submission(name, "memory-one", problem=msg)
        probs = [values[k] for k in keys]
    else:
        try:
            probs = list(values)
        except TypeError:
            probs = None
        if probs is None or len(probs) != 5:
            return Submission(name, "memory-one", problem=f"it needs five probabilities ({', '.join(keys)}), "
                              f"not {values!r}.")
    try:
        return Submission(name, "memory-one", rg.memory_one(name, *probs))
    except ValueError as e:
        return Submission(name, "memory-one", problem=str(e))


class _Rule:
    """A student's rule(mine, theirs) -> "C"/"D" as the engine calls it: True to defect. Counts steps;
    a failure raises _Bad or _TooLong with the message for the class."""

    def __init__(self, name, fn, budget: _Budget):
        self.name, self.fn, self.budget = name, fn, budget

    def __call__(self, mine: str, theirs: str) -> bool:
        b = self.budget
        if b.total <= 0:
            raise _TooLong(f"it ran too long: more than {STEPS_PER_ENTRY:,} loop steps over the tournament.", self)
        limit = min(STEPS_PER_MOVE, b.total)
        b.left, b.over = limit, False  # b.start(STEPS_PER_MOVE), inlined: called per move
        try:
            out = self.fn(mine, theirs)
        except _OutOfSteps:
            out = None
        except RecursionError:
            raise _Bad(f"it raised RecursionError in round {len(mine) + 1} (a function calling itself without"
                       " end?).", self) from None
        except Exception as e:  # noqa: BLE001 - a student's error becomes a message, never a crash
            raise _Bad(f"it raised {type(e).__name__}: {e} in round {len(mine) + 1}"
                       f" (mine = {_show(mine)}, theirs = {_show(theirs)}).", self) from None
        if out == "C" and not b.over:  # the common answers first
            return False
        if out == "D" and not b.over:
            return True
        if b.over:
            if limit < STEPS_PER_MOVE:  # the tournament's budget ran out, not this move's
                raise _TooLong(f"it ran too long: more than {STEPS_PER_ENTRY:,} loop steps over the tournament.", self)
            raise _TooLong(f"it ran too long in round {len(mine) + 1}: more than {STEPS_PER_MOVE:,} loop steps"
                           " for one move (an endless loop?).", self)
        if isinstance(out, str) and out.strip().upper() in ("C", "D"):
            return out.strip().upper() == "D"
        raise _Bad(f"it returned {out!r} in round {len(mine) + 1}; rule must return \"C\" or \"D\".", self)


def _show(h: str) -> str:
    return repr(h) if len(h) <= 12 else repr("..." + h[-10:])


# Histories every Python rule is tried on before the tournament: round 1, early rounds, a long one.
_PROBES = (("", ""), ("C", "C"), ("C", "D"), ("D", "C"), ("CD", "DD"), ("CCDC" * 50, "CDDC" * 50))


def from_source(name, source: str) -> Submission:
    """A Python submission: source defining rule(mine, theirs). It is compiled (loops counted), run once,
    and tried on a few histories; any failure is the submission's problem. Never raises."""
    kind = "Python"
    try:
        name = _clean_name(name)
        if not isinstance(source, str) or not source.strip():
            raise _Bad("the code is empty: define rule(mine, theirs).")
        if len(source) > MAX_SOURCE:
            raise _Bad(f"the code has {len(source):,} characters; keep it under {MAX_SOURCE:,}.")
        try:
            tree = ast.parse(source, filename=f"<{name}>")
        except SyntaxError as e:
            raise _Bad(f"its code does not compile: {e.msg} (line {e.lineno}).") from None
        tree = ast.fix_missing_locations(_Instrument().visit(tree))
        budget = _Budget(STEPS_PER_ENTRY)
        env = {"__builtins__": dict(_BUILTINS, __import__=_safe_import), "__tick__": budget.tick,
               "__each__": budget.each, "__name__": "submission"}
        budget.start(STEPS_PER_MOVE)
        try:
            exec(compile(tree, f"<{name}>", "exec"), env)  # noqa: S102 - see the module's note
        except _OutOfSteps:
            raise _TooLong(f"it ran too long while loading: more than {STEPS_PER_MOVE:,} loop steps.") from None
        except Exception as e:  # noqa: BLE001
            raise _Bad(f"loading it raised {type(e).__name__}: {e}.") from None
        if budget.over:
            raise _TooLong(f"it ran too long while loading: more than {STEPS_PER_MOVE:,} loop steps.")
        fn = env.get("rule")
        if not callable(fn):
            raise _Bad("it defines no function rule(mine, theirs).")
        code = getattr(fn, "__code__", None)
        if code is None or code.co_argcount != 2:
            raise _Bad("rule must take exactly two arguments: rule(mine, theirs).")
        rule = _Rule(name, fn, budget)
        for mine, theirs in _PROBES:
            rule(mine, theirs)
        rule.budget.total = STEPS_PER_ENTRY  # the probes are free
        desc = "A Python rule on the history (a class submission)."
        return Submission(name, kind, rg.Strategy(name, desc, rg._CUSTOM, rule=rule))
    except _Bad as e:
        return Submission(str(name), kind, problem=str(e))


def load_folder(folder) -> list[Submission]:
    """Every submission in a folder: NAME.json (five probabilities) and NAME.py (rule(mine, theirs)), in
    the order of their file names. Other files are ignored; a file that cannot be read is a bad
    submission named after it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder = {str(folder)!r} is not a folder: create it and put one file per student in it.")
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".json", ".py") or path.name.startswith("."):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            out.append(Submission(path.stem, "file", problem=f"{path.name} cannot be read: {e}."))
            continue
        if path.suffix == ".py":
            out.append(from_source(path.stem, text))
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            out.append(Submission(path.stem, "memory-one", problem=f"{path.name} is not valid JSON: {e.msg}"
                                  f" (line {e.lineno})."))
            continue
        if not isinstance(data, dict):
            out.append(Submission(path.stem, "memory-one", problem=f"{path.name} must hold one object"
                                  " {\"first\": ..., \"CC\": ..., \"CD\": ..., \"DC\": ..., \"DD\": ...}."))
            continue
        out.append(from_probabilities(data.get("name", path.stem), data))
    return out


@dataclass(frozen=True, eq=False)
class ClassResult:
    """The round robin over the good submissions and the named rules (tournament), the submissions
    that played (entered), and those left out with the reason (left_out: (name, message) pairs)."""

    tournament: rg.Tournament
    entered: tuple
    left_out: tuple

    @property
    def students(self) -> tuple:
        return tuple(s.name for s in self.entered)


def class_tournament(submissions, named=tuple(rg.STRATEGIES), rounds: int = 200, matches: int = 1,
                     payoffs=(5, 3, 1, 0), *, e=0, epsilon=0, q=1, public: bool = False, seed=None) -> ClassResult:
    """Every good submission and every named rule against each other (itself included), with noise.
    A submission whose name is already taken is left out with a message; a Python rule that fails
    during the tournament is left out and the tournament is played again without it."""
    named = [rg.strategy(s) for s in named]
    taken = {s.name.casefold() for s in named}
    entered, left = [], []
    for sub in submissions:
        if not sub.ok:
            left.append((sub.name, sub.problem))
        elif sub.name.casefold() in taken:
            left.append((sub.name, f"the name {sub.name!r} is already taken: choose another."))
        else:
            taken.add(sub.name.casefold())
            entered.append(sub)
    while True:
        for sub in entered:
            if sub.kind == "Python":
                sub.strategy.rule.budget.total = STEPS_PER_ENTRY
        try:
            t = rg.tournament(named + [s.strategy for s in entered], rounds, matches, payoffs, e=e, epsilon=epsilon,
                              q=q, public=public, seed=seed)
        except _Bad as err:
            bad = next(s for s in entered if s.kind == "Python" and s.strategy.rule is err.who)
            entered.remove(bad)
            left.append((bad.name, str(err)))
            continue
        return ClassResult(t, tuple(entered), tuple(left))

