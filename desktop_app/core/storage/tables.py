"""ORM mapping of the current schema (the DDL itself lives in ``migrations``).

The tables are created only by the migration steps, never by
``metadata.create_all``, so a fresh database and an upgraded one are built
the same way; a test checks this mapping against the migrated database.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ForeignKey, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UtcTimestamp(TypeDecorator[datetime]):
    """Aware UTC datetimes as fixed-width ISO 8601 text, so text order is time order."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else utc_from_text(value)


def utc_from_text(value: str) -> datetime:
    """A stored timestamp read back (one written without an offset is taken as UTC)."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(primary_key=True)
    path: Mapped[str | None]
    title: Mapped[str] = mapped_column(default="")
    size: Mapped[int | None]
    first_seen: Mapped[datetime] = mapped_column(UtcTimestamp)
    last_seen: Mapped[datetime] = mapped_column(UtcTimestamp)
    encoding: Mapped[str | None] = mapped_column(default=None)  # text formats: as read


class AnnotationRow(Base):
    __tablename__ = "annotations"

    id: Mapped[str] = mapped_column(primary_key=True)
    document_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    quote_exact: Mapped[str]
    quote_prefix: Mapped[str] = mapped_column(default="")
    quote_suffix: Mapped[str] = mapped_column(default="")
    pos_start: Mapped[int]
    pos_end: Mapped[int]
    page: Mapped[int | None]
    colour: Mapped[str] = mapped_column(default="yellow")
    note: Mapped[str] = mapped_column(default="")
    created: Mapped[datetime] = mapped_column(UtcTimestamp)
    modified: Mapped[datetime] = mapped_column(UtcTimestamp)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcTimestamp)
    version: Mapped[int] = mapped_column(default=1)  # schema v4: +1 on every write
    created_by: Mapped[str] = mapped_column(default="")  # schema v5 (``engine.stamp_authors``)
    changed_by: Mapped[str] = mapped_column(default="")  # schema v5

    tags: Mapped[list[AnnotationTagRow]] = relationship(
        order_by="AnnotationTagRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class AnnotationTagRow(Base):
    __tablename__ = "annotation_tags"

    annotation_id: Mapped[str] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class PairAnnotationRow(Base):
    __tablename__ = "pair_annotations"

    id: Mapped[str] = mapped_column(primary_key=True)
    left_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    left_exact: Mapped[str]
    left_prefix: Mapped[str] = mapped_column(default="")
    left_suffix: Mapped[str] = mapped_column(default="")
    left_start: Mapped[int]
    left_end: Mapped[int]
    left_page: Mapped[int | None]
    right_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    right_exact: Mapped[str]
    right_prefix: Mapped[str] = mapped_column(default="")
    right_suffix: Mapped[str] = mapped_column(default="")
    right_start: Mapped[int]
    right_end: Mapped[int]
    right_page: Mapped[int | None]
    relation: Mapped[str] = mapped_column(default="")
    note: Mapped[str] = mapped_column(default="")
    colour: Mapped[str] = mapped_column(default="yellow")
    created: Mapped[datetime] = mapped_column(UtcTimestamp)
    modified: Mapped[datetime] = mapped_column(UtcTimestamp)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcTimestamp)
    link_kind: Mapped[str | None]  # schema v3: LinkKind value of the link it was made on
    score: Mapped[float | None]  # schema v3
    version: Mapped[int] = mapped_column(default=1)  # schema v4: +1 on every write
    created_by: Mapped[str] = mapped_column(default="")  # schema v5
    changed_by: Mapped[str] = mapped_column(default="")  # schema v5

    tags: Mapped[list[PairAnnotationTagRow]] = relationship(
        order_by="PairAnnotationTagRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class PairAnnotationTagRow(Base):
    __tablename__ = "pair_annotation_tags"

    pair_id: Mapped[str] = mapped_column(
        ForeignKey("pair_annotations.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class ComparisonRow(Base):
    __tablename__ = "comparisons"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(default="")
    kinds: Mapped[str]  # space-separated LinkKind values
    min_score: Mapped[float] = mapped_column(default=0.0)
    # 0: decided from the texts (what every comparison before version 0.2 had), 1: in
    # order, 2: out of order (``convert.order_code``).
    ordered: Mapped[int] = mapped_column(default=0)
    # No longer read: related links are mutual best pairs (one partner each) since 0.2.
    max_partners: Mapped[int] = mapped_column(default=1)
    created: Mapped[datetime] = mapped_column(UtcTimestamp)
    modified: Mapped[datetime] = mapped_column(UtcTimestamp)
    opened: Mapped[datetime] = mapped_column(UtcTimestamp)
    version: Mapped[int] = mapped_column(default=1)  # schema v9: +1 on every saved change

    documents: Mapped[list[ComparisonDocumentRow]] = relationship(
        order_by="ComparisonDocumentRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    manual_links: Mapped[list[ManualLinkRow]] = relationship(
        order_by="ManualLinkRow.created",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    rejected_links: Mapped[list[RejectedLinkRow]] = relationship(
        order_by="RejectedLinkRow.created",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    confirmed_links: Mapped[list[ConfirmedLinkRow]] = relationship(
        order_by="ConfirmedLinkRow.created",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class ComparisonDocumentRow(Base):
    __tablename__ = "comparison_documents"

    comparison_id: Mapped[str] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    document_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    path: Mapped[str | None]
    display_name: Mapped[str] = mapped_column(default="")
    scroll: Mapped[float] = mapped_column(default=0.0)


class ManualLinkRow(Base):
    __tablename__ = "manual_links"

    id: Mapped[str] = mapped_column(primary_key=True)
    comparison_id: Mapped[str] = mapped_column(ForeignKey("comparisons.id", ondelete="CASCADE"))
    kind: Mapped[str]
    left_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    left_exact: Mapped[str]
    left_prefix: Mapped[str] = mapped_column(default="")
    left_suffix: Mapped[str] = mapped_column(default="")
    left_start: Mapped[int]
    left_end: Mapped[int]
    left_page: Mapped[int | None]
    right_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    right_exact: Mapped[str]
    right_prefix: Mapped[str] = mapped_column(default="")
    right_suffix: Mapped[str] = mapped_column(default="")
    right_start: Mapped[int]
    right_end: Mapped[int]
    right_page: Mapped[int | None]
    created: Mapped[datetime] = mapped_column(UtcTimestamp)


class RejectedLinkRow(Base):
    __tablename__ = "rejected_links"

    comparison_id: Mapped[str] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(primary_key=True)
    left_sha256: Mapped[str] = mapped_column(primary_key=True)
    left_start: Mapped[int] = mapped_column(primary_key=True)
    left_end: Mapped[int] = mapped_column(primary_key=True)
    right_sha256: Mapped[str] = mapped_column(primary_key=True)
    right_start: Mapped[int] = mapped_column(primary_key=True)
    right_end: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[datetime] = mapped_column(UtcTimestamp)
    # schema v3: the quoted text of each side (NULL for rejections made before)
    left_exact: Mapped[str | None]
    left_prefix: Mapped[str | None]
    left_suffix: Mapped[str | None]
    right_exact: Mapped[str | None]
    right_prefix: Mapped[str | None]
    right_suffix: Mapped[str | None]


class ConfirmedLinkRow(Base):
    """Schema v7: an automatic link the analyst confirmed (keyed like a rejection)."""

    __tablename__ = "confirmed_links"

    comparison_id: Mapped[str] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(primary_key=True)
    left_sha256: Mapped[str] = mapped_column(primary_key=True)
    left_start: Mapped[int] = mapped_column(primary_key=True)
    left_end: Mapped[int] = mapped_column(primary_key=True)
    right_sha256: Mapped[str] = mapped_column(primary_key=True)
    right_start: Mapped[int] = mapped_column(primary_key=True)
    right_end: Mapped[int] = mapped_column(primary_key=True)
    left_exact: Mapped[str]
    left_prefix: Mapped[str] = mapped_column(default="")
    left_suffix: Mapped[str] = mapped_column(default="")
    right_exact: Mapped[str]
    right_prefix: Mapped[str] = mapped_column(default="")
    right_suffix: Mapped[str] = mapped_column(default="")
    score: Mapped[float]
    created: Mapped[datetime] = mapped_column(UtcTimestamp)
    created_by: Mapped[str] = mapped_column(default="")


class ChangeLogRow(Base):
    """What one write changed, for the other windows on a file (``storage.change_log``)."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entity: Mapped[str]
    kind: Mapped[str]
    ids: Mapped[str] = mapped_column(default="[]")  # JSON list; [] means all of the kind
    who: Mapped[str] = mapped_column(default="")
    origin: Mapped[str] = mapped_column(default="")  # the writing database's token
