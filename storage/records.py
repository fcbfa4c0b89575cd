"""Small JSON records under `$MEDIUM_HOME` of what the BAM imports and the crawls did, for
`medium report`: the database keeps each row's fate, but not the options an import was
given nor when a crawl ran and how fast. Written to a temporary name and renamed.

- `imports.json`: one record per BAM file (its latest import), the options that chose
  its rows (label strategy, thresholds, classes, sample size, split) and their counts;
- `crawls/<spider>.json`: the last crawl of each spider.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import datetime, timezone
from pathlib import Path

IMPORTS_FILE = "imports.json"
CRAWLS_DIR = "crawls"


def record_import(home: Path, bam_path: str | Path, options, summary) -> Path:
    """Add (or replace) the record of importing `bam_path` with `options` (an `ImportOptions`),
    which gave `summary` (an `ImportSummary`)."""
    bam_path = str(Path(bam_path).expanduser().absolute())
    record = {"file": bam_path, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "options": dataclasses.asdict(options), "summary": dataclasses.asdict(summary)}
    records = [kept for kept in read_imports(home) if kept.get("file") != bam_path] + [record]
    return _write(Path(home) / IMPORTS_FILE, records)


def read_imports(home: Path) -> list[dict]:
    """The import records, oldest first; none when nothing was imported (or the file is unreadable)."""
    records = _read(Path(home) / IMPORTS_FILE)
    return [record for record in records if isinstance(record, dict)] if isinstance(records, list) else []


def record_crawl(home: Path, spider: str, record: dict) -> Path:
    """Keep `record` as the last crawl of `spider` (a spider name: letters and underscores)."""
    return _write(Path(home) / CRAWLS_DIR / f"{spider}.json", record)


def read_crawls(home: Path) -> list[dict]:
    """The last crawl of each spider, by spider name."""
    records = [_read(path) for path in sorted((Path(home) / CRAWLS_DIR).glob("*.json"))]
    return [record for record in records if isinstance(record, dict)]


def _write(path: Path, values) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(values, indent=2) + "\n")
    os.replace(temporary, path)
    return path


def _read(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None
