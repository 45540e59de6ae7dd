"""incident text search and list indexes

Adds what the web API's incident list needs to answer in well under 200 ms at
100,000 incidents:

- on SQLite, `incidents_fts`, an FTS5 table with the trigram tokenizer over the
  searchable text of each incident (location, region, country, notes, actor
  names), its rowid the incident's rowid, kept in step by triggers. Trigrams
  match any substring of three characters or more, so the `q` and `actor`
  filters keep the meaning of a case-insensitive substring search; other
  databases keep the plain LIKE search.
- composite indexes that serve the country and region filters together with
  the list's orders (date, toll), with the id that breaks ties, so a page is
  read straight off an index instead of being sorted. The date indexes also
  carry the tolls, so the weekly timeline is summed from the index alone.

A later migration that rebuilds the incidents table (SQLite batch mode copies
it) drops these triggers and renumbers rowids: it must recreate them and run
`INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild')` after refilling.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The incident columns the search table copies, in its own column order.
_SOURCE = "location, admin1, country, notes, actor_names"
_COLUMNS = "location, admin1, country, notes, actors"

_FTS_DDL = (
    f"CREATE VIRTUAL TABLE incidents_fts USING fts5({_COLUMNS}, tokenize = 'trigram')",
    f"INSERT INTO incidents_fts (rowid, {_COLUMNS}) SELECT rowid, {_SOURCE} FROM incidents",
    f"""CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
        INSERT INTO incidents_fts (rowid, {_COLUMNS})
        VALUES (new.rowid, new.location, new.admin1, new.country, new.notes, new.actor_names);
    END""",
    """CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
        DELETE FROM incidents_fts WHERE rowid = old.rowid;
    END""",
    f"""CREATE TRIGGER incidents_fts_update AFTER UPDATE OF {_SOURCE} ON incidents BEGIN
        DELETE FROM incidents_fts WHERE rowid = old.rowid;
        INSERT INTO incidents_fts (rowid, {_COLUMNS})
        VALUES (new.rowid, new.location, new.admin1, new.country, new.notes, new.actor_names);
    END""",
)

#: The columns the timeline sums, appended to the date indexes so it never reads the table.
_TOLLS = ("fatalities_low", "fatalities_best", "fatalities_high")
#: (name, columns): the filter, then the list's sort column and the tie-breaking id.
_INDEXES = (
    ("ix_incidents_status_date_tolls", ("status", "event_date", "id", *_TOLLS)),
    ("ix_incidents_country_date", ("lower(country)", "status", "event_date", "id", *_TOLLS)),
    ("ix_incidents_country_fatalities", ("lower(country)", "status", "fatalities_low", "id")),
    ("ix_incidents_admin1_date", ("lower(admin1)", "status", "event_date", "id")),
)


def upgrade() -> None:
    for name, cols in _INDEXES:
        op.create_index(name, "incidents", [sa.text(c) if "(" in c else c for c in cols])
    # These indexes of 0002 are prefixes of the new ones.
    op.drop_index("ix_incidents_status_date", table_name="incidents")
    op.drop_index("ix_incidents_country_lower", table_name="incidents")
    op.drop_index("ix_incidents_admin1_lower", table_name="incidents")
    if op.get_bind().dialect.name == "sqlite":
        for statement in _FTS_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("incidents_fts_update", "incidents_fts_delete", "incidents_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS incidents_fts")
    op.create_index("ix_incidents_admin1_lower", "incidents", [sa.text("lower(admin1)")])
    op.create_index("ix_incidents_country_lower", "incidents", [sa.text("lower(country)"), "status", "event_date"])
    op.create_index("ix_incidents_status_date", "incidents", ["status", "event_date", "id"])
    for name, _cols in reversed(_INDEXES):
        op.drop_index(name, table_name="incidents")
