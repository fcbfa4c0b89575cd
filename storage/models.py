"""The status database's tables (SQLAlchemy 2 typed models).

`images` is the heart: one row per image to fetch, whatever its source, carrying its
labels, its fixed split and its fate. The crawl's only state lives here.
"""

from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Status(enum.StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    MISSING = "missing"  # 404/410 or a known dead link: never retried
    FAILED = "failed"  # retries exhausted: `retry_failed=1` tries again
    INVALID = "invalid"  # fetched, but not a usable image

    @classmethod
    def terminal(cls) -> tuple[Status, ...]:
        return (cls.DONE, cls.MISSING, cls.FAILED, cls.INVALID)


class Split(enum.StrEnum):
    TRAIN = "train"
    VAL = "val"
    TEST = "test"


DEFAULT_SPLIT_FRACTIONS = (0.70, 0.15, 0.15)  # train, val, test


# Our Alembic revision lives in a table of its own: Optuna, whose study shares this
# database, keeps its schema version in Alembic's default `alembic_version`.
VERSION_TABLE = "medium_schema_version"
SCHEMA_HEAD = "0004"  # the newest migration's revision; a test holds it to Alembic's head


class Base(DeclarativeBase):
    pass


class Image(Base):
    __tablename__ = "images"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_images_source_id"),
        Index("ix_images_claim", "source", "status", "id"),
        Index("ix_images_status_counts", "source", "medium", "split", "status"),  # covers `medium status`
        Index("ix_images_recent", "updated_at", "fetched_by"),  # covers `medium status`'s recent rates
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(64))
    project_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)  # after redirects, when it differs

    medium: Mapped[str | None] = mapped_column(String(16))
    medium_score: Mapped[float | None] = mapped_column(Float)
    medium_margin: Mapped[float | None] = mapped_column(Float)
    emotion: Mapped[str | None] = mapped_column(String(16))
    emotion_score: Mapped[float | None] = mapped_column(Float)
    emotion_margin: Mapped[float | None] = mapped_column(Float)
    label_source: Mapped[str | None] = mapped_column(String(16))
    split: Mapped[str | None] = mapped_column(String(8))

    status: Mapped[str] = mapped_column(String(16), default=Status.PENDING)
    http_status: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched_by: Mapped[str | None] = mapped_column(String(128))  # the claimant that recorded its fate

    path: Mapped[str | None] = mapped_column(Text)  # relative to the image store
    width: Mapped[int | None] = mapped_column(Integer)  # original size
    height: Mapped[int | None] = mapped_column(Integer)
    stored_width: Mapped[int | None] = mapped_column(Integer)
    stored_height: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int | None] = mapped_column(Integer)  # of the stored file
    sha1: Mapped[str | None] = mapped_column(String(40))  # of the downloaded body

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Artwork(Base):
    """A public-art record; its picture is an `images` row."""

    __tablename__ = "artworks"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_artworks_source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    artist: Mapped[str | None] = mapped_column(Text)
    medium_text: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    neighbourhood: Mapped[str | None] = mapped_column(Text)
    detail_url: Mapped[str | None] = mapped_column(Text)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Run(Base):
    """A training or tuning run; its files live in `$MEDIUM_HOME/runs/<id>/`."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # train | tune
    status: Mapped[str] = mapped_column(String(16))  # running | finished | failed
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
    model_path: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Setting(Base):
    """A setting that every reader must see as the writer chose it (e.g. where the image
    store is and its longest side: `storage/store.py`)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Prediction(Base):
    __tablename__ = "predictions"
    __table_args__ = (UniqueConstraint("image_id", "run_id", name="uq_predictions_image_run"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id"), index=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id"), index=True)
    medium: Mapped[str] = mapped_column(String(16))
    medium_probability: Mapped[float] = mapped_column(Float)
    emotion: Mapped[str] = mapped_column(String(16))
    emotion_probability: Mapped[float] = mapped_column(Float)
    probabilities: Mapped[dict] = mapped_column(JSON)  # {"medium": {key: p}, "emotion": {key: p}}
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
