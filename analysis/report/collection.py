"""The Data and Crawl sections: what was imported (with the options that chose it), what the
crawl made of it, and the first public artworks with their predictions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from storage.labels import display_name
from analysis.report import database
from analysis.report.folder import ReportFolder
from classifier.samples import sample_grids
from storage.bam_options import SOURCE as BAM
from storage.config import Config
from storage.errors import UserError
from storage.image_store import ImageStore
from storage.records import read_crawls, read_imports
from storage.models import Split, Status
from storage.store import recorded_store

GRID_PER_CLASS = 6
TOP_REASONS = 8  # reasons of failure shown per source; the page counts the others
SPLITS = [split.value for split in Split]
NO_SPLIT = "no split"  # what status_counts calls rows without one


def data_section(config: Config, counts: dict, folder: ReportFolder) -> dict | None:
    """Imports with their label strategy and thresholds, BAM rows per class and split,
    and grids of stored images per class."""
    imports = read_imports(config.home)
    bam = counts.get(BAM)
    if not imports and not bam:
        return None
    columns = [*SPLITS, NO_SPLIT, Status.DONE.value]
    classes = [{"name": display_name(key), "counts": [row.get(column, 0) for column in columns]}
               for key, row in sorted((bam or {}).get("classes", {}).items())]
    return {"imports": [_import_row(record) for record in reversed(imports)], "columns": columns,
            "classes": classes, "grids": _grids(config, folder)}


def _import_row(record: dict) -> dict:
    options, summary = record.get("options", {}), record.get("summary", {})
    media = options.get("media") or []
    return {
        "file": Path(str(record.get("file", "?"))).name, "at": record.get("at"),
        "strategy": options.get("labels"), "min_score": options.get("min_score"),
        "min_margin": options.get("min_margin"), "per_class": options.get("per_class"),
        "media": ", ".join(display_name(key) for key in media) or "all seven",
        "fractions": " / ".join(f"{share:.0%}" for share in options.get("fractions") or []),
        "seed": options.get("seed"), "labelled": summary.get("labelled"), "imported": summary.get("imported"),
        "dead": summary.get("dead"),
        "per_class_counts": sorted((display_name(key), n) for key, n in (summary.get("per_class") or {}).items()),
    }


def _grids(config: Config, folder: ReportFolder) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        try:
            written = sample_grids(config, GRID_PER_CLASS, out_dir=Path(scratch))
        except UserError:  # nothing stored with a label yet
            return []
        return [folder.copy(path, path.stem) for path in written]


def crawl_section(config: Config, engine, counts: dict, run_id: str | None, folder: ReportFolder) -> dict | None:
    """Per source: images per status, bytes stored, top reasons of failure; the last crawl
    of each spider and its speed; then the first public artworks."""
    if not counts:
        return None
    statuses = [status.value for status in Status]
    stored, reasons = database.bytes_stored(engine), database.failure_reasons(engine)
    store = recorded_store(engine, config).images
    sources = [{"name": source, "counts": [row[status] for status in statuses], "total": row["total"],
                "bytes": stored.get(source, 0), **_top_reasons(reasons.get(source, []))}
               for source, row in sorted(counts.items())]
    return {"statuses": statuses, "sources": sources, "crawls": [_crawl(record) for record in read_crawls(config.home)],
            "artworks": database.artwork_count(engine),
            "examples": [_example(store, row, folder) for row in database.example_artworks(engine, run_id)]}


def _top_reasons(reasons: list[dict]) -> dict:
    """The most frequent reasons, and how many other reasons (and images) are not shown."""
    rest = reasons[TOP_REASONS:]
    return {"reasons": reasons[:TOP_REASONS], "other_reasons": len(rest), "other_images": sum(r["count"] for r in rest)}


def _crawl(record: dict) -> dict:
    images = record.get("images") or {}
    return {"spider": record.get("spider"), "started": record.get("started"), "finished": record.get("finished"),
            "seconds": record.get("seconds"), "reason": record.get("finish_reason"),
            "images": sum(images.values()), "per_status": list(images.items()),
            "per_second": record.get("images_per_second"), "bytes": record.get("response_bytes")}


def _example(store: ImageStore, row: dict, folder: ReportFolder) -> dict:
    """An artwork with its stored picture (read from the crawl's recorded store), if it is there."""
    picture = None
    if row["status"] == Status.DONE.value and row["path"]:
        try:
            picture = folder.write(store.read(row["path"]), "artwork", Path(row["path"]).suffix)
        except FileNotFoundError:
            pass
    predicted = f"{display_name(row['medium'])} ({row['medium_probability']:.0%})" if row["medium"] else None
    return {**row, "picture": picture, "predicted": predicted}
