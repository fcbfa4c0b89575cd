"""medium demo: the whole pipeline on the synthetic sample world, with the real commands.

One small function per stage, each the command a user would type: build the world, import
its BAM file, `scrapy crawl bam_images`, train, evaluate (test split, then transfer sets),
explain, `scrapy crawl public_art` on the sample city, predict, neighbourhoods, report.
A second demo reuses what is done: the builders keep stamps, the crawl fetches only what
is pending, a finished run with the same parameters is kept (unless --retrain), and
evaluations and explanations already written are not redone.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from medium_demo.sample_world import HELDOUT_FAMILY_NAMES, heldout_folder

NAME = "demo"
HELP = ("Run the whole pipeline on the synthetic sample world, from building it to the HTML report; "
        "a second run reuses what is done.")
EXAMPLE = "MEDIUM_HOME=/tmp/medium medium demo"

IMAGES = 5000  # regular modules in the world: about 570 stored per medium after the import's filter
HELDOUT_IMAGES = 700  # 100 per medium in each held-out-style set
MIN_MARGIN = 1.5  # drops most of the sample world's label noise (as it would BAM's): ~2% remains
CRAWL_SETTINGS = {"DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "1", "LOGSTATS_INTERVAL": "5"}
EPOCHS = 30
# The demo trains with `medium train`'s defaults, which are the recipe chosen on the outsider
# held-out family (classifier/params.py, docs/benchmarks.md): one truth for both.
CITY_SOURCE = "samplecity"
NOTICE = "synthetic sample world: these are not BAM results"


def add_arguments(parser) -> None:
    parser.add_argument("--images", type=int, default=IMAGES, help=f"size of the world (default {IMAGES})")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"most training epochs (default {EPOCHS})")
    parser.add_argument("--retrain", action="store_true",
                        help="train a new run even if one with the same parameters has finished")


def run(args, config) -> int:
    from sampleworld import running_server
    from storage.errors import UserError

    if args.images < 1 or args.epochs < 1:
        raise UserError("--images and --epochs must be at least 1")
    demo = Demo(config, args)
    demo.stage("sample world", demo.build_world)
    demo.stage("BAM import", demo.import_bam)
    with running_server(demo.world_dir, city=demo.city_dir) as base:
        demo.base = base
        demo.stage("scrapy crawl bam_images", demo.crawl_images)
        demo.stage("train", demo.train)
        demo.stage("evaluate", demo.evaluate)
        demo.stage("explain", demo.explain)
        demo.stage("scrapy crawl public_art", demo.crawl_public_art)
        demo.stage("predict", demo.predict)
        demo.stage("neighbourhoods", demo.neighbourhoods)
    demo.stage("report", demo.report)
    demo.summary()
    return 0


class Demo:
    """The stages share the configuration, the world's address and the run id."""

    def __init__(self, config, args) -> None:
        self.config, self.args = config, args
        self.world_dir = config.home / "sampleworld"
        # held-out family -> its set: the recipe was chosen on the outsider; nothing is chosen on the wayfarer
        self.heldout_dirs = {family: heldout_folder(config.home, family) for family in HELDOUT_FAMILY_NAMES}
        self.city_dir = config.home / "samplecity"
        self.base = ""  # the loopback server's address, ending in "/"
        self.run_id: str | None = None
        self.report_path: Path | None = None
        self.timings: list[tuple[str, float]] = []
        self.started = time.monotonic()

    def stage(self, title: str, action) -> None:
        print(f"\n== {len(self.timings) + 1}. {title}", flush=True)
        started = time.monotonic()
        action()
        self.timings.append((title, time.monotonic() - started))

    def build_world(self) -> None:
        print(f"{self.args.images:,} artworks with faulty URLs, two held-out-style sets and a public-art city "
              f"({NOTICE})")
        from medium_demo.sample_world import progress
        from sampleworld import build_world

        with progress("rendering synthetic artworks") as advance:  # stamped: rebuilt only if changed
            build_world(self.world_dir, self.args.images, seed=0, faults=True, progress=advance)
        for family, folder in self.heldout_dirs.items():
            self.medium("sample-world", "heldout", str(folder), "--images", str(HELDOUT_IMAGES), "--family", family)
        self.medium("sample-world", "city", str(self.city_dir))

    def import_bam(self) -> None:
        self.medium("import-bam", str(self.world_dir / "bam.sqlite"), "--min-margin", str(MIN_MARGIN))

    def crawl_images(self) -> None:
        self.scrapy("bam_images", "-s", f"BEHANCE_MIRROR={self.base.rstrip('/')}")
        self.medium("status")

    def train(self) -> None:
        from classifier.params import TrainParams

        params = TrainParams(epochs=self.args.epochs).to_dict()
        key = json.dumps({"params": params, "images": self.args.images}, sort_keys=True)
        self.run_id = f"demo-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
        if self.args.retrain:
            self.run_id += time.strftime("-%Y%m%d-%H%M%S")
        status = self.run_status()
        if status == "finished":
            print(f"run {self.run_id} has finished with these parameters: reusing it (--retrain trains anew)")
        elif status:
            self.medium("train", "--resume", self.run_id)
        else:
            self.medium("train", "--run-id", self.run_id, "--epochs", str(self.args.epochs))

    def evaluate(self) -> None:
        if not self.done(Path("evaluations", "test", "metrics.json")):
            self.medium("evaluate", self.run_id)
        for folder in self.heldout_dirs.values():
            if not self.done(Path("evaluations", f"dataset-{folder.name}", "metrics.json")):
                self.medium("evaluate", self.run_id, "--dataset", str(folder))

    def explain(self) -> None:
        if not self.done(Path("explain", "metrics.json")):  # a short run may leave nothing to explain
            self.medium("explain", self.run_id, refusal_ok=True)

    def crawl_public_art(self) -> None:
        self.scrapy("public_art", "-a", f"source={CITY_SOURCE}", "-a", f"url={self.base}city/art/",
                    "-a", f"areas={self.city_dir / 'neighbourhoods.geojson'}")

    def predict(self) -> None:
        self.medium("predict", self.run_id, "--source", "public_art")

    def neighbourhoods(self) -> None:
        self.medium("neighbourhoods", self.run_id, "--source", CITY_SOURCE)

    def report(self) -> None:
        from analysis.report import write_report

        self.report_path = write_report(self.config, self.run_id)

    def summary(self) -> None:
        """The stages' timings, then the report's summary block, word for word, last."""
        from analysis.report.summary import run_summary, summary_lines
        from storage.db import open_database
        from storage.status import status_counts

        minutes = (time.monotonic() - self.started) / 60
        for title, seconds in self.timings:
            print(f"  {title:<26} {seconds:7.1f} s")
        print(f"\ndemo finished in {minutes:.1f} min. The report:\n{self.report_path}")
        counts = status_counts(open_database(self.config.db_url, create=False))
        print(f"\n== Summary ({NOTICE})")
        print("\n".join(summary_lines(run_summary(self.config, self.run_id, counts))))

    def done(self, relative: Path) -> bool:
        """Whether the run already has this output; says so when it does."""
        path = self.config.runs_dir / self.run_id / relative
        if path.is_file():
            print(f"kept: {path} (already written for this run)")
        return path.is_file()

    def run_status(self) -> str | None:
        from sqlalchemy.orm import Session

        from storage.db import open_database
        from storage.models import Run

        with Session(open_database(self.config.db_url)) as session:
            run = session.get(Run, self.run_id)
            return run.status if run else None

    def medium(self, *arguments: str, refusal_ok: bool = False) -> None:
        self._run("medium", "medium", *arguments, refusal_ok=refusal_ok)

    def scrapy(self, spider: str, *arguments: str) -> None:
        settings = [part for name, value in CRAWL_SETTINGS.items() for part in ("-s", f"{name}={value}")]
        self._run("scrapy", "scrapy", "crawl", spider, *arguments, *settings)

    def _run(self, shown: str, module: str, *arguments: str, refusal_ok: bool = False) -> None:
        """Run a command; stop the demo if it fails, unless it refused (exit 2, its reason
        printed) where `refusal_ok`, and then go on without its output."""
        from storage.errors import UserError

        print(f"$ {shown} {' '.join(arguments)}", flush=True)
        environment = {**os.environ, "MEDIUM_HOME": str(self.config.home), "MEDIUM_DB_URL": self.config.db_url,
                       "SCRAPY_SETTINGS_MODULE": "crawler.settings"}  # scrapy finds its settings wherever it runs
        # -P: never import from the working folder (the sample world folder is named like the package)
        done = subprocess.run([sys.executable, "-P", "-m", module, *arguments], env=environment, cwd=self.config.home)
        if done.returncode == 2 and refusal_ok:
            print(f"the demo goes on without `{shown} {arguments[0]}`")
        elif done.returncode:
            raise UserError(f"the demo stopped: `{shown} {arguments[0]}` exited with status {done.returncode}")
