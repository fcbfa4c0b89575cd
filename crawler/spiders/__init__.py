"""Spiders: `bam_images` fetches the images of the status database."""
