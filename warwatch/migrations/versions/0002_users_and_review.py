"""users, API tokens and analyst review

Adds the analysts who may change incidents (users, api_tokens with salted
hashes), the review state of an incident (review_status, locked: relink leaves
a locked incident alone), point columns copied from the place so map queries
filter by bounding box in SQL, and the indexes the web API's common queries use.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=128), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_api_tokens_user_id", ["user_id"], unique=False)

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("actor_names", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("review_status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false()))
        # The incident list's default order and its common filters.
        batch_op.create_index("ix_incidents_status_date", ["status", "event_date", "id"], unique=False)
        batch_op.create_index("ix_incidents_status_fatalities", ["status", "fatalities_low", "id"], unique=False)
        batch_op.create_index("ix_incidents_status_updated", ["status", "updated", "id"], unique=False)
        batch_op.create_index("ix_incidents_point", ["latitude", "longitude"], unique=False)
        batch_op.create_index("ix_incidents_grade", ["grade"], unique=False)
    # Country and region filters ignore case; these let them use an index all the same.
    op.create_index("ix_incidents_country_lower", "incidents", [sa.text("lower(country)"), "status", "event_date"])
    op.create_index("ix_incidents_admin1_lower", "incidents", [sa.text("lower(admin1)")])

    # Existing incidents get their point from the place they already hold.
    # Existing incidents get their point and actor names from the records they already hold.
    incidents = sa.table(
        "incidents", sa.column("id", sa.String), sa.column("place", sa.JSON), sa.column("latitude", sa.Float),
        sa.column("longitude", sa.Float), sa.column("actor1", sa.JSON), sa.column("actor2", sa.JSON),
        sa.column("assoc_actor_1", sa.JSON), sa.column("assoc_actor_2", sa.JSON), sa.column("actor_names", sa.Text),
    )
    conn = op.get_bind()
    cols = [incidents.c.id, incidents.c.place, incidents.c.actor1, incidents.c.actor2,
            incidents.c.assoc_actor_1, incidents.c.assoc_actor_2]
    for row in conn.execute(sa.select(*cols)).all():
        place = _json(row.place) or {}
        actors = [_json(row.actor1), _json(row.actor2), *(_json(row.assoc_actor_1) or []), *(_json(row.assoc_actor_2) or [])]
        conn.execute(
            incidents.update()
            .where(incidents.c.id == row.id)
            .values(
                latitude=place.get("lat"),
                longitude=place.get("lon"),
                actor_names=" | ".join(a["name"].casefold() for a in actors if a and a.get("name")),
            )
        )


def _json(v):
    return json.loads(v) if isinstance(v, str) else v


def downgrade() -> None:
    op.drop_index("ix_incidents_admin1_lower", table_name="incidents")
    op.drop_index("ix_incidents_country_lower", table_name="incidents")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_grade")
        batch_op.drop_index("ix_incidents_point")
        batch_op.drop_index("ix_incidents_status_updated")
        batch_op.drop_index("ix_incidents_status_fatalities")
        batch_op.drop_index("ix_incidents_status_date")
        batch_op.drop_column("locked")
        batch_op.drop_column("review_status")
        batch_op.drop_column("actor_names")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_api_tokens_user_id")
    op.drop_table("api_tokens")
    op.drop_table("users")
