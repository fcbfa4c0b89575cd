"""The sample world: synthetic artworks, a BAM-schema metadata file, a loopback CDN, and a
sample city whose public art is published in the formats of real portals (`sampleworld.city`).

It imitates the outside world the project crawls, so it imports nothing from the project.
Everything it makes is synthetic, and says so. The server is `sampleworld.server` (run it with
`python -m sampleworld.server DIR`, or from tests with `running_server`).
"""

from sampleworld.bamfile import write_bam_file
from sampleworld.city import City, build_city, load_city
from sampleworld.faults import FAULT_KINDS
from sampleworld.launcher import running_server
from sampleworld.modules import modules_truth
from sampleworld.render import render_artwork
from sampleworld.shifted import build_shifted_set
from sampleworld.style import DEFAULT, SHIFTED, Style
from sampleworld.variants import VARIANT_KINDS, ExpectedPicture, expected_variant_pixels
from sampleworld.vocabulary import MEDIA, MOODS
from sampleworld.world import World, build_world, examples_per_class, load_world

__all__ = [
    "DEFAULT", "FAULT_KINDS", "City", "build_city", "load_city", "MEDIA", "MOODS", "SHIFTED", "VARIANT_KINDS", "ExpectedPicture", "Style", "World",
    "build_shifted_set", "build_world", "examples_per_class", "expected_variant_pixels", "load_world",
    "modules_truth", "render_artwork", "running_server", "write_bam_file",
]
