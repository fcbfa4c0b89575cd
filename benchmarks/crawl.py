"""Our crawl beside img2dataset and Scrapy's stock ImagesPipeline, on one loopback sample world.

    python benchmarks/crawl.py [--images 2000]

Same URLs, same server, same stored size (longest side 256), taking turns in one run,
`--repeat` rounds (a fresh store each time); the median round counts. Prints JSON with
images/s of each (whole command, start-up included) and the ratios, plus the single-core
ceiling of our decode+resize+encode (no HTTP) and how close the crawl comes to
cores × that ceiling. img2dataset 1.47 is installed into its own virtualenv under
$MEDIUM_HOME/benchmarks the first time. The images are synthetic (the sample world).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from measure import measure_command

from sampleworld import build_world, running_server
from sqlalchemy import select

from storage.bam_import import import_bam
from storage.config import resolve
from storage.db import open_database
from storage.imaging import store_image
from storage.models import Image, Status

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LONGEST_SIDE = 256
CONCURRENCY = 64
IMG2DATASET = "img2dataset==1.47.0"

STOCK_SPIDER = '''
import scrapy

class StockImages(scrapy.Spider):
    """Scrapy's own ImagesPipeline with one thumbnail, as its documentation shows."""
    name = "stock_images"
    custom_settings = {{
        "ITEM_PIPELINES": {{"scrapy.pipelines.images.ImagesPipeline": 1}},
        "IMAGES_STORE": {store!r},
        "IMAGES_THUMBS": {{"small": ({side}, {side})}},
        "CONCURRENT_REQUESTS": {concurrency},
        "CONCURRENT_REQUESTS_PER_DOMAIN": {concurrency},
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
    }}

    async def start(self):
        for url in open({urls!r}).read().split():
            yield {{"image_urls": [url]}}
'''


def import_world(world, home: Path) -> list[str]:
    """Import the world as a user would (not timed); the URLs our crawl will fetch."""
    db_url = f"sqlite:///{home / 'medium.db'}"
    import_bam(world.bam_path, db_url, progress=False)
    with open_database(db_url).connect() as connection:
        return list(connection.execute(select(Image.url).where(Image.status == Status.PENDING)).scalars())


def ours(home: Path, mirror: str) -> dict:
    command = [sys.executable, "-m", "scrapy", "crawl", "bam_images", "-s", f"BEHANCE_MIRROR={mirror}",
               "-s", "LOG_LEVEL=WARNING", "-s", f"CONCURRENT_REQUESTS={CONCURRENCY}",
               "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}"]
    result = measure_command(command, env={"MEDIUM_HOME": str(home)}, cwd=PROJECT_ROOT)
    return {**result, "stored": _count_files(home / "images", ".jpg")}


def img2dataset(urls: Path, scratch: Path, venv: Path) -> dict:
    out = scratch / "img2dataset"
    command = [str(venv / "bin" / "img2dataset"), "--url_list", str(urls), "--input_format", "txt",
               "--output_folder", str(out), "--output_format", "files", "--image_size", str(LONGEST_SIDE),
               "--resize_mode", "keep_ratio_largest", "--resize_only_if_bigger", "True",
               "--encode_format", "jpg", "--encode_quality", "90", "--processes_count", str(os.cpu_count()),
               "--thread_count", str(CONCURRENCY), "--timeout", "30", "--retries", "0"]
    result = measure_command(command, env={"NO_ALBUMENTATIONS_UPDATE": "1"}, quiet=True)
    return {**result, "stored": _count_files(out, ".jpg")}


def stock_scrapy(urls: Path, scratch: Path) -> dict:
    store = scratch / "stock"
    spider = scratch / "stock_spider.py"
    spider.write_text(STOCK_SPIDER.format(store=str(store), side=LONGEST_SIDE, concurrency=CONCURRENCY, urls=str(urls)))
    result = measure_command([sys.executable, "-m", "scrapy", "runspider", str(spider)], cwd=scratch)
    return {**result, "stored": _count_files(store / "thumbs", ".jpg"), "full_size_copies": _count_files(store / "full", ".jpg")}


def single_core_ceiling(world, scratch: Path, n: int = 300) -> float:
    """Decode + resize + encode + write of the same files in one thread, no HTTP."""
    files = [world.directory / p for p in world.manifest["path"] if p][:n]
    bodies = [f.read_bytes() for f in files]
    started = time.perf_counter()
    for i, body in enumerate(bodies):
        store_image(body, scratch / "ceiling" / f"{i}.jpg", longest=LONGEST_SIDE)
    return len(bodies) / (time.perf_counter() - started)


def ensure_img2dataset(folder: Path) -> Path:
    venv = folder / "img2dataset-venv"
    if not (venv / "bin" / "img2dataset").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", IMG2DATASET], check=True)
    return venv


def _median_round(samples: list[dict]) -> dict:
    for sample in samples:
        sample["images_per_s"] = round(sample["stored"] / sample["wall_s"], 1)
    ordered = sorted(samples, key=lambda sample: sample["images_per_s"])
    return {**ordered[len(ordered) // 2], "images_per_s_rounds": [s["images_per_s"] for s in samples]}


def _count_files(folder: Path, suffix: str) -> int:
    return sum(1 for p in folder.rglob(f"*{suffix}") if p.is_file()) if folder.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = resolve().home / "benchmarks"
    world = build_world(folder / f"crawl-world-{args.images}", args.images, seed=11)
    venv = ensure_img2dataset(folder)
    rounds: dict[str, list[dict]] = {"ours_scrapy_bam_images": [], "img2dataset_1_47": [],
                                     "stock_scrapy_images_pipeline": []}
    with running_server(world.directory) as mirror:
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as scratch_dir:
                scratch = Path(scratch_dir)
                sources = import_world(world, scratch / "ours")
                urls = scratch / "urls.txt"  # the same URLs, pointed at the mirror as BEHANCE_MIRROR does
                urls.write_text("\n".join(mirror + urlsplit(source).path.lstrip("/") for source in sources))
                rounds["ours_scrapy_bam_images"].append(ours(scratch / "ours", mirror.rstrip("/")))
                rounds["img2dataset_1_47"].append(img2dataset(urls, scratch, venv))
                rounds["stock_scrapy_images_pipeline"].append(stock_scrapy(urls, scratch))
    with tempfile.TemporaryDirectory() as scratch_dir:
        ceiling = single_core_ceiling(world, Path(scratch_dir))
    results = {name: _median_round(samples) for name, samples in rounds.items()}
    rate = results["ours_scrapy_bam_images"]["images_per_s"]
    cores = os.cpu_count()
    print(json.dumps({
        "urls": len(sources),
        "cores": cores,
        **results,
        "ratios": {
            "ours_vs_img2dataset": round(rate / results["img2dataset_1_47"]["images_per_s"], 2),
            "ours_vs_stock_scrapy": round(rate / results["stock_scrapy_images_pipeline"]["images_per_s"], 2),
        },
        "single_core_ceiling_images_per_s": round(ceiling, 1),
        "ours_fraction_of_cores_x_ceiling": round(rate / (cores * ceiling), 2),
        "targets": {"ours_vs_img2dataset_at_least": 1.5, "ours_vs_stock_scrapy_at_least": 2.0},
        "note": "synthetic sample-world images on a loopback server sharing the machine's cores",
    }, indent=2))


if __name__ == "__main__":
    main()
