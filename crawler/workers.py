"""The image workers' process pool, and how its workers outlive nobody.

Worker processes start from a forkserver (never fork a process that runs a reactor and
threads) with Pillow already imported, and never import Scrapy. A SIGKILLed crawler
cannot shut its pool down, so every worker watches the crawler and exits after it.
Workers ignore SIGINT: a Ctrl-C reaches the whole process group, and it is the crawler's
to handle (it stops cleanly and shuts the pool down), not theirs to die of mid-image.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from storage.cpus import usable_cpus  # noqa: F401 - the default pool size, for the pipeline
from storage.image_store import ImageStore
from storage.imaging import StoredImage, encode_image
from storage.processes import process_alive

WATCH_SECONDS = 1.0


def image_pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["storage.imaging", "storage.image_store", "crawler.workers"])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(),))
    for _ in range(workers):  # start them now, during the robots.txt fetch, not on the first image
        pool.submit(int)
    return pool


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool whose workers may hang: `shutdown` alone would wait for them for ever.
    (Python 3.14's `ProcessPoolExecutor.kill_workers()` does this; 3.11 has only the mapping.)"""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def store_picture(store: ImageStore, relative: str, body: bytes, **options) -> StoredImage:
    """In a worker: decode, resize, encode, and write to the store (atomically); raise `InvalidImage`."""
    data, stored = encode_image(body, **options)
    store.write(relative, data)
    return stored


def start_worker(crawler_pid: int) -> None:
    """Worker initializer: leave Ctrl-C to the crawler, and end with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with(crawler_pid)


def exit_with(crawler_pid: int) -> None:
    """End this worker when the crawler process is gone."""
    def watch() -> None:
        while process_alive(crawler_pid):
            time.sleep(WATCH_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="watch-crawler", daemon=True).start()
