"""The image store at a URL: a crawl into a real S3-protocol server (moto's, on loopback,
with authentication on), every reader on what it wrote, and bad stores refused before
any claim. Also the local store's own promises: fsync before the rename, group-readable."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import uuid
from pathlib import Path

import pytest
from crawling import image_rows, run_crawl
from PIL import Image
from s3server import running_s3_server
from sqlalchemy import select

from sampleworld import build_city, build_world, running_server
from sampleworld.city import URLS
from storage.atomic_files import write_atomic
from storage.db import open_database
from storage.errors import UserError
from storage.image_store import LocalStore, ObjectStore, open_store
from storage.models import Setting

STORE_ERROR = "scrapy crawl bam_images: "


@pytest.fixture(scope="session")
def s3_server():
    with running_s3_server() as server:
        yield server


@pytest.fixture
def s3(s3_server, monkeypatch):
    """The server's endpoint and key in this process's environment (as a user would export
    them), and a fresh bucket."""
    for name, value in s3_server.environment().items():
        monkeypatch.setenv(name, value)
    bucket = f"medium-{uuid.uuid4().hex[:10]}"
    s3_server.client().create_bucket(Bucket=bucket)
    return s3_server, bucket


def keys(server, bucket: str) -> set[str]:
    pages = server.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


# the local store


def test_a_local_write_is_fsynced_before_its_rename_and_readable_by_the_group(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: events.append("rename") or real_replace(a, b))
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a" / "b.jpg", b"data", temp_dir=tmp_path)
    finally:
        os.umask(old)
    assert events[:2] == ["fsync", "rename"]
    mode = stat.S_IMODE((tmp_path / "a" / "b.jpg").stat().st_mode)
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH and not mode & stat.S_IWOTH
    assert not list(tmp_path.glob("*.part"))


def test_open_store_knows_folders_file_urls_and_object_stores(tmp_path):
    assert isinstance(open_store(tmp_path), LocalStore)
    assert open_store(f"file://{tmp_path}/x").address("bam/a.jpg") == str(tmp_path / "x" / "bam" / "a.jpg")
    store = open_store("s3://bucket/prefix/")
    assert isinstance(store, ObjectStore) and store.address("bam/a.jpg") == "s3://bucket/prefix/bam/a.jpg"
    for bad, words in [("nosuchscheme://b/p", "unknown scheme"), ("s3://key:secret@bucket/p", "carries credentials"),
                       ("s3:///prefix", "names no bucket")]:
        with pytest.raises(UserError, match=words) as refused:
            open_store(bad)
        assert "secret" not in str(refused.value)


def test_any_fsspec_url_is_a_store_written_whole_and_read_back():
    store = open_store(f"memory://medium-{uuid.uuid4().hex[:8]}/crawl")
    store.prepare_for_writing()
    store.write("bam/ab/1.jpg", b"picture")
    assert store.read("bam/ab/1.jpg") == b"picture" and store.exists("bam/ab/1.jpg")
    assert not store.exists("bam/ab/2.jpg") and not store.exists(".medium-write-check")
    with pytest.raises(FileNotFoundError):
        store.read("bam/ab/2.jpg")


def test_a_url_whose_backend_is_not_installed_names_the_package(monkeypatch):
    import fsspec

    def missing(protocol):
        raise ImportError(f"Install gcsfs to access {protocol}")

    monkeypatch.setattr(fsspec, "get_filesystem_class", missing)
    with pytest.raises(UserError, match="needs the package gcsfs installed"):
        open_store("gs://bucket/crawl")


# an object store


@pytest.mark.slow
@pytest.mark.timeout(900)  # two crawls, then a tiny train, evaluate, explain, predict and report
def test_a_crawl_into_s3_stores_every_picture_whole_and_every_reader_reads_it(s3, tmp_path_factory, tmp_path):
    """Both spiders crawl into `s3://bucket/prefix`; then train, evaluate, explain, predict,
    samples and report run on what the database recorded (no local image folder exists)."""
    from medium.cli import main

    server, bucket = s3
    store = f"s3://{bucket}/crawl"
    home = tmp_path / "home"
    world = build_world(tmp_path_factory.mktemp("s3world") / "world", 140, seed=3)
    city = build_city(tmp_path_factory.mktemp("s3city") / "city", seed=0)
    with running_server(world.directory, city=city.directory) as base:
        crawled = run_crawl(home, base, f"bam={world.bam_path}", settings={"IMAGES_STORE": store, "LOG_LEVEL": "DEBUG"})
        assert crawled.returncode == 0, crawled.stdout + crawled.stderr
        assert server.key not in crawled.stdout + crawled.stderr  # no signed request in the log, even at DEBUG
        assert server.secret not in crawled.stdout + crawled.stderr
        art = _crawl_public_art(home, base, store)
        assert art.returncode == 0, art.stdout + art.stderr
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    done = rows[rows["status"] == "done"]
    assert len(done[done["source"] == "bam"]) >= 100 and (done["source"] == "public_art").any()
    assert keys(server, bucket) == {f"crawl/{path}" for path in done["path"]}  # no .part, no probe, nothing else
    for row in done.itertuples():
        body = server.client().get_object(Bucket=bucket, Key=f"crawl/{row.path}")["Body"].read()
        with Image.open(io.BytesIO(body)) as picture:
            picture.load()
            assert picture.size == (row.stored_width, row.stored_height) and len(body) == row.bytes
    with open_database(f"sqlite:///{home / 'medium.db'}").connect() as connection:
        assert dict(connection.execute(select(Setting.key, Setting.value)).all())["images_store"] == store
    assert not (home / "images").exists()

    tiny = ["--image-size", "32", "--width", "8", "--depth", "2", "--batch-size", "8", "--epochs", "12"]
    assert main(["--home", str(home), "train", *tiny, "--run-id", "s3"]) == 0
    assert main(["--home", str(home), "evaluate", "s3", "--json"]) == 0
    assert main(["--home", str(home), "explain", "s3", "--images", "50"]) == 0
    explained = json.loads((home / "runs" / "s3" / "explain" / "metrics.json").read_text())
    assert explained["images"] > 50 and explained["files"]["pixel_maps"]  # pictures read from the bucket
    assert main(["--home", str(home), "predict", "s3", "--source", "public_art"]) == 0
    assert main(["--home", str(home), "samples", "--per-class", "1"]) == 0
    assert main(["--home", str(home), "report", "s3"]) == 0
    page = (home / "report" / "index.html").read_text()
    assert 'class="thumb" src="img/artwork' in page  # the artworks' pictures, read from the bucket
    assert not (home / "images").exists()


def _crawl_public_art(home: Path, base: str, store: str):
    import subprocess

    from crawling import PROJECT_ROOT, crawl_env

    command = [sys.executable, "-m", "scrapy", "crawl", "public_art", "-a", "format=geojson",
               "-a", f"url={base}{URLS['geojson']}", "-s", f"IMAGES_STORE={store}", "-s", "LOGSTATS_INTERVAL=0",
               "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=1"]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=crawl_env(home), capture_output=True, text=True, timeout=240,
                          check=False)


def test_the_endpoint_may_come_from_the_aws_config_file_instead_of_the_environment(s3, tmp_path, monkeypatch):
    """Where a user prefers a file to a variable: `endpoint_url` in the profile, as boto3 reads it."""
    import s3fs

    from storage import image_store

    server, bucket = s3
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    config = tmp_path / "aws-config"
    config.write_text(f"[default]\nendpoint_url = {server.endpoint}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    image_store._filesystem.cache_clear()  # clients made under the earlier environment
    s3fs.S3FileSystem.clear_instance_cache()
    try:
        store = open_store(f"s3://{bucket}/crawl")
        store.prepare_for_writing()
        store.write("bam/ab/1.jpg", b"picture")
        assert keys(server, bucket) == {"crawl/bam/ab/1.jpg"}
    finally:
        image_store._filesystem.cache_clear()
        s3fs.S3FileSystem.clear_instance_cache()


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("s3bad") / "world", 6, seed=5)


@pytest.mark.slow
@pytest.mark.parametrize("case", ["no such bucket", "wrong secret", "unknown key", "unreachable endpoint",
                                  "unknown scheme"])
def test_a_store_that_cannot_be_written_is_one_sentence_and_exit_2_before_any_claim(case, s3, small_world, tmp_path,
                                                                                    monkeypatch):
    server, bucket = s3
    store = {"no such bucket": f"s3://{bucket}-missing/crawl", "unknown scheme": "nosuchscheme://bucket/crawl"}.get(
        case, f"s3://{bucket}/crawl")
    if case == "wrong secret":
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    elif case == "unknown key":
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIANOTAKEY")
    elif case == "unreachable endpoint":
        monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens on discard
    from medium.cli import main

    home = tmp_path / "home"
    assert main(["--home", str(home), "import-bam", str(small_world.bam_path)]) == 0
    with running_server(small_world.directory) as mirror:
        result = run_crawl(home, mirror, settings={"IMAGES_STORE": store})
    assert result.returncode == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith(STORE_ERROR)]
    assert len(errors) == 1 and store in errors[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "not-the-secret" not in result.stdout + result.stderr
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    assert set(rows["status"]) == {"pending"} and rows["claimed_by"].isna().all()  # nothing claimed
    with open_database(f"sqlite:///{home / 'medium.db'}").connect() as connection:
        assert "images_store" not in dict(connection.execute(select(Setting.key, Setting.value)).all())
    assert keys(server, bucket) == set()
