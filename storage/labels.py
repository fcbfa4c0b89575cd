"""The label vocabulary: the BAM attribute behind each class, its key in our tables and its name.

Keys are the BAM attribute without its prefix, so `media_oilpaint` is stored as `oilpaint`.
"""

from __future__ import annotations

MEDIA: dict[str, str] = {
    "3d_graphics": "3D Graphics",
    "comic": "Comic",
    "graphite": "Pencil Sketch",
    "oilpaint": "Oil Paint",
    "pen_ink": "Pen Ink",
    "vectorart": "Vector Art",
    "watercolor": "Water Color",
}

EMOTIONS: dict[str, str] = {
    "gloomy": "Gloomy",
    "happy": "Happy",
    "peaceful": "Peaceful",
    "scary": "Scary",
}

MEDIA_COLUMNS = tuple(f"media_{key}" for key in MEDIA)
EMOTION_COLUMNS = tuple(f"emotion_{key}" for key in EMOTIONS)


def display_name(key: str) -> str:
    """`Oil Paint` for `oilpaint`, the key itself when it is not a class key."""
    return MEDIA.get(key) or EMOTIONS.get(key, key)


def medium_key(name: str) -> str:
    """Accept a key (`oilpaint`), an attribute (`media_oilpaint`) or a display name (`Oil Paint`)."""
    return _lookup(name, MEDIA, "media_", "medium")


def emotion_key(name: str) -> str:
    return _lookup(name, EMOTIONS, "emotion_", "emotion")


def _lookup(name: str, vocabulary: dict[str, str], prefix: str, kind: str) -> str:
    wanted = name.strip().lower().removeprefix(prefix).replace("-", "_")
    for key, display in vocabulary.items():
        if wanted in (key, display.lower(), display.lower().replace(" ", "_")):
            return key
    raise KeyError(f"unknown {kind} {name!r}; known: {', '.join(vocabulary)}")
