"""processing claims, feeds, fetched pages and alert deliveries

- documents.claimed_by / claimed_at / attempts: a process claims a document
  (status `processing`) before extracting it, so two runs never analyse the
  same document at once, and a run killed mid-way leaves claims that the next
  run recognises as stale and takes over. `attempts` counts tries, for
  `warwatch status` and `warwatch retry`.
- feeds: every RSS/Atom feed `warwatch watch` polls, with its conditional-GET
  validators (ETag, Last-Modified) and the outcome of the last poll.
- pages: every article page fetched, keyed by URL, with the raw body kept for
  re-processing, the document it became, and the tries of a page that failed.
- alert_rules: each alert rule evaluated so far, with its watermark (the last
  audit id it has looked at) and when alerts were switched on for it.
- alert_deliveries: one row per (rule, audit event) the rule fired for, so an
  alert is sent once even when a run is killed and started again; `targets`
  holds the targets still owed it, `attempts` counts tries, and `error` says
  why the last one failed.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite supports it without copying the table.
    op.add_column("documents", sa.Column("claimed_by", sa.String(length=100), nullable=True))
    op.add_column("documents", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("documents", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "feeds",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_polled", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("entries", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("feed_id", sa.String(length=32), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("doc_id", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pages_doc_id", "pages", ["doc_id"], unique=False)
    op.create_table(
        "alert_rules",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("watermark", sa.Integer(), nullable=False),
        sa.Column("enabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule", "audit_id", name="uq_alert_deliveries_rule_audit"),
    )


def downgrade() -> None:
    op.drop_table("alert_deliveries")
    op.drop_table("alert_rules")
    op.drop_index("ix_pages_doc_id", table_name="pages")
    op.drop_table("pages")
    op.drop_table("feeds")
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("attempts")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claimed_by")
