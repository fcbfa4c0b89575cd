"""medium demo: the whole pipeline on the synthetic sample world, with the real commands.

Stages, one function each: build the world, serve it on loopback, import its BAM file,
crawl it with `scrapy crawl bam_images`, show the status and the data, train, evaluate
on the test split and on the shifted set (transfer). Everything lands in $MEDIUM_HOME.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

NAME = "demo"
HELP = "Run the whole pipeline on the synthetic sample world: build, serve, import, crawl, train, evaluate."
EXAMPLE = "MEDIUM_HOME=/tmp/medium medium demo"

IMAGES = 3500  # regular modules in the world: about 400 stored per medium after the import's filter
SHIFTED_IMAGES = 350
MIN_MARGIN = 1.5  # drops most of the sample world's label noise (as it would BAM's): ~2% remains
CRAWL_SETTINGS = {"DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "1", "LOGSTATS_INTERVAL": "5"}
EPOCHS = 20  # about 5 minutes on 2 cores; the best epoch was still late at 16
NOTICE = "synthetic sample world: these are not BAM results"


def add_arguments(parser) -> None:
    parser.add_argument("--images", type=int, default=IMAGES, help=f"size of the world (default {IMAGES})")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"most training epochs (default {EPOCHS})")


def run(args, config) -> int:
    from sampleworld import build_shifted_set, build_world, running_server

    started = time.monotonic()
    world_dir, shifted_dir = config.home / "sampleworld", config.home / "sampleworld-shifted"
    _stage(f"1. sample world: {args.images} artworks, faults included ({NOTICE})")
    world = build_world(world_dir, args.images, seed=0, faults=True)
    build_shifted_set(shifted_dir, SHIFTED_IMAGES, seed=1)
    _medium(config, "sample-world", "grid", str(world_dir), "--out", str(config.home / "plots" / "sampleworld.png"))

    _stage("2. import its BAM-schema file")
    _medium(config, "import-bam", str(world.bam_path), "--min-margin", str(MIN_MARGIN))

    with running_server(world_dir) as mirror:
        _stage(f"3. scrapy crawl bam_images from the loopback CDN at {mirror}")
        _crawl(config, mirror)
    _medium(config, "status")
    _medium(config, "samples", "--per-class", "8")

    _stage("4. train the two-headed CNN")
    run_id = f"demo-{time.strftime('%Y%m%d-%H%M%S')}"
    _medium(config, "train", "--run-id", run_id, "--epochs", str(args.epochs))

    _stage("5. evaluate on the held-out test split, then transfer to the shifted set")
    _medium(config, "evaluate", run_id)
    _medium(config, "evaluate", run_id, "--dataset", str(shifted_dir))

    minutes = (time.monotonic() - started) / 60
    print(f"\ndemo finished in {minutes:.1f} min ({NOTICE}). Look at:\n"
          f"  {config.home / 'plots'}  sample grids\n"
          f"  {config.runs_dir / run_id}  model.keras, history.csv, curves, evaluations/*/metrics.json")
    return 0


def _stage(title: str) -> None:
    print(f"\n== {title}", flush=True)


def _environment(config) -> dict:
    return {**os.environ, "MEDIUM_HOME": str(config.home), "MEDIUM_DB_URL": config.db_url,
            "SCRAPY_SETTINGS_MODULE": "crawler.settings"}


def _medium(config, *arguments: str) -> None:
    """Each stage is the command a user would type, so the demo shows them working."""
    _run(config, "medium", "classifier", *arguments)


def _crawl(config, mirror: str) -> None:
    arguments = ["crawl", "bam_images", "-s", f"BEHANCE_MIRROR={mirror.rstrip('/')}"]
    for name, value in CRAWL_SETTINGS.items():
        arguments += ["-s", f"{name}={value}"]
    _run(config, "scrapy", "scrapy", *arguments)


def _run(config, shown: str, module: str, *arguments: str) -> None:
    from storage.errors import UserError

    print(f"$ {shown} {' '.join(arguments)}", flush=True)
    # scrapy finds its settings through SCRAPY_SETTINGS_MODULE, wherever it runs
    # -P: never import from the working folder (the sample world folder is named like the package)
    done = subprocess.run([sys.executable, "-P", "-m", module, *arguments], env=_environment(config), cwd=config.home)
    if done.returncode:
        raise UserError(f"the demo stopped: `{shown} {arguments[0]}` exited with status {done.returncode}")
