"""The BAM attribute names the sample world writes and the short keys it renders by.

Duplicated from the real dataset's schema on purpose: the world is "outside" the project
and must not import `storage`, yet both sides agree on these strings.
"""

from __future__ import annotations

MEDIA = ("3d_graphics", "comic", "graphite", "oilpaint", "pen_ink", "vectorart", "watercolor")
MOODS = ("gloomy", "happy", "peaceful", "scary")
CONTENTS = ("bicycle", "bird", "building", "cars", "cat", "dog", "flower", "people", "tree")

CONTENT_COLUMNS = tuple(f"content_{key}" for key in CONTENTS)
EMOTION_COLUMNS = tuple(f"emotion_{key}" for key in MOODS)
MEDIA_COLUMNS = tuple(f"media_{key}" for key in MEDIA)
SCORE_COLUMNS = CONTENT_COLUMNS + EMOTION_COLUMNS + MEDIA_COLUMNS

LIVE_PREFIX = "https://mir-s3-cdn-cf.behance.net/project_modules/disp/"
DEAD_PREFIX = "https://mir-cdn.behance.net/v1/rendition/project_modules/disp/"
CDN_PATH = "/project_modules/disp/"
