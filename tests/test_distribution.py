"""What `pip install medium` ships: the product's packages and the `medium` command, never the
sample world, whose verbs join the command only where its own distribution is installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import medium.verbs
from medium.cli import main

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = {"storage", "crawler", "classifier", "analysis", "medium"}


@pytest.mark.slow
def test_the_wheel_holds_the_product_packages_and_no_sample_world(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("medium-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert packages == PRODUCT
    assert not any("sampleworld" in name or "medium_demo" in name for name in names)
    assert {"storage/migrations/env.py", "crawler/sources.toml", "analysis/explain/templates/explain.html",
            "medium/verbs/train.py"} <= set(names)
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    assert "medium = medium.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_sample_world_adds_its_verbs_through_entry_points():
    registered = {entry_point.name: entry_point.value
                  for entry_point in medium.verbs.entry_points(group=medium.verbs.ENTRY_POINT_GROUP)}
    assert registered == {"demo": "medium_demo.demo", "sample-world": "medium_demo.sample_world"}


@pytest.mark.parametrize("verb", ["demo", "sample-world"])
def test_without_the_sample_world_its_verbs_say_how_to_install_it(verb, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(medium.verbs, "entry_points", lambda group: [])
    assert main(["--home", str(tmp_path), verb, "build", "--images", "3"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"medium {verb}: `medium {verb}` comes with the sample world, which is not installed")
    assert "pip install -e ./sampleworld" in error
    assert not any(tmp_path.iterdir())
