"""A real S3-protocol server for the tests and benchmarks: moto's standalone server in a
process of its own, on a given address, with authentication on (a wrong key is refused,
as AWS and MinIO refuse it). The ordinary s3fs/boto3 client reaches it through
`AWS_ENDPOINT_URL` and the access key it hands out.

Run as a script it prints one JSON line (`endpoint`, `key`, `secret`) once it answers,
and serves until its stdin closes: that line is the readiness signal, so nobody sleeps.
`S3Server` starts and stops it from a test or a benchmark.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SETUP_CALLS = 4  # the IAM calls below, made before authentication starts


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    key: str
    secret: str

    def environment(self) -> dict[str, str]:
        """What a client process needs: the endpoint and a key, as for AWS or MinIO."""
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": self.key,
                "AWS_SECRET_ACCESS_KEY": self.secret, "AWS_DEFAULT_REGION": "us-east-1"}

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.key,
                            aws_secret_access_key=self.secret, region_name="us-east-1")


@contextmanager
def running_s3_server(host: str = "127.0.0.1", *, wrap: list[str] | None = None):
    """Start the server (optionally under `wrap`, e.g. `ip netns exec NS`) and stop it after."""
    command = [*(wrap or []), sys.executable, str(Path(__file__).resolve()), host]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": str(SETUP_CALLS)})
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the S3 server did not start (exit {process.wait()})")
        yield S3Server(**json.loads(line))
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _serve(host: str) -> None:
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()  # returns once the socket listens
    endpoint = "http://{}:{}".format(*server.get_host_and_port())
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="setup", aws_secret_access_key="setup")
    iam.create_user(UserName="crawler")
    policy = iam.create_policy(PolicyName="s3-all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    iam.attach_user_policy(UserName="crawler", PolicyArn=policy["Policy"]["Arn"])
    key = iam.create_access_key(UserName="crawler")["AccessKey"]
    print(json.dumps({"endpoint": endpoint, "key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}), flush=True)
    sys.stdin.read()  # until the parent closes it (or dies)
    server.stop()


if __name__ == "__main__":
    _serve(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1")
