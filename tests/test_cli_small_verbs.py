"""Small verbs a user reaches for: `medium --version`, the global options after the verb
(`medium status -v`), and `medium runs` with each run's headline figures."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from medium import __version__
from medium.cli import main
from report_fixtures import RUN


def test_version_names_the_package_and_its_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"medium {__version__}"


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_work_before_and_after_the_verb(tmp_path, capsys, where):
    home = ["--home", str(tmp_path)]
    argv = [*home, "-v", "status", "--json"] if where == "before" else ["status", "--json", "-v", *home]
    assert main(argv) == 2  # no database there: the verb ran with that home, and created none
    assert str(tmp_path / "medium.db") in capsys.readouterr().err and list(tmp_path.iterdir()) == []
    assert logging.getLogger("storage").level == logging.DEBUG  # -v took effect
    main(["--home", str(tmp_path), "status"])  # without -v, the next call logs at INFO again
    assert logging.getLogger("storage").level == logging.INFO


def test_a_flag_after_the_verb_wins_over_one_before(tmp_path, capsys):
    assert main(["--home", str(tmp_path / "a"), "status", "--home", str(tmp_path / "b")]) == 2
    assert str(tmp_path / "b" / "medium.db") in capsys.readouterr().err


def test_runs_lists_each_run_with_its_test_figures_per_model(report_home, capsys):
    assert main(["--home", str(report_home), "runs", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    medium = json.loads((report_home / "runs" / RUN / "evaluations" / "test" / "metrics.json").read_text())["medium"]
    assert row["id"] == RUN and row["kind"] == "train" and row["status"] == "finished"
    assert row["feature_model"] is True and row["epochs"] == 2 and row["ended"] and row["started"]
    assert row["test_images"] == medium["images"]
    assert row["test_accuracy"] == {"blend": medium["accuracy"], "cnn": medium["parts"]["cnn"]["accuracy"],
                                    "features": medium["parts"]["features"]["accuracy"],
                                    "baseline": medium["baseline"]["accuracy"]}
    assert main(["--home", str(report_home), "runs"]) == 0
    header, line = capsys.readouterr().out.splitlines()[:2]
    assert header.split()[:3] == ["run", "kind", "status"] and "CNN alone" in header and "baseline" in header
    assert line.split()[:3] == [RUN, "train", "finished"]
    assert line.split()[-4:] == [f"{medium['accuracy']:.3f}", f"{medium['parts']['cnn']['accuracy']:.3f}",
                                 f"{medium['parts']['features']['accuracy']:.3f}", f"{medium['baseline']['accuracy']:.3f}"]


def test_runs_creates_no_database(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "runs"]) == 2
    assert "no status database" in capsys.readouterr().err and list(tmp_path.iterdir()) == []


def test_runs_loads_neither_tensorflow_nor_matplotlib(report_home):
    """A listing answers at once: the summary it reads comes without the report's drawing rooms."""
    code = ("import sys; from medium.cli import main; assert main(['runs']) == 0; "
            "print(sorted(name for name in ('tensorflow', 'keras', 'matplotlib') if name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MEDIUM_HOME": str(report_home)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
