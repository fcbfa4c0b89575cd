"""The `medium` error boundary: every failure a user can cause is one sentence on stderr,
exit status 2, no traceback, and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from medium.cli import main
from storage.db import open_database

ROOT = Path(__file__).resolve().parent.parent  # `python -m medium` runs the code of this checkout from here

EXAMPLE_URLS = "sqlite:////path/to/medium.db or postgresql+psycopg://user@host/db"


def medium(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err.strip()


@pytest.mark.parametrize(("url", "message"), [
    ("garbage", f"'garbage' is not a database URL; give one like {EXAMPLE_URLS}"),
    ("garbage://x", f"unknown database kind 'garbage' in garbage://x; give a URL like {EXAMPLE_URLS}"),
    ("mysql://user:secret@db.invalid/medium",
     "the Python driver for mysql://user:***@db.invalid/medium is not installed (missing module MySQLdb); "
     "install it or use another URL"),
    ("postgresql+psycopg://postgres@127.0.0.1:1/test",
     "cannot connect to the status database at postgresql+psycopg://postgres@127.0.0.1:1/test; "
     "check that its server runs and that the URL is right"),
])
def test_an_unusable_database_url_is_one_sentence(tmp_path, capsys, monkeypatch, url, message):
    monkeypatch.setenv("MEDIUM_DB_URL", url)
    assert medium(capsys, "--home", tmp_path / "home", "status") == (2, f"medium status: {message}")
    assert not (tmp_path / "home").exists()


def test_status_creates_no_database_nor_its_folder(tmp_path, capsys):
    database = tmp_path / "nonexistent" / "dir" / "x.db"
    code, err = medium(capsys, "--db", f"sqlite:///{database}", "status")
    assert (code, err) == (2, f"medium status: there is no status database at {database}; "
                              "start with `medium import-bam FILE`")
    assert not (tmp_path / "nonexistent").exists()


def test_a_home_that_is_a_file(tmp_path, capsys):
    home = tmp_path / "notes.txt"
    home.write_text("mine")
    code, err = medium(capsys, "--home", home, "status")
    assert (code, err) == (2, f"medium status: the data folder {home} is a file, not a folder; "
                              "give another one with --home or MEDIUM_HOME")
    assert home.read_text() == "mine"


def test_samples_out_that_is_a_file(tmp_path, capsys):
    out = tmp_path / "grid.png"
    out.write_bytes(b"mine")
    code, err = medium(capsys, "--home", tmp_path / "home", "samples", "--out", out)
    assert (code, err) == (2, f"medium samples: --out {out} is a file, not a folder for the PNGs")
    assert out.read_bytes() == b"mine" and not (tmp_path / "home").exists()


def test_training_parameters_out_of_range_say_the_range(tmp_path, capsys):
    code, err = medium(capsys, "--home", tmp_path / "home", "train", "--epochs", "0")
    assert (code, err) == (2, "medium train: training parameter epochs=0 is out of range; it must be at least 1")
    code, err = medium(capsys, "--home", tmp_path / "home", "tune", "--trials", "2", "--dropout", "1")
    assert (code, err) == (2, "medium tune: training parameter dropout=1.0 is out of range; "
                              "it must be at least 0 and below 1")
    assert not (tmp_path / "home").exists()


def run_medium(home: Path, *argv: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "medium", "--home", str(home), *argv], cwd=ROOT,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)


def test_a_reader_that_goes_away_ends_quietly(tmp_path):
    """`medium status | head -2`: the pipe is closed before medium writes."""
    open_database(f"sqlite:///{tmp_path / 'medium.db'}")
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = run_medium(tmp_path, "status", stdout=writer)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (2, "")


PROBE = ("import sys; from medium.cli import main; code = main(sys.argv[1:]); "
         "print('tensorflow' in sys.modules, file=sys.stderr); raise SystemExit(code)")


@pytest.mark.parametrize("argv", [["train", "--epochs", "0"], ["evaluate", "nosuch"], ["predict", "nosuch", "x.jpg"],
                                  ["tune", "--trials", "1", "--study", "bad/name"]])
def test_tensorflow_verbs_check_their_input_before_loading_tensorflow(tmp_path, argv):
    open_database(f"sqlite:///{tmp_path / 'medium.db'}")
    done = subprocess.run([sys.executable, "-c", PROBE, "--home", str(tmp_path), *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    message, loaded = done.stderr.strip().splitlines()
    assert done.returncode == 2 and message.startswith(f"medium {argv[0]}: ") and loaded == "False"
