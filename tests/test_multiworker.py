"""Two CPU workers on loopback train one run from TFRecord shards (`TF_CONFIG`): each reads its
own shards, and the chief's model is the run's and loads."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys

from classifier_fixtures import make_store

from medium.cli import main
from storage.db import open_database

TINY = ["--image-size", "32", "--width", "8", "--depth", "2", "--batch-size", "8", "--no-feature-model"]


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def test_two_workers_train_one_run_from_disjoint_shards(tmp_path):
    from classifier.runs import get_run, load_model

    config = make_store(tmp_path / "home", split_sizes={"train": 6, "val": 2, "test": 1})
    shards = tmp_path / "shards"
    assert main(["--home", str(config.home), "export", "--format", "tfrecord", "--out", str(shards),
                 "--shard-images", "10"]) == 0
    workers = [f"localhost:{port}" for port in free_ports(2)]
    command = [sys.executable, "-m", "medium", "--home", str(config.home), "train", *TINY, "--epochs", "1",
               "--data", str(shards), "--run-id", "two"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={
        **os.environ, "TF_CPP_MIN_LOG_LEVEL": "2",
        "TF_CONFIG": json.dumps({"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}})})
        for index in range(2)]
    outputs = [process.communicate(timeout=600) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], [err[-2000:] for _, err in outputs]

    read = [set(re.search(r"read \d+ training shards: (.*)", out)[1].split()) for out, _ in outputs]
    assert read[0] and read[1] and not read[0] & read[1]
    assert read[0] | read[1] == {path.name for path in shards.glob("train-*.tfrecord")}

    run = get_run(open_database(config.db_url, create=False), "two", "train")
    assert run.status == "finished" and run.metrics["workers"] == 2
    model = load_model(config, run)
    assert model.input_shape == (None, 32, 32, 3)
