"""The `medium` command: one small module per verb (`medium.verbs`), above every package it drives.

It may import `storage`, `crawler`, `classifier` and `analysis`; none of them imports it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("medium")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
