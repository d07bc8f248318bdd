"""A class tournament in a notebook: students' rules in (a small form, or a folder of files), a noisy
round robin against the named rules out, as a ranked table and a bar chart.

The form takes a memory-one rule (five probabilities of keeping the truce, typed as 1, 0.5, 1/3 or
50%) or a short Python function rule(mine, theirs); "Load the folder" reads one file per student
(NAME.json or NAME.py, see tradewar.games.class_tournament). Every message (added, not added and why,
left out of the tournament and why, who won) goes to a live region (role=status), so a screen reader
hears it; every control has a visible label and works from the keyboard. In the chart, student
entries are hatched and marked "(student)": not told by colour alone.
"""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from ..games import class_tournament as ct
from ..games.repeated import MEMORY_ONE_KEYS, STRATEGIES
from ..models.truce import SIM_PARAMS
from .a11y import assets, live, mark_root
from .params import control
from .quiz import parse_number
from .views import PALETTE, Static, nice_ticks, svg_document

__all__ = ["ClassTournament", "ranking_html", "scores_svg"]

LABELS = {
    "first": "Round 1: chance of keeping the truce (C)",
    "CC": "After CC (both kept it)",
    "CD": "After CD (you kept it, they broke it)",
    "DC": "After DC (you broke it, they kept it)",
    "DD": "After DD (both broke it)",
}
_EXAMPLE = ('def rule(mine, theirs):\n    # mine, theirs: the moves so far, e.g. "CCD"\n'
            '    return "D" if theirs.endswith("DD") else "C"')
_CSS = """<style>
.tw-class { font-size: 15px; --jp-widgets-font-size: 15px; max-width: 60em; }
.tw-class h4 { margin: 0.6em 0 0.2em 0; font-size: 16px; }
.tw-class .tw-problems { font-size: 14px; line-height: 1.4; border-left: 5px solid #B34700; padding: 0.2em 0.7em; }
.tw-class textarea { font-family: monospace; font-size: 14px; }
</style>"""


def _entries(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def _kind(result, name) -> str:
    sub = next((s for s in result.entered if s.name == name), None)
    return "named rule" if sub is None else f"student ({sub.kind})"


def ranking_html(result, caption: str = "") -> str:
    """The class tournament ranked by score: rank, entry, who entered it, payoff per round."""
    t = result.tournament
    score = dict(zip(t.names, t.score))
    rows = []
    for rank, name in enumerate(t.ranking, 1):
        tag = " (winner)" if rank == 1 else ""
        rows.append(f'<tr><td style="text-align:right;padding:0.15em 0.5em">{rank}</td>'
                    f'<th scope="row" style="text-align:left;padding:0.15em 0.5em;font-weight:'
                    f'{"bold" if rank == 1 else "normal"}">{html.escape(name)}{tag}</th>'
                    f'<td style="padding:0.15em 0.5em">{_kind(result, name)}</td>'
                    f'<td style="text-align:right;padding:0.15em 0.5em">{score[name]:.2f}</td></tr>')
    cap = (f'<caption style="text-align:left;font-weight:bold;padding-bottom:0.3em">{html.escape(caption)}</caption>'
           if caption else "")
    return (f'<table class="tw-class-ranking" style="border-collapse:collapse">{cap}<thead><tr>'
            '<th scope="col">rank</th><th scope="col" style="text-align:left">entry</th>'
            '<th scope="col" style="text-align:left">entered by</th><th scope="col">payoff per round</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def scores_svg(result, title: str = "Score: mean payoff per round against every entry") -> tuple[str, str]:
    """(svg, text): one bar per entry, highest score first; student entries hatched and marked."""
    t = result.tournament
    score = dict(zip(t.names, t.score))
    students = set(result.students)
    left, bar_w, row_h, top = 230, 420, 20, 44
    hi = max([float(max(score.values()))] + [1.0])
    ticks = nice_ticks(0, hi, 5)
    hi = max(hi, ticks[-1])
    body = [f'<text x="4" y="16" font-size="14" font-weight="bold">{html.escape(title)}</text>',
            '<defs><pattern id="tw-student-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
            ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#0072B2"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>',
            '<text x="4" y="34" font-size="12">grey bars: named rules; hatched blue bars: student'
            ' entries (also marked "(student)")</text>']
    for k, name in enumerate(t.ranking):
        y = top + k * row_h
        w = bar_w * max(float(score[name]), 0) / hi
        mine = name in students
        fill = "url(#tw-student-hatch)" if mine else PALETTE[7]
        label = f"{name} (student)" if mine else name
        body.append(f'<text x="{left - 6}" y="{y + 14}" font-size="12" text-anchor="end">{k + 1}. '
                    f'{html.escape(label)}</text>'
                    f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{fill}" stroke="#333"'
                    f' stroke-width="0.6"/>'
                    f'<text x="{left + w + 4:.1f}" y="{y + 14}" font-size="11">{float(score[name]):.2f}</text>')
    base = top + len(t.ranking) * row_h
    for v in ticks:
        x = left + bar_w * v / hi
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{base + 4}" stroke="#888" stroke-opacity="0.35"/>'
                    f'<text x="{x:.1f}" y="{base + 17}" font-size="11" text-anchor="middle">{v:g}</text>')
    body.append(f'<text x="{left + bar_w / 2}" y="{base + 32}" font-size="12" text-anchor="middle">'
                'payoff per round</text>')
    ranking = "; ".join(f"{k}. {n}{' (student)' if n in students else ''} {score[n]:.2f}"
                        for k, n in enumerate(t.ranking, 1))
    text = (f"Bar chart of the scores of {len(t.names)} entries ({len(students)} from students), highest first: "
            f"{ranking}.")
    svg = svg_document("tw-class-scores", f"{left + bar_w + 60} {base + 40}", left + bar_w + 60, text, title,
                       "".join(body))
    return svg, text


class ClassTournament(Static):
    """The class tournament widget. submissions: Submission records to start with (e.g. examples);
    folder: where "Load the folder" looks (NAME.json, NAME.py). rounds, matches, payoffs, e, q, seed:
    how the round robin is played; the false-alarm slider sets epsilon (default `epsilon`).

    For scripts and tests: add_probabilities(name, values), add_source(name, code), load_folder(),
    remove(name) and run() do what the buttons do and return the message (run(): the ClassResult)."""

    def __init__(self, submissions=(), *, folder=None, named=tuple(STRATEGIES), rounds: int = 200, matches: int = 1,
                 payoffs=(5, 3, 1, 0), epsilon=0.05, e=0, q=1, seed=2025):
        self.named = tuple(named)
        self.folder = Path(folder) if folder is not None else None
        self.settings = dict(rounds=rounds, matches=matches, payoffs=payoffs, e=e, q=q, seed=seed)
        self.entries: list = []
        self.problems: dict[str, str] = {}  # name -> why it is not in the tournament
        self.result = None
        style = {"description_width": "19em"}
        wide = widgets.Layout(width="32em", max_width="100%")
        self.name_box = widgets.Text(description="Name of the entry", style=style, layout=wide,
                                     placeholder="e.g. Ana", continuous_update=False)
        self.prob_boxes = {k: widgets.Text(description=LABELS[k], value="1" if k in ("first", "CC", "DC") else "0",
                                           style=style, layout=wide, continuous_update=False)
                           for k in MEMORY_ONE_KEYS}
        self.add_button = widgets.Button(description="Add these five probabilities", icon="plus",
                                         button_style="primary", layout=widgets.Layout(width="auto"))
        self.code_box = widgets.Textarea(description="Or a Python rule", value=_EXAMPLE, style=style,
                                         layout=widgets.Layout(width="44em", max_width="100%", height="7em"))
        self.add_code_button = widgets.Button(description="Add this Python rule", icon="plus",
                                              layout=widgets.Layout(width="auto"))
        self.entry_list = widgets.Select(description="Entries", options=[], rows=6, style={"description_width": "6em"},
                                         layout=widgets.Layout(width="32em", max_width="100%"))
        self.remove_button = widgets.Button(description="Remove the selected entry", icon="trash",
                                            layout=widgets.Layout(width="auto"))
        self.folder_button = widgets.Button(
            description=f"Load the folder {self.folder.name}" if self.folder else "Load the folder",
            icon="folder-open", layout=widgets.Layout(width="auto", display=None if self.folder else "none"))
        self.noise = control(SIM_PARAMS["epsilon"], epsilon, description_width="19em")
        self.run_button = widgets.Button(description="Run the tournament", icon="play", button_style="primary",
                                         layout=widgets.Layout(width="auto"))
        self.status = live(widgets.HTML())
        self.problem_box = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.add_button.on_click(lambda _b: self._form_probabilities())
        self.add_code_button.on_click(lambda _b: self.add_source(self.name_box.value, self.code_box.value))
        self.remove_button.on_click(lambda _b: self.remove(self.entry_list.value))
        self.folder_button.on_click(lambda _b: self.load_folder())
        self.run_button.on_click(lambda _b: self.run())
        row = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="0.6em")
        self.widget = widgets.VBox([
            assets(), widgets.HTML(_CSS + "<h4>Add an entry</h4>"), self.name_box,
            *self.prob_boxes.values(), self.add_button, self.code_box, self.add_code_button,
            widgets.HTML("<h4>The entries</h4>"), self.entry_list,
            widgets.HBox([self.remove_button, self.folder_button], layout=row),
            widgets.HTML("<h4>Play</h4>"), self.noise, self.run_button, self.status, self.problem_box,
            self.table, self.chart,
        ])
        mark_root(self.widget, "tw-class")
        for sub in submissions:
            self._add(sub)
        self._say(f"{_entries(len(self.entries))} so far. Add more, then run the tournament.")

    # -- entries ---------------------------------------------------------------------------------
    def _say(self, text: str) -> str:
        self.status.value = html.escape(text)
        return text

    def _show_problems(self):
        items = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(p)}</li>" for n, p in self.problems.items())
        self.problem_box.value = (f'<div class="tw-problems"><b>Not in the tournament:</b><ul>{items}</ul></div>'
                                  if items else "")

    def _taken(self, name: str) -> bool:
        return name.casefold() in {n.casefold() for n in self.named} | {s.name.casefold() for s in self.entries}

    def _add(self, sub) -> str:
        if sub.ok and self._taken(sub.name):
            sub = ct.Submission(sub.name, sub.kind, problem=f"the name {sub.name!r} is already taken: choose another.")
        if not sub.ok:
            self.problems[sub.name] = sub.problem
            self._show_problems()
            return f"Not added: {sub.name}: {sub.problem}"
        self.problems.pop(sub.name, None)
        self._show_problems()
        self.entries.append(sub)
        self.entry_list.options = [s.name for s in self.entries]
        return f"Added {sub.name} ({sub.kind}). {_entries(len(self.entries))}."

    def _form_probabilities(self) -> str:
        values = {}
        for k, box in self.prob_boxes.items():
            x = parse_number(box.value)
            if x is None:
                name = " ".join(str(self.name_box.value).split()) or "the entry"
                return self._say(self._add(ct.Submission(name, "memory-one", problem=f"{k} = {box.value!r} is not a"
                                                         " number; type e.g. 1, 0.5, 1/3 or 50%.")))
            values[k] = x
        return self.add_probabilities(self.name_box.value, values)

    def add_probabilities(self, name, values) -> str:
        """Add a memory-one entry (as the form's first button does); returns the message shown."""
        return self._say(self._add(ct.from_probabilities(name, values)))

    def add_source(self, name, source: str) -> str:
        """Add a Python entry (as the form's second button does); returns the message shown."""
        return self._say(self._add(ct.from_source(name, source)))

    def load_folder(self) -> str:
        """Add every submission in the folder; returns the message shown."""
        if self.folder is None:
            return self._say("No folder was given to this widget.")
        try:
            subs = ct.load_folder(self.folder)
        except ValueError as e:
            return self._say(str(e))
        added = [self._add(s) for s in subs]
        ok = sum(m.startswith("Added") for m in added)
        return self._say(f"Read {len(subs)} files from {self.folder.name}: {ok} added, {len(subs) - ok} not"
                         " (see the list under the Run button).")

    def remove(self, name) -> str:
        """Remove an entry by name; returns the message shown."""
        if name is None:
            return self._say("Choose an entry in the list first.")
        self.entries = [s for s in self.entries if s.name != name]
        self.entry_list.options = [s.name for s in self.entries]
        return self._say(f"Removed {name}. {_entries(len(self.entries))}.")

    # -- playing ---------------------------------------------------------------------------------
    def run(self):
        """Play the round robin; show the table, the chart and who won. Returns the ClassResult."""
        s = self.settings
        r = ct.class_tournament(self.entries, self.named, s["rounds"], s["matches"], s["payoffs"], e=s["e"],
                                epsilon=float(self.noise.value), q=s["q"], seed=s["seed"])
        self.result = r
        for name, why in r.left_out:
            self.problems[name] = why
        self.entries = list(r.entered)
        self.entry_list.options = [x.name for x in self.entries]
        self._show_problems()
        t = r.tournament
        caption = (f"{len(t.names)} entries, each against every entry (itself included): {s['matches']} match"
                   f"{'es' if s['matches'] != 1 else ''} of {s['rounds']} rounds per pair, false alarms"
                   f" ε = {float(self.noise.value):g}")
        self.table.value = ranking_html(r, caption)
        self.svg, self.text = scores_svg(r)
        self.chart.value = self.svg
        best = next((n for n in t.ranking if n in r.students), None)
        score = dict(zip(t.names, t.score))
        msg = f"Winner: {t.ranking[0]} ({score[t.ranking[0]]:.2f} per round)."
        if best is not None:
            msg += f" Best student entry: {best}, rank {t.ranking.index(best) + 1} of {len(t.names)}."
        if r.left_out:
            msg += " Left out: " + "; ".join(f"{n} ({why})" for n, why in r.left_out) + "."
        self._say(msg)
        return r

    def static_html(self) -> str:
        """Without a kernel: the last table and chart, or how to take part."""
        if self.result is None:
            return "<p>The class tournament runs in a live notebook: add entries, then run it.</p>"
        return self.table.value + self.chart.value
