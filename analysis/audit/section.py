"""The report's Labels section: what the audit of the report's run found (how many suspects,
per class, the top pictures), rendered here from the audit's own templates and handed to the
report as finished, escaped HTML, so the report needs one line to show it."""

from __future__ import annotations

import json

from markupsafe import Markup

from analysis.audit.build import SUMMARY_FILE
from analysis.audit.page import PICTURES_DIR, environment, suspect_fields, top_suspects
from classifier.runs import run_dir
from classifier.suspects import read_suspects, suspects_path
from storage.config import Config
from storage.errors import UserError
from storage.models import Split

PICTURES_PER_CLASS = 4
HEAD = "medium"  # the head whose suspects a user would leave out (`medium train --exclude-suspects`)


def labels_section(config: Config, run_id: str, folder, notes: list[str]) -> Markup | None:
    """The section's HTML, with its pictures copied into the report `folder`; None (and a note
    saying how to get one) where the run has no audit, or its files cannot be read."""
    path = suspects_path(config, run_id)
    if not path.parent.is_dir():
        notes.append(f"run {run_id} has no label audit; `medium audit {run_id}` finds the labels that look wrong")
        return None
    try:
        summary = json.loads((path.parent / SUMMARY_FILE).read_text())
        suspects = read_suspects(config, run_id)
        head = summary["heads"][HEAD]
    except (OSError, ValueError, KeyError, UserError) as error:
        notes.append(f"the label audit of run {run_id} is left out: its files are unreadable ({error})")
        return None
    classes = []
    for key, rows in top_suspects(suspects, HEAD, PICTURES_PER_CLASS):
        shown = []
        for row in rows.itertuples():
            thumbnail = path.parent / PICTURES_DIR / f"{int(row.image_id)}.png"
            if thumbnail.is_file():
                shown.append({**suspect_fields(row), "picture": folder.copy(thumbnail, f"suspect-{int(row.image_id)}")})
        classes.append((key, shown))
    html = environment().get_template("labels.html.j2").render(run=run_id, summary=summary, head=head,
                                                                classes=classes, test=_test_split(config, run_id))
    return Markup(html)


def _test_split(config: Config, run_id: str) -> dict | None:
    """The run's test-split medium scores with and without an audit's suspects, where
    `medium evaluate RUN --exclude-suspects` wrote them."""
    from analysis.report.summary import EVALUATIONS  # here: the report's package imports this module

    path = run_dir(config, run_id) / EVALUATIONS / Split.TEST.value / "metrics.json"
    try:
        report = json.loads(path.read_text())
        cleaned = report["without_suspects"]
        return {"all": report["medium"], "cleaned": cleaned["medium"], "excluded": cleaned["excluded"],
                "audit_run": cleaned["audit_run"], "selection": cleaned["selection"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None

