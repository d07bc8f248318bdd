"""The answers a problem set's SelfCheck boxes hold, read by running its code cells without a kernel.

A key test can then assert that each box checks against the number the key states (and the model
gives), so a box, its key and the model cannot drift apart. Widgets and pictures are not built:
only the SelfCheck calls are recorded, in order, as (question, answer).
"""
from __future__ import annotations

import json

from problems import PROBLEMS


def selfcheck_answers(nn: str) -> list[tuple[str, object]]:
    cells = json.loads((PROBLEMS / f"{nn}_problems.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    answers: list[tuple[str, object]] = []

    def record(question, answer, *args, **kwargs):
        answers.append((question, answer))

    def skip(*args, **kwargs):
        return None

    ns: dict = {}
    exec(code[0], ns)  # the set-up cell: imports and exact defaults
    ns.update(SelfCheck=record, Explorer=skip, TimelineView=skip, HTML=skip)
    for source in code[1:]:
        exec(source, ns)
    return answers
