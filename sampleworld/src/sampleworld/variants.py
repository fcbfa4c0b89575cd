"""Test pictures in the image formats a crawler must normalise to upright RGB.

Every variant shows one known picture: seen upright it is VARIANT_SIZE (width, height), its left
half one colour and its right half another (see `expected_variant_pixels`). Sample the middle of
each half: JPEG variants are only within `tolerance` per channel of the expected colours.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

VARIANT_SIZE = (96, 64)  # upright width, height: not square, so a missed rotation shows
RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)
DARK_GREY, LIGHT_GREY = 64, 192
EXIF_ORIENTATION = 0x0112
ROTATIONS = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}  # how the stored pixels are turned


@dataclass(frozen=True)
class ExpectedPicture:
    size: tuple[int, int]  # upright (width, height)
    left: tuple[int, int, int]  # RGB of the left half
    right: tuple[int, int, int]  # RGB of the right half
    tolerance: int  # per channel


EXPECTED = {
    "cmyk": ExpectedPicture(VARIANT_SIZE, RED, BLUE, 16),  # CMYK JPEG
    "palette": ExpectedPicture(VARIANT_SIZE, RED, BLUE, 0),  # mode P PNG
    "gray": ExpectedPicture(VARIANT_SIZE, (DARK_GREY,) * 3, (LIGHT_GREY,) * 3, 4),  # mode L JPEG
    # 16-bit PNG (mode I;16) holding grey * 257: scale to 8 bits; Pillow's plain convert() clips to white
    "gray16": ExpectedPicture(VARIANT_SIZE, (DARK_GREY,) * 3, (LIGHT_GREY,) * 3, 1),
    "rgba": ExpectedPicture(VARIANT_SIZE, RED, WHITE, 0),  # right half transparent black: flatten on white
    "exif_rotated": ExpectedPicture(VARIANT_SIZE, RED, BLUE, 16),  # stored turned, EXIF Orientation 6 or 8
}
VARIANT_KINDS = tuple(EXPECTED)


def expected_variant_pixels(kind: str) -> ExpectedPicture:
    """What a correct decoder shows for a variant, upright, in RGB, alpha flattened on white."""
    return EXPECTED[kind]


def variant_bytes(kind: str, orientation: int = 6) -> bytes:
    """The encoded file of a variant; `orientation` (6 or 8) only matters for exif_rotated."""
    buffer = io.BytesIO()
    if kind == "cmyk":
        _halves("CMYK", (0, 255, 255, 0), (255, 255, 0, 0)).save(buffer, "JPEG", quality=95)
    elif kind == "palette":
        _halves("RGB", RED, BLUE).convert("P", palette=Image.Palette.ADAPTIVE, colors=2).save(buffer, "PNG")
    elif kind == "gray":
        _halves("L", DARK_GREY, LIGHT_GREY).save(buffer, "JPEG", quality=95)
    elif kind == "gray16":
        width, height = VARIANT_SIZE
        pixels = np.full((height, width), LIGHT_GREY * 257, dtype=np.uint16)
        pixels[:, : width // 2] = DARK_GREY * 257
        Image.fromarray(pixels).save(buffer, "PNG")
    elif kind == "rgba":
        _halves("RGBA", (*RED, 255), (0, 0, 0, 0)).save(buffer, "PNG")
    elif kind == "exif_rotated":
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = orientation
        _halves("RGB", RED, BLUE).transpose(ROTATIONS[orientation]).save(
            buffer, "JPEG", quality=95, exif=exif.tobytes())
    else:
        raise ValueError(f"unknown variant {kind!r}; known: {', '.join(VARIANT_KINDS)}")
    return buffer.getvalue()


def _halves(mode: str, left, right) -> Image.Image:
    width, height = VARIANT_SIZE
    image = Image.new(mode, VARIANT_SIZE, right)
    image.paste(left, (0, 0, width // 2, height))
    return image
