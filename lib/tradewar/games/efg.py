"""Gambit .efg files (format "EFG 2 R") for perfect-information trees with chance moves.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    to_efg(tree) -> str, from_efg(text) -> Tree  Gambit .efg for perfect-information trees

Chance probabilities are written as exact rationals ("1/3") that sum to exactly one, as Gambit
requires: exact input as it is; floats as the nearest fraction with a denominator of at most
10^12 (0.3333333333333333 becomes 1/3), the largest one taking up what rounding leaves over.
They come back as Fractions. Payoffs are written as they are: ints, n/d for Fractions, and
floats as positional decimals with repr's digits, so that they come back bit for bit.
"""
from __future__ import annotations

import itertools
import math
import re
from decimal import Decimal
from fractions import Fraction

from tradewar.games.tree import Chance, Decision, Leaf, Tree, _quiet_gc

__all__ = ["to_efg", "from_efg"]


def _q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _efg_number(x):
    if type(x) is int:
        return str(x)
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}"  # 3/1 stays a Fraction on the way back
    s = format(Decimal(repr(float(x))), "f")  # positional: no exponent for Gambit to trip on
    return s if "." in s else s + ".0"


_MAX_DEN = 10**12  # float probabilities: a float is within 1e-16 of 1/3 and far from any p/q, q <= 10^12


def _efg_probabilities(ps):
    """Chance probabilities as Fractions summing to exactly 1 (Gambit rejects any other sum)."""
    if not any(type(p) is float for p in ps):
        return [Fraction(p) for p in ps]  # exact input already sums to 1 (Chance checks it)
    exact = [Fraction(p) for p in ps]  # a float's exact value
    total = sum(exact)  # within 1e-9 of 1 (Chance checks it); normalise before rounding
    out = [(p / total).limit_denominator(_MAX_DEN) for p in exact]
    k = max(range(len(out)), key=out.__getitem__)  # the largest absorbs the rounding: stays >= 0
    out[k] = 1 - (sum(out) - out[k])
    return out


def to_efg(tree, title=""):
    """The tree as a Gambit .efg file (format "EFG 2 R"): one information set per decision node."""
    if not isinstance(tree, Tree):
        raise ValueError(f"to_efg needs a Tree, got {type(tree).__name__}")
    lines = [f"EFG 2 R {_q(title)} {{ {' '.join(_q(p) for p in tree.players)} }}", '""', ""]
    isets = [0] * len(tree.players)
    chance_sets = outcomes = 0
    for u in tree._flat.preorder():
        nd = tree._flat.nodes[u]
        t = type(nd)
        if t is Decision:
            isets[nd.player] += 1
            acts = " ".join(_q(a) for a, _ in nd.moves)
            lines.append(f"p {_q(nd.name)} {nd.player + 1} {isets[nd.player]} {_q(nd.name)} "
                         f"{{ {acts} }} 0")
        elif t is Chance:
            chance_sets += 1
            ps = _efg_probabilities([p for _, p, _ in nd.moves])
            acts = " ".join(f"{_q(a)} {_efg_number(p)}" for (a, _, _), p in zip(nd.moves, ps))
            lines.append(f"c {_q(nd.name)} {chance_sets} \"\" {{ {acts} }} 0")
        else:
            outcomes += 1
            pays = ", ".join(_efg_number(x) for x in nd.payoffs)
            lines.append(f"t {_q(nd.label)} {outcomes} \"\" {{ {pays} }}")
    return "\n".join(lines) + "\n"


class _Tokens:
    def __init__(self, text):
        self.toks = self._lex(text)
        self.i = 0

    # Separators (blanks, commas), then a quoted string with backslash escapes, a brace or a word.
    _TOKEN = re.compile(r'[\s,]*(?:"((?:[^"\\]|\\.)*)("?)|([{}])|([^\s{}",]+))', re.S)
    _UNESCAPE = re.compile(r"\\(.)", re.S)

    @classmethod
    def _lex(cls, text):
        toks = []
        add = toks.append
        for q, closed, brace, word in cls._TOKEN.findall(text):
            if word:
                add(("word", word))
            elif brace:
                add(("sym", brace))
            elif closed:
                add(("str", cls._UNESCAPE.sub(r"\1", q) if "\\" in q else q))
            else:
                raise ValueError("efg: a quoted string is not closed")
        return toks

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def next(self, kind=None, what="a token"):
        if self.i >= len(self.toks):
            raise ValueError(f"efg: the file ends where {what} was expected")
        t = self.toks[self.i]
        if kind is not None and t[0] != kind:
            raise ValueError(f"efg: expected {what}, found {t[1]!r}")
        self.i += 1
        return t[1]

    def maybe(self, kind, value=None):
        t = self.peek()
        if t[0] == kind and (value is None or t[1] == value):
            self.i += 1
            return t[1]
        return None

    def int(self, what):
        w = self.next("word", what)
        try:
            return int(w)
        except ValueError:
            raise ValueError(f"efg: expected {what} (a whole number), found {w!r}") from None

    def number(self, what):
        w = self.next("word", what)
        try:
            if "/" in w:
                return Fraction(w)
            if any(ch in w for ch in ".eE"):
                return float(w)  # to_efg writes floats with repr digits, so they come back bit-exact
            return int(w)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"efg: expected {what} (a number), found {w!r}") from None


def _outcome(tk, outcomes, n_players, where):
    """An outcome reference: number, then optionally a name and payoffs."""
    k = tk.int(f"an outcome number at {where}")
    tk.maybe("str")
    if tk.maybe("sym", "{"):
        pays = []
        while not tk.maybe("sym", "}"):
            pays.append(tk.number(f"a payoff at {where}"))
        if len(pays) != n_players:
            raise ValueError(f"efg: outcome {k} at {where} has {len(pays)} payoffs for {n_players} players")
        if k:
            outcomes[k] = tuple(pays)
        return tuple(pays)
    if k == 0:
        return None
    if k not in outcomes:
        raise ValueError(f"efg: outcome {k} at {where} is used before its payoffs are given")
    return outcomes[k]


# The fast path reads files laid out as to_efg (and Gambit) writes them: one node per line, no
# escapes in strings, no interior outcomes, every node named, every name unique. Anything else
# (or anything wrong) goes to the general tokenizer below, which also words the errors.
_HEAD = re.compile(r'EFG 2 [RD] "[^"\\]*" \{ ((?:"[^"\\]*" )*)\}')
_NODE = re.compile(
    r'^[ \t]*(?:p "([^"\\]+)" (\d+) (\d+) "[^"\\]*" \{ ((?:"[^"\\]+" )+)\} 0'
    r'|c "([^"\\]+)" \d+ "[^"\\]*" \{ ((?:"[^"\\]+" [-+\w./]+ )+)\} 0'
    r'|t "([^"\\]*)" \d+ "[^"\\]*" \{ ([-+\w.,/ ]*) \})[ \t\r]*$', re.M)
_STR = re.compile(r'"([^"\\]*)"')
_CHANCE_ACT = re.compile(r'"([^"\\]*)" (\S+)')


def _word_number(w):
    if "/" in w:
        return Fraction(w)
    if "." in w or "e" in w or "E" in w:
        x = float(w)
        if not math.isfinite(x):
            raise ValueError
        return x
    return int(w)


def _from_efg_lines(text):
    """The Tree of a one-node-per-line file, or None to let the general parser read it."""
    if "\\" in text:
        return None
    first, _, rest = text.partition("\n")
    comment, _, body = rest.partition("\n")
    head = _HEAD.fullmatch(first.rstrip())
    if head is None or not _STR.fullmatch(comment.strip()):
        return None
    players = tuple(_STR.findall(head.group(1)))
    n = len(players)
    nodes = _NODE.findall(body)
    if not n or not nodes or len(nodes) != sum(1 for line in body.split("\n") if line.strip()):
        return None  # some line is not in the simple layout
    try:
        # Every leaf's payoffs in one go: the words of all leaves, typed as the general parser does.
        joined = " ".join([t[7] for t in nodes if not t[0] and not t[4]]).replace(",", " ")
        words = joined.split()
        if "/" in joined or "e" in joined or "E" in joined:
            values = list(map(_word_number, words))
        else:
            dots = joined.count(".")
            if dots == len(words):  # all floats (or all ints below): convert at C speed
                values = list(map(float, words))
            elif not dots:
                values = list(map(int, words))
            else:
                values = [float(w) if "." in w else int(w) for w in words]
            if not math.isfinite(sum(values)):
                return None
        new = object.__new__
        names, isets = set(), set()
        dec_acts, chance_acts = {}, {}  # the same action lists recur: parse and check each once
        stack, root, pos, n1 = [], None, 0, n - 1
        # frames: [kind, player or None, name, labels, probs, children, number of children]
        for name_p, pl, iset, acts_p, name_c, acts_c, label, pays in nodes:
            if name_p:
                acts = dec_acts.get(acts_p)
                if acts is None:
                    acts = dec_acts[acts_p] = _STR.findall(acts_p)
                    if len(set(acts)) != len(acts):
                        return None
                pl, iset = int(pl), int(iset)
                if not 1 <= pl <= n or name_p in names or (pl, iset) in isets:
                    return None
                names.add(name_p)
                isets.add((pl, iset))
                stack.append([Decision, pl - 1, name_p, acts, None, [], len(acts)])
                continue
            if name_c:
                got = chance_acts.get(acts_c)
                if got is None:
                    pairs = _CHANCE_ACT.findall(acts_c)
                    acts = [a for a, _ in pairs]
                    probs = [_word_number(w) for _, w in pairs]
                    exact = not any(type(q) is float for q in probs)
                    if (len(set(acts)) != len(acts) or "" in acts
                            or not all(0 <= q <= 1 for q in probs)
                            or ((sum(probs) != 1) if exact else abs(sum(probs) - 1) > 1e-9)):
                        return None
                    got = chance_acts[acts_c] = (acts, probs)
                acts, probs = got
                if name_c in names:
                    return None
                names.add(name_c)
                stack.append([Chance, None, name_c, acts, probs, [], len(acts)])
                continue
            if pays.count(",") != n1 or (not n1 and not pays.strip()):  # n payoffs
                return None
            node = new(Leaf)
            node.__dict__.update(payoffs=tuple(values[pos:pos + n]), label=label)
            pos += n
            while True:  # attach the finished node, closing every parent it completes
                if not stack:
                    if root is not None:
                        return None
                    root = node
                    break
                frame = stack[-1]
                kids = frame[5]
                kids.append(node)
                if len(kids) < frame[6]:
                    break
                stack.pop()
                cls, pl, name, acts, probs, kids, _ = frame
                node = new(cls)
                if cls is Decision:
                    node.__dict__.update(player=pl, name=name, moves=tuple(zip(acts, kids)))
                else:
                    node.__dict__.update(name=name, moves=tuple(zip(acts, probs, kids)))
    except (ValueError, ZeroDivisionError):
        return None
    if stack or root is None or pos != len(values):
        return None
    return Tree(root, players)


def from_efg(text):
    """Read a Gambit .efg file of a perfect-information game (with chance moves) as a Tree.

    Interior outcomes are added to the payoffs of every leaf below them. Raises ValueError for an
    imperfect-information file, i.e. one whose information set holds two nodes."""
    if not isinstance(text, str):
        raise ValueError("from_efg needs the file's text as a str")
    with _quiet_gc(len(text) // 20):  # a node is at least 20 characters
        tree = _from_efg_lines(text)
        return tree if tree is not None else _from_efg_tokens(text)


def _from_efg_tokens(text):
    tk = _Tokens(text)
    if tk.next("word", '"EFG"') != "EFG" or tk.next("word", "the version") != "2":
        raise ValueError('efg: the file must start with "EFG 2 R"')
    if tk.next("word", "R or D") not in ("R", "D"):
        raise ValueError('efg: the file must start with "EFG 2 R" (or "EFG 2 D")')
    tk.next("str", "the game's title")
    tk.next("sym", "the list of players")
    players = []
    while not tk.maybe("sym", "}"):
        players.append(tk.next("str", "a player's name"))
    if not players:
        raise ValueError("efg: the game has no players")
    tk.maybe("str")  # the comment
    n = len(players)
    outcomes, used_names, isets, chance_isets = {}, set(), {}, {}
    counter = itertools.count(1)

    def unique(*cands):
        for c in cands:
            if c and c not in used_names:
                used_names.add(c)
                return c
        while True:
            c = f"{cands[-1]} {next(counter)}"
            if c not in used_names:
                used_names.add(c)
                return c

    # Preorder with an explicit stack: each frame is [builder, moves, children so far, offset],
    # where offset sums the interior outcomes on the way down.
    stack, root = [], None

    def attach(node):
        nonlocal root
        while True:
            if not stack:
                root = node
                return
            frame = stack[-1]
            frame[2].append(node)
            if len(frame[2]) < len(frame[1]):
                return
            stack.pop()
            node = frame[0](frame[1], frame[2])

    def add(a, b):
        return b if a is None else (a if b is None else tuple(x + y for x, y in zip(a, b)))

    node_no = 0
    while True:
        kind = tk.maybe("word")
        if kind is None:
            break
        node_no += 1
        where = f"node {node_no}"
        offset = stack[-1][3] if stack else None
        if kind == "t":
            label = tk.next("str", f"the name of {where}")
            pays = add(offset, _outcome(tk, outcomes, n, where))
            attach(Leaf(pays if pays is not None else (0,) * n, label))
        elif kind == "p":
            name = tk.next("str", f"the name of {where}")
            pl = tk.int(f"the player at {where}")
            if not 1 <= pl <= n:
                raise ValueError(f"efg: {where} names player {pl}, but there are {n} players")
            iset = tk.int(f"the information set at {where}")
            iname = tk.maybe("str") or ""
            if (pl, iset) in isets:
                raise ValueError(f"efg: imperfect information: information set {iset} of player "
                                 f"{players[pl - 1]!r} holds more than one node ({where} and node "
                                 f"{isets[(pl, iset)]}); only perfect-information games are supported")
            isets[(pl, iset)] = node_no
            if not tk.maybe("sym", "{"):
                raise ValueError(f"efg: {where} does not list its actions")
            acts = []
            while not tk.maybe("sym", "}"):
                acts.append(tk.next("str", f"an action at {where}"))
            if not acts:
                raise ValueError(f"efg: {where} has no actions")
            off = add(offset, _outcome(tk, outcomes, n, where))
            nm = unique(name, iname, f"{players[pl - 1]}, node")

            def build(acts, kids, pl=pl, nm=nm):
                return Decision(pl - 1, nm, tuple(zip(acts, kids)))
            stack.append([build, acts, [], off])
        elif kind == "c":
            name = tk.next("str", f"the name of {where}")
            iset = tk.int(f"the information set at {where}")
            iname = tk.maybe("str") or ""
            if tk.maybe("sym", "{"):
                acts = []
                while not tk.maybe("sym", "}"):
                    a = tk.next("str", f"an action at {where}")
                    acts.append((a, tk.number(f"a probability at {where}")))
                chance_isets[iset] = acts
            elif iset in chance_isets:
                acts = chance_isets[iset]
            else:
                raise ValueError(f"efg: {where} does not list its actions")
            if not acts:
                raise ValueError(f"efg: {where} has no actions")
            off = add(offset, _outcome(tk, outcomes, n, where))
            nm = unique(name, iname, "Chance")

            def build(acts, kids, nm=nm):
                return Chance(nm, tuple((a, p, k) for (a, p), k in zip(acts, kids)))
            stack.append([build, acts, [], off])
        else:
            raise ValueError(f"efg: unknown node type {kind!r} at {where} (expected p, c or t)")
    if tk.peek()[0] is not None:
        raise ValueError(f"efg: unexpected {tk.peek()[1]!r} after the last node")
    if stack or root is None:
        raise ValueError("efg: the file ends before the tree is complete")
    return Tree(root, tuple(players))
