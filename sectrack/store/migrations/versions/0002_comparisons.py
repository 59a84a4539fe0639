"""Cached comparisons between versions, with the compact entries that history reads."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of cached comparisons and their entries."""
    op.create_table(
        "comparisons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("old_sha256", sa.String(64), nullable=False),
        sa.Column("new_sha256", sa.String(64), nullable=False),
        sa.Column("compare_version", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("changeset", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("old_sha256", "new_sha256", "compare_version", name="uq_comparisons_key"),
    )
    op.create_table(
        "comparison_entries",
        sa.Column("comparison_id", sa.Integer, sa.ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("subject", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("old_ref", sa.Text, nullable=False),
        sa.Column("new_ref", sa.Text, nullable=False),
        sa.Column("old_head", sa.Boolean, nullable=False),
        sa.Column("new_head", sa.Boolean, nullable=False),
        sa.Column("renumbered", sa.Boolean, nullable=False),
        sa.Column("format_only", sa.Boolean, nullable=False),
        sa.Column("deleted_words", sa.Text, nullable=False),
        sa.Column("inserted_words", sa.Text, nullable=False),
    )
