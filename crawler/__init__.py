"""The Scrapy project: `scrapy crawl bam_images` fetches the pending images of the status database."""
