"""Alembic environment: migrations run on the connection the Store hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from warwatch.store import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


conn = context.config.attributes.get("connection")
if conn is not None:
    _run(conn)
else:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite:///warwatch.db")
    with engine.begin() as c:
        _run(c)
