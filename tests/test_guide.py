"""The instructor's guide: one guide per notebook in the shape the project promises, a seminar plan of
exactly 50 minutes, a worked answer for every exercise, and no broken relative link.

A notebook whose guide is not written yet fails here on purpose: the guide is part of the notebook.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide"
NOTEBOOKS = ROOT / "notebooks"

HEADINGS = ("## Seminar plan (50 minutes)", "## Discussion prompts", "## Answers", "### Place your bet")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _guides() -> list[Path]:
    return sorted(p for p in GUIDE.glob("*.md") if p.name != "README.md")


def _markdown(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _guide(notebook_name: str) -> tuple[Path, str]:
    path = GUIDE / (Path(notebook_name).stem + ".md")
    assert path.is_file(), f"no instructor's guide {path.relative_to(ROOT)} for {notebook_name}"
    return path, path.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under a '## ' heading, up to the next '## ' heading."""
    start = text.index(heading) + len(heading)
    nxt = re.search(r"^## ", text[start:], flags=re.M)
    return text[start:start + nxt.start()] if nxt else text[start:]


def test_guide_has_the_shape(notebook_name):
    path, text = _guide(notebook_name)
    stem = Path(notebook_name).stem
    first = text.splitlines()[0]
    assert re.fullmatch(rf"# {stem[:2]} · .+: instructor's guide", first), f"{path.name}: title line {first!r}"
    positions = []
    for h in HEADINGS:
        found = re.search(rf"^{re.escape(h)}\s*$", text, flags=re.M)
        assert found, f"{path.name} lacks the heading {h!r}"
        positions.append(found.start())
    assert positions == sorted(positions), f"{path.name}: headings out of order"
    assert re.search(r"^### Experiment \d", text, flags=re.M), f"{path.name}: no '### Experiment N' answer"
    prompts = _section(text, "## Discussion prompts")
    assert re.search(r"^- ", prompts, flags=re.M), f"{path.name}: no discussion prompt"


def test_seminar_plan_sums_to_fifty_minutes(notebook_name):
    path, text = _guide(notebook_name)
    plan = _section(text, "## Seminar plan (50 minutes)")
    rows = [ln for ln in plan.splitlines() if ln.strip().startswith("|")]
    assert len(rows) >= 3, f"{path.name}: the seminar plan needs a table"
    header = [c.strip() for c in rows[0].strip().strip("|").split("|")]
    assert header == ["minutes", "activity", "what to do"], f"{path.name}: plan columns {header}"
    minutes = []
    for row in rows[2:]:
        cell = row.strip().strip("|").split("|")[0].strip()
        assert re.fullmatch(r"\d+", cell), f"{path.name}: minutes cell {cell!r} is not a whole number"
        minutes.append(int(cell))
    assert sum(minutes) == 50, f"{path.name}: the seminar plan sums to {sum(minutes)} minutes, not 50"


def test_every_exercise_has_a_worked_answer(notebook_name):
    path, text = _guide(notebook_name)
    exercises = sorted(set(re.findall(r"\*\*Exercise (\d+)", _markdown(NOTEBOOKS / notebook_name))), key=int)
    answered = set(re.findall(r"^### Exercise (\d+)", text, flags=re.M))
    missing = [n for n in exercises if n not in answered]
    assert not missing, f"{path.name} has no '### Exercise N' for exercise(s) {', '.join(missing)}"


def test_readme_links_every_guide():
    readme = GUIDE / "README.md"
    assert readme.is_file(), "docs/guide/README.md is missing"
    targets = {Path(t.split("#")[0]).name for t in LINK.findall(readme.read_text(encoding="utf-8"))}
    missing = [g.name for g in _guides() if g.name not in targets]
    assert not missing, f"docs/guide/README.md does not link {missing}"


@pytest.mark.parametrize("path", [GUIDE / "README.md", *_guides()], ids=lambda p: p.name)
def test_relative_links_resolve(path):
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing")
    broken = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # web links and in-page anchors
        if not (path.parent / target.split("#")[0]).exists():
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)} has broken relative links: {broken}"
