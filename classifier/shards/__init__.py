"""Shards: the stored images of the status database as a few large files instead of millions
of small ones, as every large image pipeline feeds its accelerators.

`medium export` writes TFRecord shards (what our training reads) or WebDataset tar shards
(img2dataset's layout, for the PyTorch world), per split, each beside a small stats record,
plus one Parquet manifest of every exported image. One module per job, as img2dataset's:
`layout` plans which rows go to which shard, `records` is the TFRecord format, `tar` the
WebDataset one, `export` writes what is missing and the manifest.
"""
