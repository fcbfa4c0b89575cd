"""Import a BAM-schema file the size of the real 2.2M file; compare with a naive pandas load.

    python benchmarks/import_bam.py [--modules 2289817]

Prints JSON: wall seconds and peak RSS of `medium import-bam` (streaming, slim dtypes)
beside `pandas.read_sql('select * from modules')` + `select * from scores` on the same
file, each in a fresh process; then how fast `medium status --json` answers on the
imported database (benchmarks/status.py). The metadata file is synthetic (the sample
world's writer) and is kept under $MEDIUM_HOME/benchmarks for the next run, with the
imported database.
"""

from __future__ import annotations

import argparse
import json

from measure import run_measured
from status import measure as status_timings

from sampleworld.bamfile import write_bam_file
from storage.config import resolve

REAL_2_2M_MODULES = 2_289_817

OURS = """
from storage.bam_import import import_bam
summary = import_bam({bam!r}, {db!r}, progress=False)
print("imported", summary.imported, "rows", flush=True)
"""
NAIVE = """
import sqlite3, pandas as pd
connection = sqlite3.connect({bam!r})
modules = pd.read_sql("select * from modules", connection)
scores = pd.read_sql("select * from scores", connection)
print("loaded", len(modules), "modules and", len(scores), "scores", flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=REAL_2_2M_MODULES)
    args = parser.parse_args()
    folder = resolve().home / "benchmarks"
    folder.mkdir(parents=True, exist_ok=True)
    bam = folder / f"bam-{args.modules}.sqlite"
    if not bam.exists():
        write_bam_file(bam, args.modules, seed=0)

    database = folder / f"medium-{args.modules}.db"
    for stale in folder.glob(f"{database.name}*"):  # a fresh import each time
        stale.unlink()
    db_url = f"sqlite:///{database}"
    ours = run_measured(OURS.format(bam=str(bam), db=db_url))
    naive = run_measured(NAIVE.format(bam=str(bam)))
    print(json.dumps({
        "modules": args.modules,
        "bam_file_mb": round(bam.stat().st_size / 2**20, 1),
        "medium_import_bam": ours,
        "naive_pandas_load": naive,
        "rss_ratio_ours_to_naive": round(ours["peak_rss_mb"] / naive["peak_rss_mb"], 3),
        "targets": {"rss_ratio_at_most": 0.25, "import_wall_s_at_most": 90},
        "medium_status": status_timings(db_url),
        "note": "synthetic BAM-schema file (sample world), not the real BAM data",
    }, indent=2))


if __name__ == "__main__":
    main()
