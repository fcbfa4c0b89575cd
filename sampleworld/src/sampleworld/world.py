"""Build a sample world folder: a BAM-schema file, the artwork of every live module at its CDN
path, optional fault modules, and a manifest of the hidden truth.

Layout of `directory`:
    bam.sqlite        the metadata, as the real BAM file has it (`bamfile.py`)
    cdn/project_modules/disp/<name>.jpg|.png   what the CDN serves at /project_modules/disp/<name>
    manifest.csv      mid, project_id, src, path (relative, empty where no file), medium, mood, look
                      (the style it is drawn in, empty where nothing is drawn), fault
    faults.json       the fault modules and the server behaviour of their paths (with faults=True)
    world.json        the build's parameters, written last: a matching one means "already built"
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sampleworld.bamfile import write_bam_file
from sampleworld.builds import Progress, RenderJob, render_files, stamp_matches, write_stamp
from sampleworld.faults import ARTWORK_KINDS, PAYLOAD_KINDS, fault_modules, static_payload
from sampleworld.modules import modules_truth
from sampleworld.render import training_look
from sampleworld.vocabulary import CDN_PATH, MEDIA, MOODS

FORMAT = 4  # bump when the layout or the artworks change, so old worlds are rebuilt
NOTICE = "synthetic sample world: artworks and labels are generated, not real Behance data"
MANIFEST_COLUMNS = ["mid", "project_id", "src", "path", "medium", "mood", "look", "fault"]
OWNED = ("cdn", "bam.sqlite", "manifest.csv", "faults.json", "world.json")


@dataclass(frozen=True)
class World:
    directory: Path
    bam_path: Path
    manifest: pd.DataFrame = field(repr=False)
    faults: dict[str, list[int]]  # fault kind -> mids, empty without faults


def build_world(directory: str | Path, n_images: int, seed: int = 0, faults: bool = False,
                progress: Progress | None = None) -> World:
    """Build (or find already built) a world of `n_images` regular modules; `progress(done, total)`
    is called after each artwork rendered."""
    if n_images < 1:
        raise ValueError(f"a world needs at least one image, not {n_images}")
    directory = Path(directory)
    parameters = {"format": FORMAT, "n_images": n_images, "seed": seed, "faults": faults, "notice": NOTICE}
    if stamp_matches(directory / "world.json", parameters):
        return load_world(directory)
    _clear(directory)
    truth = modules_truth(n_images, seed)
    extra = fault_modules(seed) if faults else None
    write_bam_file(directory / "bam.sqlite", n_images, seed, extra_modules=extra)
    manifest = _regular_rows(truth)
    if extra is not None:
        manifest = pd.concat([manifest, _fault_rows(extra)], ignore_index=True)
        _write_fault_files(directory, extra)
    drawn = (manifest["path"] != "") & manifest["fault"].isin(("", *ARTWORK_KINDS))
    manifest["look"] = [training_look(row.medium, artwork_seed(seed, row.mid)) if is_drawn else ""
                        for row, is_drawn in zip(manifest.itertuples(), drawn)]
    jobs = [RenderJob(row.medium, row.mood, artwork_seed(seed, row.mid), directory / row.path)
            for row in manifest[drawn].itertuples()]
    render_files(jobs, progress)
    if extra is not None:
        _truncate(directory, extra)
        (directory / "faults.json").write_text(json.dumps(_fault_table(extra), indent=1) + "\n")
    manifest[MANIFEST_COLUMNS].to_csv(directory / "manifest.csv", index=False)
    write_stamp(directory / "world.json", parameters)
    return load_world(directory)


def artwork_seed(world_seed: int, mid: int) -> int:
    """The `render_artwork` seed of a module's image: re-render it to check a file."""
    return world_seed * 10 ** 10 + mid


def load_world(directory: str | Path) -> World:
    directory = Path(directory)
    if not (directory / "world.json").is_file():
        raise FileNotFoundError(f"{directory} is not a sample world (no world.json); build one first")
    manifest = pd.read_csv(directory / "manifest.csv", keep_default_na=False,
                           dtype={"path": str, "fault": str, "src": str, "look": str})
    faulty = manifest[manifest["fault"] != ""]
    return World(directory, directory / "bam.sqlite", manifest,
                 {kind: group["mid"].tolist() for kind, group in faulty.groupby("fault", sort=False)})


def examples_per_class(world_dir: str | Path, per_class: int, by: str = "medium") -> dict[str, list[Path]]:
    """Up to `per_class` image files of each medium (or mood), faults left out: the lowest mid
    of each look first, then the second of each, so a grid shows as many styles as it can.

    Works on a world and on a shifted set (which has labels.csv instead of a manifest)."""
    if by not in ("medium", "mood"):
        raise ValueError(f"by must be 'medium' or 'mood', not {by!r}")
    world_dir = Path(world_dir)
    if (world_dir / "labels.csv").is_file():
        rows = pd.read_csv(world_dir / "labels.csv", keep_default_na=False)
    else:
        rows = load_world(world_dir).manifest
        rows = rows[(rows["path"] != "") & (rows["fault"] == "")].sort_values("mid")
    if "look" in rows:
        rows = rows.assign(turn=rows.groupby(["medium", "look"]).cumcount()).sort_values("turn", kind="stable")
    classes = MEDIA if by == "medium" else MOODS
    return {key: [world_dir / p for p in rows.loc[rows[by] == key, "path"].head(per_class)] for key in classes}


def _clear(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in OWNED:
        target = directory / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def _url_path(src: str) -> str:
    """Where the loopback CDN serves a `src`: its Behance path without the host."""
    return CDN_PATH + src.rsplit("/", 1)[1]


def _file_of(src: str) -> str:
    """Where a world keeps the file behind a `src`, relative to the world folder."""
    return "cdn" + _url_path(src)


def _regular_rows(truth: pd.DataFrame) -> pd.DataFrame:
    rows = truth.copy()
    rows["path"] = [("" if dead else _file_of(src)) for src, dead in zip(rows["src"], rows["dead"])]
    rows["fault"] = ""
    return rows


def _fault_rows(extra: pd.DataFrame) -> pd.DataFrame:
    """Fault modules point at the file a client ends up with: the redirect target, or none at all."""
    rows = extra.copy()
    has_file = rows["fault"].isin(ARTWORK_KINDS + PAYLOAD_KINDS)
    landing = rows["target_src"].where(rows["fault"] == "redirect", rows["src"])
    rows["path"] = [(_file_of(src) if keep else "") for src, keep in zip(landing, has_file)]
    return rows


def _write_fault_files(directory: Path, extra: pd.DataFrame) -> None:
    folder = directory / _file_of(extra["src"].iloc[0]).rsplit("/", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)
    for row in extra[extra["fault"].isin(PAYLOAD_KINDS)].itertuples():
        (directory / _file_of(row.src)).write_bytes(static_payload(row.fault, row.copy))


def _truncate(directory: Path, extra: pd.DataFrame) -> None:
    """Cut each rendered `truncated` JPEG in half."""
    for src in extra.loc[extra["fault"] == "truncated", "src"]:
        image = directory / _file_of(src)
        image.write_bytes(image.read_bytes()[: image.stat().st_size // 2])


def _fault_table(extra: pd.DataFrame) -> dict:
    return {"notice": NOTICE, "faults": [
        {"kind": row.fault, "mid": int(row.mid), "path": _url_path(row.src),
         "target": _url_path(row.target_src) if row.target_src else None}
        for row in extra.itertuples()]}
