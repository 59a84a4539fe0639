"""The store's tables (SQLAlchemy Core), as the latest migration leaves them.

The migrations in ``sectrack/store/migrations`` create and change these tables; a test checks that
a store made by running every migration has exactly these tables and columns.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

#: The Alembic revision this sectrack reads and writes; a store at another revision is refused.
HEAD = "0002"

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("letter", String(8), nullable=False),
    Column("title", Text, nullable=False),
)

versions = Table(
    "versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("label", String(32), nullable=False),
    Column("label_key", String(128), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", Integer, nullable=False),
    Column("package", LargeBinary, nullable=False),
    Column("model", LargeBinary, nullable=False),
    Column("model_format", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("doc_date", String(10), nullable=False),
    Column("source_name", Text, nullable=False),
    Column("clauses", Text, nullable=False),
    Column("terms", Text, nullable=False),
    Column("ingested_by", String(128), nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    UniqueConstraint("document_id", "label", name="uq_versions_document_label"),
)

releases = Table(
    "releases", metadata,
    Column("id", Integer, primary_key=True),
    Column("sec_version", String(32), nullable=False, unique=True),
    Column("sort_key", String(128), nullable=False, unique=True),
    Column("effective", Date, nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("refs", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("baseline", Boolean, nullable=False),
    Column("illustrative", Boolean, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("added_by", String(128), nullable=False),
    Column("added_at", DateTime, nullable=False),
    Column("published_at", DateTime, nullable=True),
)

release_changes = Table(
    "release_changes", metadata,
    Column("release_id", Integer, ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=True),
    Column("change", String(16), nullable=False),
    Column("position", Integer, nullable=False),
    Column("summary", Text, nullable=False),
)

comparisons = Table(
    "comparisons", metadata,
    Column("id", Integer, primary_key=True),
    Column("old_sha256", String(64), nullable=False),
    Column("new_sha256", String(64), nullable=False),
    Column("compare_version", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("changeset", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("old_sha256", "new_sha256", "compare_version", name="uq_comparisons_key"),
)

comparison_entries = Table(
    "comparison_entries", metadata,
    Column("comparison_id", Integer, ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("subject", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("old_ref", Text, nullable=False),
    Column("new_ref", Text, nullable=False),
    Column("old_head", Boolean, nullable=False),
    Column("new_head", Boolean, nullable=False),
    Column("renumbered", Boolean, nullable=False),
    Column("format_only", Boolean, nullable=False),
    Column("deleted_words", Text, nullable=False),
    Column("inserted_words", Text, nullable=False),
)
