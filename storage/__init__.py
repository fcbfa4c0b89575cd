"""The status database: models, engine and migrations, the BAM import, the splits.

Knows no Scrapy and no TensorFlow, so every other package can lean on it.
"""
