"""One crawler into the local folder beside one crawler into an S3 server, same images, same run.

    python benchmarks/store.py [--images 2000] [--repeat 3]

The same sample world is served on loopback; `scrapy crawl bam_images` runs once into
`$HOME/images` (temp file, fsync, rename) and once into `s3://bucket/crawl` on moto's
standalone S3 server on loopback (one PUT per picture, through s3fs and `AWS_ENDPOINT_URL`),
taking turns, `--repeat` rounds with fresh homes and buckets; the median round counts.
Prints JSON: images/s of each (whole command, start-up included) and S3's fraction of local
(target: at least 0.8). moto is a Python server sharing the machine's cores, so the S3 figure
is a floor for a real MinIO or AWS. The images are synthetic (the sample world).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path

from measure import measure_command
from sqlalchemy import func, select

from sampleworld import build_world, running_server
from storage.bam_import import import_bam
from storage.config import resolve
from storage.db import open_database
from storage.models import Image, Status

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "tests"))  # the tests' S3 server, started the same way here
from s3server import running_s3_server

TARGET = 0.8


def crawl(world, home: Path, mirror: str, store: str | None, env: dict) -> dict:
    """One `scrapy crawl bam_images` of a freshly imported home; its wall time and stored count."""
    db_url = f"sqlite:///{home / 'medium.db'}"
    import_bam(world.bam_path, db_url, progress=False)
    command = [sys.executable, "-m", "scrapy", "crawl", "bam_images", "-s", f"BEHANCE_MIRROR={mirror}",
               "-s", "LOG_LEVEL=WARNING", "-s", "LOGSTATS_INTERVAL=0"]
    if store:
        command += ["-s", f"IMAGES_STORE={store}"]
    result = measure_command(command, env={**env, "MEDIUM_HOME": str(home)}, cwd=PROJECT_ROOT)
    with open_database(db_url).connect() as connection:
        stored = connection.execute(select(func.count()).where(Image.status == Status.DONE)).scalar_one()
    return {**result, "stored": stored, "images_per_s": round(stored / result["wall_s"], 1)}


def median(samples: list[dict]) -> dict:
    ordered = sorted(samples, key=lambda sample: sample["images_per_s"])
    return {**ordered[len(ordered) // 2], "images_per_s_rounds": [sample["images_per_s"] for sample in samples]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    world = build_world(resolve().home / "benchmarks" / f"crawl-world-{args.images}", args.images, seed=11)
    rounds: dict[str, list[dict]] = {"local_folder": [], "s3_moto_loopback": []}
    with running_server(world.directory) as mirror, running_s3_server() as s3:
        env = {**os.environ, **s3.environment()}
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as scratch_dir:
                scratch = Path(scratch_dir)
                bucket = f"bench-{uuid.uuid4().hex[:10]}"
                s3.client().create_bucket(Bucket=bucket)
                rounds["local_folder"].append(crawl(world, scratch / "local", mirror.rstrip("/"), None, env))
                rounds["s3_moto_loopback"].append(
                    crawl(world, scratch / "s3", mirror.rstrip("/"), f"s3://{bucket}/crawl", env))
    results = {name: median(samples) for name, samples in rounds.items()}
    ratio = results["s3_moto_loopback"]["images_per_s"] / results["local_folder"]["images_per_s"]
    print(json.dumps({
        "images": args.images,
        "cores": os.cpu_count(),
        **results,
        "s3_vs_local": round(ratio, 2),
        "target_s3_vs_local_at_least": TARGET,
        "note": "synthetic sample-world images; CDN, S3 server (moto, Python) and crawler share the machine's cores",
    }, indent=2))


if __name__ == "__main__":
    main()
