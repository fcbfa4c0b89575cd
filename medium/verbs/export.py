"""medium export: the stored images as TFRecord or WebDataset shards with a Parquet manifest."""

from __future__ import annotations

import argparse
import json
import re

NAME = "export"
HELP = ("Write the stored (done) images as shards per split, the stored bytes as they are, with a Parquet "
        "manifest (manifest.parquet): TFRecord for `medium train --data`, or WebDataset tar as img2dataset "
        "writes. Resumable and idempotent: run it again after a kill, or after a crawl, and only missing or "
        "changed shards are written.")
EXAMPLE = "medium export --format tfrecord --out shards/ --shard-images 5000"

_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}


def byte_size(text: str) -> int:
    """`250M`, `1G`, `500000`: bytes (decimal units)."""
    match = re.fullmatch(r"\s*(\d+)\s*([kmg]?)b?\s*", text.lower())
    if not match or int(match[1]) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 250M or 1G")
    return int(match[1]) * _UNITS[match[2]]


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def add_arguments(parser) -> None:
    from classifier.shards.export import DEFAULT_IMAGES

    parser.add_argument("--format", choices=("tfrecord", "webdataset"), required=True,
                        help="tfrecord: what `medium train --data` reads; webdataset: tar shards for PyTorch")
    parser.add_argument("--out", required=True, help="the folder or store URL (s3://bucket/prefix, file://...) to write the shards and "
                                                        "manifest.parquet into")
    parser.add_argument("--shard-images", type=positive, default=DEFAULT_IMAGES,
                        help=f"at most this many images a shard (default {DEFAULT_IMAGES:,})")
    parser.add_argument("--shard-bytes", type=byte_size, help="and at most about this many stored bytes, e.g. 250M")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def run(args, config) -> int:
    from classifier.shards.export import export

    summary = export(config, args.out, args.format, args.shard_images, args.shard_bytes)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{summary['images']:,} images in {summary['shards']} {args.format} shards "
              f"({summary['bytes'] / 1e6:,.1f} MB) in {summary['out']}: {summary['shards_written']} written, "
              f"{summary['shards'] - summary['shards_written']} already there"
              + (f", {summary['missing_files']} stored files missing" if summary["missing_files"] else "")
              + f" ({summary['seconds']} s)")
    return 0
