"""How many CPUs this process may use: its affinity and a container's cgroup quota, not the
host's `os.cpu_count()`; also where `os.sched_getaffinity` does not exist (macOS, Windows).
joblib's count, as scikit-learn's; the crawler's image pool and the feature threads size by it."""

from __future__ import annotations

import joblib


def usable_cpus() -> int:
    return joblib.cpu_count()
