"""Documents, their versions (package and model) and releases with the changes each brings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of documents, versions, releases and release changes."""
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("letter", sa.String(8), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("label_key", sa.String(128), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("package", sa.LargeBinary, nullable=False),
        sa.Column("model", sa.LargeBinary, nullable=False),
        sa.Column("model_format", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("doc_date", sa.String(10), nullable=False),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("clauses", sa.Text, nullable=False),
        sa.Column("terms", sa.Text, nullable=False),
        sa.Column("ingested_by", sa.String(128), nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("document_id", "label", name="uq_versions_document_label"),
    )
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sec_version", sa.String(32), nullable=False, unique=True),
        sa.Column("sort_key", sa.String(128), nullable=False, unique=True),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("refs", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("baseline", sa.Boolean, nullable=False),
        sa.Column("illustrative", sa.Boolean, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("added_by", sa.String(128), nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("published_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "release_changes",
        sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=True),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_index("ix_release_changes_document", "release_changes", ["document_id", "release_id"])
