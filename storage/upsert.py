"""INSERT … ON CONFLICT DO UPDATE for the two engines we run on (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import JSON, Connection, Table, Text, cast, func, or_
from sqlalchemy.dialects import postgresql, sqlite

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def upsert(
    connection: Connection,
    table: Table,
    rows: Sequence[dict],
    *,
    conflict: Sequence[str] = ("source", "source_id"),
    update: Sequence[str] = (),
    keep_first: Sequence[str] = (),
) -> None:
    """Insert `rows`; where `conflict` matches an existing row, overwrite the `update`
    columns and fill the `keep_first` columns only if they are still NULL. A row whose
    values would not change is left alone, its `updated_at` too: a re-run touches nothing."""
    try:
        insert = _INSERTS[connection.dialect.name]
    except KeyError:
        raise NotImplementedError(f"upsert supports {', '.join(_INSERTS)}, not {connection.dialect.name}") from None
    statement = insert(table)
    timestamps = {column: func.current_timestamp() for column in ("created_at", "updated_at") if column in table.c}
    statement = statement.values(**timestamps)  # one clock read per statement, not per row
    changes = {column: statement.excluded[column] for column in update}
    changes |= {column: func.coalesce(table.c[column], statement.excluded[column]) for column in keep_first}
    differs = [_comparable(table.c[column]).is_distinct_from(_comparable(statement.excluded[column]))
               for column in update]
    differs += [table.c[column].is_(None) & statement.excluded[column].is_not(None) for column in keep_first]
    if not differs:  # nothing that could change: an existing row stays as it is
        connection.execute(statement.on_conflict_do_nothing(index_elements=list(conflict)), list(rows))
        return
    if "updated_at" in table.c:
        changes["updated_at"] = func.current_timestamp()
    statement = statement.on_conflict_do_update(index_elements=list(conflict), set_=changes, where=or_(*differs))
    connection.execute(statement, list(rows))


def _comparable(column):
    """A column as `IS DISTINCT FROM` can compare it: PostgreSQL has no `json = json`, so JSON
    values are compared as their text (the same value written the same way reads the same)."""
    return cast(column, Text) if isinstance(column.type, JSON) else column
