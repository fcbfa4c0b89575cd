"""medium sample-world: build, serve and show the synthetic world that stands in, offline, for the
BAM metadata file and the Behance CDN."""

from __future__ import annotations

import errno
import sys
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from storage.errors import UserError

NAME = "sample-world"
HELP = "Build, serve or show the synthetic sample world (generated artworks, a BAM-schema file, a loopback CDN)."
EXAMPLE = "medium sample-world build data/sampleworld --images 1500 --faults"
SYNTHETIC = "synthetic"
DEFAULT_FOLDERS = {"shifted": "sampleworld-shifted", "heldout": "sampleworld-heldout", "city": "samplecity"}
HELDOUT_FAMILY_NAMES = ("outsider", "wayfarer")  # as sampleworld.HELDOUT_FAMILIES, without importing the world
MAX_PORT = 65535


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="write a world: bam.sqlite, artworks at CDN paths, manifest.csv")
    build.add_argument("directory", nargs="?", type=Path, help="default: HOME/sampleworld")
    build.add_argument("--images", type=int, required=True, help="number of regular modules")
    build.add_argument("--seed", type=int, default=0)
    build.add_argument("--faults", action="store_true", help="add modules whose URLs misbehave (404, 503, ...)")
    shifted = actions.add_parser("shifted",
                                 help="write the shifted-style set, one folder per medium, for transfer tests")
    shifted.add_argument("directory", nargs="?", type=Path, help="default: HOME/sampleworld-shifted")
    shifted.add_argument("--images", type=int, required=True)
    shifted.add_argument("--seed", type=int, default=1)
    heldout = actions.add_parser("heldout", help="write the held-out-style set (a renderer family training never sees), "
                                                 "one folder per medium, for honest transfer tests")
    heldout.add_argument("directory", nargs="?", type=Path,
                         help="default: HOME/sampleworld-heldout (the outsider family), HOME/sampleworld-heldout-FAMILY")
    heldout.add_argument("--images", type=int, required=True)
    heldout.add_argument("--seed", type=int, default=2)
    heldout.add_argument("--family", choices=HELDOUT_FAMILY_NAMES, default=HELDOUT_FAMILY_NAMES[0],
                         help="outsider: the family the recipe was chosen on; wayfarer: one nothing is chosen on")
    city = actions.add_parser("city", help="write the sample city: public art in four formats, neighbourhoods, murals")
    city.add_argument("directory", nargs="?", type=Path, help="default: HOME/samplecity")
    city.add_argument("--seed", type=int, default=0)
    serve = actions.add_parser("serve", help="serve a world's images at their Behance CDN paths on loopback, "
                                             "and/or a sample city's public-art site under /city/")
    serve.add_argument("directory", nargs="?", type=Path, help="a world or a city (default: HOME/sampleworld)")
    serve.add_argument("--city", type=Path, help="also serve this sample city (under /city/)")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    serve.add_argument("--slow-seconds", type=float, default=5.0, help="delay of the 'slow' fault (default 5)")
    serve.add_argument("--log", type=Path, help="append 'METHOD PATH STATUS' per request to this file")
    grid = actions.add_parser("grid", help="draw a picture of example artworks per class")
    grid.add_argument("directory", nargs="?", type=Path, help="a world or a shifted set (default: HOME/sampleworld)")
    grid.add_argument("--per-class", type=int, default=6)
    grid.add_argument("--by", choices=("medium", "mood"), default="medium")
    grid.add_argument("--out", type=Path, help="PNG to write (default: DIRECTORY/examples-by-<by>.png)")


def run(args, config) -> int:
    if args.action == "heldout":
        default = heldout_folder(config.home, args.family)
    else:
        default = config.home / DEFAULT_FOLDERS.get(args.action, "sampleworld")
    directory = (args.directory or default).expanduser().absolute()
    actions = {"build": _build, "shifted": _labelled_set, "heldout": _labelled_set, "city": _city, "serve": _serve,
               "grid": _grid}
    return actions[args.action](args, directory)


def heldout_folder(home: Path, family: str) -> Path:
    """Where a held-out family's set goes unless told: HOME/sampleworld-heldout for the first
    family (as before there was a second), HOME/sampleworld-heldout-FAMILY for the others."""
    folder = home / DEFAULT_FOLDERS["heldout"]
    return folder if family == HELDOUT_FAMILY_NAMES[0] else folder.with_name(f"{folder.name}-{family}")


def _build(args, directory: Path) -> int:
    from sampleworld import build_world

    _require_positive("--images", args.images)
    _require_folder(directory)
    with progress("rendering synthetic artworks") as advance:
        world = build_world(directory, args.images, seed=args.seed, faults=args.faults, progress=advance)
    n_faults = sum(len(mids) for mids in world.faults.values())
    print(f"{SYNTHETIC} sample world at {directory}: {args.images:,} modules"
          + (f" + {n_faults} fault modules" if n_faults else "") + f", {_size(directory)} in all")
    print(f"  {world.bam_path.name}  {_size(world.bam_path)} (BAM schema, {SYNTHETIC} labels)")
    print(f"  cdn/  {_size(directory / 'cdn')} of {SYNTHETIC} artworks; manifest.csv holds their true labels")
    return 0


def _labelled_set(args, directory: Path) -> int:
    """The shifted set or the held-out-style set: a folder per medium and labels.csv."""
    import sampleworld

    if args.action == "heldout":
        builder = partial(sampleworld.build_heldout_set, family=args.family)
        what = (f"held-out-style set (the {args.family} family: an independent renderer's styles, "
                "never seen in training)")
    else:
        builder, what = sampleworld.build_shifted_set, "shifted-style set"
    _require_positive("--images", args.images)
    _require_folder(directory)
    with progress(f"rendering the {SYNTHETIC} {what}") as advance:
        labels = builder(directory, args.images, seed=args.seed, progress=advance)
    print(f"{SYNTHETIC} {what} at {directory}: {len(labels):,} images in one folder per medium, "
          f"labels.csv, {_size(directory)} in all")
    return 0


def _city(args, directory: Path) -> int:
    from sampleworld import build_city
    from sampleworld.city import URLS

    city = build_city(directory, seed=args.seed)
    located = city.catalogue["lat"].notna().sum()
    print(f"{SYNTHETIC} sample city at {directory}: {len(city.catalogue)} artworks ({located} geocoded), "
          f"{_size(directory)} in all")
    print(f"  neighbourhoods: {city.areas}; two large districts: {city.districts}")
    print("  serve it with `medium sample-world serve " + str(directory) + "`; it publishes at BASE/ + "
          + ", ".join(f"{path} ({name})" for name, path in URLS.items()))
    return 0


def _serve(args, directory: Path) -> int:
    from sampleworld.city import is_city
    from sampleworld.server import serve

    if not 0 <= args.port <= MAX_PORT:
        raise UserError(f"--port must be between 0 and {MAX_PORT} (0 picks a free one), not {args.port}")
    if args.city and not is_city(args.city):
        raise UserError(f"{args.city} is not a sample city (it has no city.json); build one with "
                        f"`medium sample-world city {args.city}`")
    if not is_city(directory):
        _require_world(directory)
    print(f"serving the {SYNTHETIC} sample world; Ctrl-C stops", file=sys.stderr)
    try:
        serve(directory, port=args.port, slow_seconds=args.slow_seconds, request_log=args.log, city=args.city)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UserError(f"port {args.port} is busy; choose another --port, or 0 for a free one") from None
        if error.errno == errno.EACCES:
            raise UserError(f"port {args.port} needs privileges this user lacks; choose one above 1023") from None
        raise
    return 0


def _grid(args, directory: Path) -> int:
    from classifier.plots import image_grid
    from sampleworld import examples_per_class
    from storage.labels import EMOTIONS, MEDIA

    _require_positive("--per-class", args.per_class)
    if not (directory / "labels.csv").is_file():
        _require_world(directory)
    names = MEDIA if args.by == "medium" else EMOTIONS
    rows = {names[key]: paths for key, paths in examples_per_class(directory, args.per_class, by=args.by).items()}
    out = args.out or directory / f"examples-by-{args.by}.png"
    written = image_grid(rows, f"Synthetic sample world: examples per {args.by}", out)
    print(f"wrote {written} ({_size(written)}), a grid of {SYNTHETIC} artworks")
    return 0


def _require_positive(flag: str, value: int) -> None:
    if value < 1:
        raise UserError(f"{flag} must be at least 1, not {value}")


def _require_folder(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise UserError(f"{directory} is a file, not a folder; give a folder to build in")


def _require_world(directory: Path) -> None:
    if not directory.is_dir():
        raise UserError(f"no sample world at {directory}; "
                        f"build one with `medium sample-world build {directory} --images N`")
    if not (directory / "world.json").is_file():
        raise UserError(f"{directory} is not a sample world (it has no world.json); build one there first")


@contextmanager
def progress(description: str):
    """The callback `(done, total)` that the builders call: a tqdm bar on a terminal; elsewhere
    (a log, a pipe, the demo's output) a line at every tenth, so a long build is never silent."""
    from tqdm import tqdm

    terminal = sys.stderr.isatty()
    with tqdm(desc=description, unit="img", file=sys.stderr, disable=not terminal) as bar:
        said = 0

        def advance(done: int, total: int) -> None:
            nonlocal said
            bar.total = total
            bar.update(done - bar.n)
            tenth = 10 * done // max(total, 1)
            if not terminal and (tenth > said or done == total) and said < 10:
                said = tenth
                print(f"{description}: {done:,} of {total:,} ({done / max(total, 1):.0%})", file=sys.stderr, flush=True)

        yield advance


def _size(path: Path) -> str:
    total = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    for unit in ("B", "kB", "MB"):
        if total < 1000:
            return f"{total:.0f} {unit}" if unit == "B" else f"{total:.1f} {unit}"
        total /= 1000
    return f"{total:.1f} GB"
