"""Decoding any picture a server sends into upright RGB, and storing resized copies."""

from __future__ import annotations

import io
import os
import socket
import time

import numpy as np
import pytest
from PIL import Image

from storage.atomic_files import remove_abandoned_writes, write_atomic
from storage.imaging import InvalidImage, load_rgb, store_image
from storage.processes import this_machine

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


def red_left_blue_right(width=64, height=48) -> Image.Image:
    pixels = np.zeros((height, width, 3), np.uint8)
    pixels[:, : width // 2] = RED
    pixels[:, width // 2:] = BLUE
    return Image.fromarray(pixels, "RGB")


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def assert_red_left_blue_right(image: Image.Image, tolerance=40):
    pixels = np.asarray(image, dtype=int)
    height, width, _ = pixels.shape
    assert image.mode == "RGB"
    assert np.abs(pixels[height // 2, width // 8] - RED).max() <= tolerance
    assert np.abs(pixels[height // 2, width - width // 8] - BLUE).max() <= tolerance


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_rgb_channel_order_is_kept(fmt):
    image, size = load_rgb(encode(red_left_blue_right(), fmt))
    assert size == (64, 48)
    assert_red_left_blue_right(image)


def test_cmyk_jpeg_becomes_rgb():
    image, _ = load_rgb(encode(red_left_blue_right().convert("CMYK"), "JPEG"))
    assert_red_left_blue_right(image)


def test_palette_png_becomes_rgb():
    image, _ = load_rgb(encode(red_left_blue_right().convert("P"), "PNG"))
    assert_red_left_blue_right(image, tolerance=0)


def test_16_bit_grayscale_is_scaled_not_clipped():
    pixels = np.full((10, 20), 32768, np.uint16)  # mid grey in 16 bits
    image, _ = load_rgb(encode(Image.fromarray(pixels), "PNG"))  # mode I;16
    assert np.asarray(image)[5, 5].tolist() == [127, 127, 127]


def test_alpha_is_flattened_on_white():
    pixels = np.asarray(red_left_blue_right().convert("RGBA")).copy()
    pixels[:, 32:, 3] = 0  # left half opaque red, right half transparent blue
    image, _ = load_rgb(encode(Image.fromarray(pixels, "RGBA"), "PNG"))
    assert np.asarray(image)[10, 5].tolist() == list(RED)
    assert np.asarray(image)[10, 60].tolist() == list(WHITE)


def test_exif_rotated_jpeg_is_stored_upright():
    upright = red_left_blue_right(64, 48)
    stored_sideways = upright.transpose(Image.Transpose.ROTATE_90)  # what the camera wrote
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to view"
    image, size = load_rgb(encode(stored_sideways, "JPEG", exif=exif.tobytes()))
    assert size == (64, 48) and image.size == (64, 48)
    assert_red_left_blue_right(image)


@pytest.mark.parametrize(("body", "reason"), [
    (b"", "empty body"),
    (b"<html><body>Not here</body></html>", "not an image"),
])
def test_unusable_bodies_are_invalid_with_a_reason(body, reason):
    with pytest.raises(InvalidImage, match=reason):
        load_rgb(body)


def test_truncated_jpeg_is_invalid():
    body = encode(Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8)), "JPEG")
    with pytest.raises(InvalidImage, match="truncated"):
        load_rgb(body[: len(body) // 2])


def test_decompression_bomb_is_refused_before_decoding():
    body = encode(Image.new("L", (3000, 3000)), "PNG")
    with pytest.raises(InvalidImage, match="decompression bomb: 3000x3000"):
        load_rgb(body, max_pixels=1_000_000)


def test_store_image_draft_decodes_and_resizes_to_the_longest_side(tmp_path):
    body = encode(red_left_blue_right(600, 800), "JPEG", quality=95)
    stored = store_image(body, tmp_path / "bam" / "ab" / "1.jpg", longest=256)
    assert (stored.width, stored.height) == (600, 800)
    assert (stored.stored_width, stored.stored_height) == (192, 256)
    written = Image.open(tmp_path / "bam" / "ab" / "1.jpg")
    assert written.size == (192, 256) and stored.bytes == (tmp_path / "bam" / "ab" / "1.jpg").stat().st_size
    assert_red_left_blue_right(written.convert("RGB"))


def test_small_images_are_not_enlarged(tmp_path):
    stored = store_image(encode(red_left_blue_right(100, 80), "PNG"), tmp_path / "x.jpg", longest=256)
    assert (stored.stored_width, stored.stored_height) == (100, 80)


def test_atomic_write_leaves_no_partial_file_and_abandoned_writes_are_removed(tmp_path):
    incoming = tmp_path / ".incoming"
    incoming.mkdir()
    write_atomic(tmp_path / "a" / "1.jpg", b"data", temp_dir=incoming)
    assert (tmp_path / "a" / "1.jpg").read_bytes() == b"data" and list(incoming.iterdir()) == []

    dead_pid = max(int(p) for p in os.listdir("/proc") if p.isdigit()) + 100_000
    abandoned = incoming / f"{this_machine()}~pid{dead_pid}~x1.part"
    live = incoming / f"{this_machine()}~pid{os.getpid()}~x2.part"
    same_host_name = incoming / f"{socket.gethostname()}~pid{dead_pid}~x3.part"  # another container's
    other_machine = incoming / f"0123456789ab~pid{dead_pid}~x4.part"
    for path in (abandoned, live, same_host_name, other_machine):
        path.write_bytes(b"half")
    day_old = time.time() - 2 * 24 * 3600
    os.utime(live, (day_old, day_old))  # a live writer's file stays, however old
    assert remove_abandoned_writes(incoming) == 1
    assert sorted(p.name for p in incoming.iterdir()) == sorted([live.name, same_host_name.name, other_machine.name])
    os.utime(other_machine, (day_old, day_old))  # another machine's, after a day: no write takes that long
    assert remove_abandoned_writes(incoming) == 1 and not other_machine.exists()


def gradient(low: float, high: float, dtype) -> np.ndarray:
    """A left-to-right ramp from `low` to `high`, 16 x 64 samples."""
    return np.tile(np.linspace(low, high, 64), (16, 1)).astype(dtype)


@pytest.mark.parametrize(("samples", "mode"), [
    (gradient(0.0, 1.0, np.float32), "F"),  # float TIFF in 0-1: Pillow's own conversion turns it black
    (gradient(-3.5, 1e6, np.float32), "F"),  # float TIFF of any range: mapped by its own minimum and maximum
    (gradient(0, 4_000_000, np.int32), "I"),  # 32-bit integers beyond 16 bits
])
def test_float_and_32_bit_tiffs_keep_their_range(samples, mode):
    body = encode(Image.fromarray(samples, mode), "TIFF")
    image, size = load_rgb(body)
    grey = np.asarray(image)[8, :, 0].astype(int)
    assert size == (64, 16) and image.mode == "RGB"
    assert grey[0] == 0 and grey[-1] == 255 and (np.diff(grey) >= 0).all()


def test_a_float_tiff_with_nan_is_invalid():
    samples = gradient(0.0, 1.0, np.float32)
    samples[3, 3] = np.nan
    with pytest.raises(InvalidImage, match="not finite"):
        load_rgb(encode(Image.fromarray(samples, "F"), "TIFF"))


@pytest.mark.parametrize("fmt", ["EPS", "PCX", "TGA", "ICO", "PPM"])
def test_only_an_image_hosts_formats_are_opened(fmt, tmp_path, monkeypatch):
    """EPS would start Ghostscript; a `gs` stub first on PATH proves it never is."""
    calls = tmp_path / "gs-calls"
    stub = tmp_path / "bin" / "gs"
    stub.parent.mkdir()
    stub.write_text(f"#!/bin/sh\necho \"$@\" >> {calls}\nexit 1\n")
    stub.chmod(0o755)
    monkeypatch.setenv("PATH", f"{stub.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("PIL.EpsImagePlugin.gs_binary", None, raising=False)  # as in a fresh worker: looked up anew
    body = encode(red_left_blue_right().convert("RGB"), fmt)
    with pytest.raises(InvalidImage, match="not an image of an accepted format"):
        load_rgb(body)
    assert not calls.exists()


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "BMP", "TIFF"])
def test_the_accepted_formats_open(fmt):
    assert_red_left_blue_right(load_rgb(encode(red_left_blue_right(), fmt))[0], tolerance=60)


def test_the_default_pixel_limit_fits_bam_not_a_bomb(tmp_path):
    """BAM's pictures are ~600 px wide; 30 MP (a 6000 x 5000 header) is more than any needs."""
    with pytest.raises(InvalidImage, match="decompression bomb: 6000x5000"):
        store_image(encode(Image.new("L", (6000, 5000)), "PNG"), tmp_path / "bomb.jpg")
    assert store_image(encode(Image.new("L", (600, 4000)), "PNG"), tmp_path / "tall.jpg").height == 4000
