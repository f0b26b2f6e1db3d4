"""The database: engines, sessions and the schema's version (Alembic).

SQLite is the embedded default; PostgreSQL is production. Both run the same
code, and the tests run on both.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url
from sqlalchemy import text as sql_text
from sqlmodel import Session, SQLModel

import models

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported inside the functions that need it: it costs half a second
# at start-up, and most commands never touch migrations.

MIGRATIONS = Path(models.__file__).parent / "migrations"
log = logging.getLogger(__name__)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the settings each database needs to be safe under load.

    ``hide_parameters``: SQLAlchemy puts a failed statement's parameters in its error
    message (and so in a logged traceback), before the sealed columns encrypt them;
    with it, an error names the statement and never the words that went with it.
    """
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        path = sqlite_file(url)

        @event.listens_for(engine, "do_connect")
        def _private_file(*_args: Any) -> None:
            # Before SQLite opens it: a new database file is created 0600, not 0644.
            if path is not None:
                make_private(path)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # The driver must not start transactions behind SQLAlchemy's back: a unit of
            # work is one real transaction, savepoints included (see _begin below).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
            if path is not None:  # the -wal and -shm files WAL mode has just opened
                make_private(path)

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            # IMMEDIATE takes the write lock at the start: SQLite has one writer, and a
            # transaction that reads and then writes can otherwise fail half way.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


#: What SQLite keeps beside the database file, with the same data in it.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def sqlite_file(url: str) -> Path | None:
    """The database file of a ``sqlite:///`` URL; None in memory."""
    parsed = make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_private(path: Path) -> None:
    """The database file, and the -wal, -shm and -journal files SQLite keeps beside it,
    readable and writable by their owner only (0600).

    A missing database file is created empty with mode 0600, so SQLite opens it
    rather than making it with the umask's 0644; SQLite gives its -wal and -shm files
    the database file's mode when it creates them, and files left 0644 by an earlier
    version are put right here.
    """
    if not path.exists() and path.parent.is_dir():
        with contextlib.suppress(FileExistsError):  # another connection got there first
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for each in (path, *(path.with_name(path.name + tail) for tail in SQLITE_COMPANIONS)):
        try:
            if stat.S_IMODE(each.stat().st_mode) != 0o600:
                each.chmod(0o600)
        except FileNotFoundError:
            continue
        except OSError as exc:  # not ours to change: say so, and carry on
            log.warning("could not make %s readable by its owner only: %s", each, exc.strerror)


class Database:
    """One engine and the sessions made from it."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str) -> Config:
    """Alembic's configuration, built in code so no ini file has to be found."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


MIGRATION_LOCK = 0x6D79726576  # "myrev": any fixed number, the same in every process


def upgrade(db: Database, revision: str = "head") -> None:
    """Create or upgrade the schema (sealed columns need the data key loaded)."""
    from alembic import command

    _migrate(db, lambda config: command.upgrade(config, revision))


def downgrade(db: Database, revision: str) -> None:
    """Take the schema back to ``revision`` (for operators rolling back, and the tests)."""
    from alembic import command

    _migrate(db, lambda config: command.downgrade(config, revision))


def _migrate(db: Database, step: Callable[[Config], None]) -> None:
    """Run migrations in one transaction. On SQLite, with foreign keys off while they
    run and checked before the commit: a migration that rebuilds a table others refer
    to (``person``) drops the old one, which SQLite would refuse or cascade with them
    on (https://www.sqlite.org/lang_altertable.html, "other kinds of table schema
    changes")."""
    config = alembic_config(db.url)
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Only takes effect outside a transaction, so it goes to the driver itself:
            # through SQLAlchemy it would be inside the BEGIN that each unit of work opens.
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if not sqlite:
                    # Two processes starting together migrate once: the second waits
                    # here, then finds the schema current. Released at the commit.
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                config.attributes["connection"] = connection
                step(config)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"the migration broke {len(broken)} foreign keys")
        finally:
            if sqlite:
                _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection: Any, statement: str) -> None:
    """A PRAGMA straight to SQLite, outside any transaction (the driver is in autocommit)."""
    driver = connection.connection.driver_connection
    driver.execute(statement)


def head_revision() -> str | None:
    """The newest migration this code knows. The files are numbered in order
    (``0009_the_web_chat.py`` is revision ``0009``), so it is the highest number, found
    without loading Alembic and its scripts (a tenth of a second at every start; a
    test holds it to Alembic's own reading)."""
    numbers = sorted(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))
    return numbers[-1] if numbers else None


def current_revision(db: Database) -> str | None:
    """The migration the database is at, or None for an empty database: Alembic's own
    record (``alembic_version``), read without loading Alembic."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sql_text("SELECT version_num FROM alembic_version")).scalar()


def schema_is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()


def refresh_statistics(session: Session) -> None:
    """Tell the query planner what the tables hold (``ANALYZE``). Without it every index
    looks as good as any other, and a worker's digest can read each of 100,000 reviews
    to find their twenty. SQLite never gathers them itself. PostgreSQL's autovacuum does,
    but only a while after a bulk load (an import, a restore); until then a Monday's
    pass planned each digest as if the tables were empty (23 ms a digest, 29 reminders
    a second at 100,000 children). On PostgreSQL only the product's own tables, which
    takes a fraction of a second and blocks no reads or writes."""
    dialect = session.get_bind().dialect
    if dialect.name == "sqlite":
        session.exec(sql_text("ANALYZE"))  # type: ignore[call-overload]
        return
    quote = dialect.identifier_preparer.quote
    tables = ", ".join(quote(table.name) for table in SQLModel.metadata.sorted_tables)
    session.exec(sql_text(f"ANALYZE {tables}"))  # type: ignore[call-overload]
