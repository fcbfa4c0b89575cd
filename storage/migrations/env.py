"""Alembic environment: migrations run on the connection `storage.db` hands over."""

from alembic import context

from storage.models import VERSION_TABLE, Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table copies to alter
)
with context.begin_transaction():
    context.run_migrations()
