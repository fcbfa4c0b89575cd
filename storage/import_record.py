"""What each BAM import was asked for and what it kept, in `$MEDIUM_HOME/imports.json`.

The images table keeps each row's label strategy, but not the thresholds, class filter and
sample size that chose the rows; the report shows them from here. One record per BAM
file (the latest import of it wins), written to a temporary name and renamed.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import datetime, timezone
from pathlib import Path

RECORD_FILE = "imports.json"


def record_import(home: Path, bam_path: str | Path, options, summary) -> Path:
    """Add (or replace) the record of importing `bam_path` with `options` (an `ImportOptions`),
    which gave `summary` (an `ImportSummary`)."""
    bam_path = str(Path(bam_path).expanduser().absolute())
    record = {"file": bam_path, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "options": dataclasses.asdict(options), "summary": dataclasses.asdict(summary)}
    records = [kept for kept in read_imports(home) if kept.get("file") != bam_path] + [record]
    path = Path(home) / RECORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(records, indent=2) + "\n")
    os.replace(temporary, path)
    return path


def read_imports(home: Path) -> list[dict]:
    """The records, oldest first; none when nothing was imported (or the file is unreadable)."""
    try:
        records = json.loads((Path(home) / RECORD_FILE).read_text())
    except (OSError, ValueError):
        return []
    return [record for record in records if isinstance(record, dict)] if isinstance(records, list) else []
