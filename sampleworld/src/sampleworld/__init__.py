"""The sample world: synthetic artworks, a BAM-schema metadata file, a loopback CDN, and a
sample city whose public art is published in the formats of real portals (`sampleworld.city`).

It imitates the outside world the project crawls, so it imports nothing from the project.
Everything it makes is synthetic, and says so. Training artworks come from six renderer
families, each written apart from the others (`sampleworld.media`, `sampleworld.atelier`,
`sampleworld.salon`, `sampleworld.gallery`, `sampleworld.studio`, `sampleworld.foundry`),
several looks per medium each; the held-out-style sets (`build_heldout_set`) from two more
that `build_world` never draws: `sampleworld.outsider`, which the recipe was chosen on, and
`sampleworld.wayfarer`, which nothing is ever chosen on. The server is
`sampleworld.server` (run it with `python -m sampleworld.server DIR`, or from tests with
`running_server`).
"""

from sampleworld.bamfile import write_bam_file
from sampleworld.city import City, build_city, load_city
from sampleworld.faults import FAULT_KINDS
from sampleworld.heldout import HELDOUT_FAMILIES, build_heldout_set
from sampleworld.launcher import running_server
from sampleworld.modules import modules_truth
from sampleworld.outsider import OUTSIDER_STYLES, render_outsider
from sampleworld.render import LOOKS, render_artwork, training_look
from sampleworld.shifted import build_shifted_set
from sampleworld.style import DEFAULT, SHIFTED, Style
from sampleworld.variants import VARIANT_KINDS, ExpectedPicture, expected_variant_pixels
from sampleworld.vocabulary import MEDIA, MOODS
from sampleworld.wayfarer import WAYFARER_STYLES, render_wayfarer
from sampleworld.world import World, build_world, examples_per_class, load_world

__all__ = [
    "DEFAULT", "FAULT_KINDS", "HELDOUT_FAMILIES", "LOOKS", "MEDIA", "MOODS", "OUTSIDER_STYLES", "SHIFTED",
    "VARIANT_KINDS", "WAYFARER_STYLES", "City", "ExpectedPicture", "Style", "World", "build_city", "build_heldout_set",
    "build_shifted_set", "build_world", "examples_per_class", "expected_variant_pixels", "load_city", "load_world",
    "modules_truth", "render_artwork", "render_outsider", "render_wayfarer", "running_server", "training_look",
    "write_bam_file",
]
