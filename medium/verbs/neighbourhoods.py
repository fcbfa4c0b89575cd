"""medium neighbourhoods: predicted media per neighbourhood of a public-art source, with a
chi-square test of independence, a stacked bar chart and a map."""

from __future__ import annotations

from pathlib import Path

NAME = "neighbourhoods"
HELP = ("Compare a run's predicted media across the neighbourhoods of a crawled public-art source: table, "
        "chi-square test, bar chart, map; written to HOME/neighbourhoods/<source>/.")
EXAMPLE = "medium neighbourhoods first --source samplecity --areas data/samplecity/neighbourhoods.geojson"


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", help="a finished run whose predictions (medium predict) to use")
    parser.add_argument("--source", help="the artworks' source name (default: the only one stored)")
    parser.add_argument("--areas", type=Path,
                        help="GeoJSON of neighbourhood polygons (property `name`): re-assigns every artwork")


def run(args, config) -> int:
    import pandas as pd

    from analysis.neighbourhoods import analyse, output_folder
    from storage.labels import display_name

    summary = analyse(config, args.run_id, args.source, args.areas)
    out = output_folder(config, summary["source"])
    table = pd.read_csv(out / summary["files"]["table"])
    counts = table.pivot(index="neighbourhood", columns="medium", values="count").fillna(0).astype(int)
    print(f"{summary['predicted']:,} of {summary['artworks']:,} artworks of {summary['source']} have a prediction "
          f"of run {summary['run']}; predicted media per neighbourhood:")
    print(counts.rename(columns=display_name).to_string())
    print(summary["chi_square"]["sentence"])
    if summary["notice"]:
        print(summary["notice"])
    print(f"wrote {out}/: " + ", ".join(name for name in summary["files"].values() if name))
    return 0
