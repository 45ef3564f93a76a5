"""A throwaway PostgreSQL server for the tests, started once per session.

With ``EVENTWIRE_TEST_POSTGRES_URL`` set (``postgresql://user:password@host:port/db``, a user
that may create databases) the tests use that server. Otherwise ``initdb`` and ``postgres``
are looked for on PATH and in ``/usr/lib/postgresql/*/bin``, a cluster is made in a
temporary directory and started on a free port of 127.0.0.1 (as the ``postgres`` or
``nobody`` user when the tests run as root, which PostgreSQL refuses), and it is stopped
and deleted when the session ends. Without binaries the PostgreSQL tests are skipped, or
fail when ``CI`` is set, where a skip counts as a failure.

The cluster collates with ICU ``en-US`` (not by code point) so that SQL which forgets to
ask for code-point order shows up in the tests. Databases are copied from templates that
already hold the PostGIS extension (where it is installed) and the migrated store schema;
a test's store database is emptied afterwards and handed to a later test, which is far
quicker than copying another.

Fixtures:

- ``postgres_server``: the session's ``PostgresServer``.
- ``postgres_url``: the URL of an empty store database (migrated) that no other test uses
  meanwhile; emptied after the test and handed to a later one.
  ``postgres_server.create_database(migrated=False)`` gives a new one not yet migrated
  (drop it with ``postgres_server.drop_database(url)``).
- ``store_url``: parametrized over ``sqlite`` and ``postgresql``: the URL of an empty store
  on each (a new SQLite file, ``postgres_url``), so that a test taking it runs once per
  backend.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ENV_URL = "EVENTWIRE_TEST_POSTGRES_URL"
TEMPLATE = "eventwire_template"  # empty, with PostGIS where it is installed
STORE_TEMPLATE = "eventwire_store_template"  # the same, with the store's schema migrated
PLAIN_ROLE = "eventwire_plain"
START_TIMEOUT_S = 30


@dataclass
class PostgresServer:
    """A PostgreSQL server the tests may create and drop databases on.

    ``url`` reaches its maintenance database as a user allowed to create databases and
    roles; ``postgis`` says whether the databases it makes (other than ``plain`` ones) have
    the PostGIS extension.
    """

    url: str
    postgis: bool = False
    _names: Iterator[int] = field(default_factory=itertools.count)
    _free: list[str] = field(default_factory=list)  # emptied stores, ready for another test

    def store_database(self) -> str:
        """The URL of an empty, migrated store: one an earlier test gave back, or a new one
        (copying a database costs far more than emptying one)."""
        return self._free.pop() if self._free else self.create_database()

    def give_back(self, url: str) -> None:
        """Empty the store at ``url`` for a later test (dropped where that fails)."""
        import psycopg

        from eventwire.store.schema import metadata

        try:
            with psycopg.connect(**_parts(url)) as conn:
                # A test's connection left inside a transaction would hold locks on the rows.
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                # DELETE, not TRUNCATE: quicker on tables this small.
                for table in reversed(metadata.sorted_tables):
                    conn.execute(f"DELETE FROM {table.name}")
        except psycopg.Error:
            self.drop_database(url)
            return
        self._free.append(url)

    def create_database(self, *, migrated: bool = True, plain: bool = False) -> str:
        """A new database and the URL to reach it: an empty store, already migrated (quick
        to open), or with ``migrated=False`` an empty database (PostGIS extension only).

        ``plain``: an empty database owned by, and reached as, a role that is not a
        superuser, made from ``template0``, so that it has no PostGIS and may not install it.
        """
        name = f"eventwire_test_{os.getpid()}_{next(self._names)}"
        if plain:
            password = self._plain_role()
            self._execute(f'CREATE DATABASE "{name}" OWNER {PLAIN_ROLE} TEMPLATE template0')
            return _with(self.url, database=name, user=PLAIN_ROLE, password=password)
        template = STORE_TEMPLATE if migrated else TEMPLATE
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
        return _with(self.url, database=name)

    def drop_database(self, url: str) -> None:
        """Drop the database at ``url``, closing whatever connections are left on it."""
        name = _parts(url)["dbname"]
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def prepare(self) -> None:
        """Make (again) the templates that test databases are copied from."""
        import psycopg

        from eventwire.store import open_store

        self.clean_up()
        self._execute(f"CREATE DATABASE {TEMPLATE}")
        with psycopg.connect(**_parts(_with(self.url, database=TEMPLATE)), autocommit=True) as conn:
            try:
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                self.postgis = True
            except psycopg.Error:
                self.postgis = False
        self._execute(f"CREATE DATABASE {STORE_TEMPLATE} TEMPLATE {TEMPLATE}")
        open_store(_with(self.url, database=STORE_TEMPLATE)).close()

    def clean_up(self) -> None:
        """Drop the templates and spare stores (on a server that outlives the session)."""
        while self._free:
            self.drop_database(self._free.pop())
        for name in (STORE_TEMPLATE, TEMPLATE):
            self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _plain_role(self) -> str:
        password = secrets.token_hex(8)
        exists = self._execute(f"SELECT 1 FROM pg_roles WHERE rolname = '{PLAIN_ROLE}'")
        verb = "ALTER" if exists else "CREATE"
        self._execute(f"{verb} ROLE {PLAIN_ROLE} LOGIN NOSUPERUSER PASSWORD '{password}'")
        return password

    def _execute(self, sql: str) -> bool:
        """Run one statement outside a transaction; whether it returned a row."""
        import psycopg

        with psycopg.connect(**_parts(self.url), autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.description is not None and cursor.fetchone() is not None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (see the module's docstring)."""
    given = os.environ.get(ENV_URL)
    if given:
        server = PostgresServer(given)
        server.prepare()
        yield server
        server.clean_up()
        return
    bindir = _find_binaries()
    if bindir is None:
        no_server("PostgreSQL tests need initdb and postgres (or EVENTWIRE_TEST_POSTGRES_URL)")
    with _throwaway_cluster(bindir) as url:
        server = PostgresServer(url)
        server.prepare()
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of an empty, migrated PostgreSQL store of this test's own, emptied after it."""
    url = postgres_server.store_database()
    yield url
    postgres_server.give_back(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store: a new SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("postgres_url")


def no_server(message: str) -> None:
    """Skip the test for want of a server, or fail it where CI is set (a skip fails CI)."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _find_binaries() -> Path | None:
    """The directory holding ``initdb`` and ``postgres``, newest version first."""
    found = shutil.which("initdb")
    candidates = [Path(os.path.realpath(found)).parent] if found else []
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted((Path(p) for p in versions), key=lambda p: _version(p), reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "postgres").is_file():
            return bindir
    return None


def _version(bindir: Path) -> float:
    try:
        return float(bindir.parent.name)
    except ValueError:
        return 0.0


class _Cluster:
    """Where a throwaway cluster lives and who runs it."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
        self.user = _server_user()
        if self.user is not None:  # the server user must own its data directory
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self.password = secrets.token_hex(12)
        self.port = _free_port()

    def run(self, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
        ids = {} if self.user is None else {"user": self.user.pw_uid, "group": self.user.pw_gid,
                                              "extra_groups": []}  # fmt: skip
        return subprocess.Popen(args, cwd=self.root, **ids, **kwargs)  # type: ignore[call-overload]

    def initdb(self) -> None:
        pwfile = self.root / "password"
        pwfile.write_text(self.password + "\n")
        if self.user is not None:
            os.chown(pwfile, self.user.pw_uid, self.user.pw_gid)
        base = [str(self.bindir / "initdb"), "-D", str(self.root / "data"), "-U", "postgres",
                "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C",
                "--no-sync", "--no-instructions"]  # fmt: skip
        # ICU collation where the server was built with it; plain C otherwise.
        for extra in (["--locale-provider=icu", "--icu-locale=en-US"], []):
            done = self.run(*base, *extra, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            output = done.communicate()[0].decode(errors="replace")
            if done.returncode == 0:
                return
            shutil.rmtree(self.root / "data", ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{output}")


@contextmanager
def _throwaway_cluster(bindir: Path) -> Iterator[str]:
    """Make, start, and at the end stop and delete a cluster; yields its URL."""
    made = _Cluster(bindir)
    try:
        made.initdb()
        with open(made.root / "server.log", "wb") as log:
            server = made.run(
                str(bindir / "postgres"), "-D", str(made.root / "data"), "-h", "127.0.0.1",
                "-p", str(made.port), "-k", str(made.root), "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                url = f"postgresql://postgres:{made.password}@127.0.0.1:{made.port}/postgres"
                _wait_until_ready(url, server, made.root / "server.log")
                yield url
            finally:
                server.send_signal(signal.SIGINT)  # a fast shutdown: open sessions rolled back
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
    finally:
        shutil.rmtree(made.root, ignore_errors=True)


def _wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"postgres exited with {server.returncode}:\n{log.read_text()}")
        try:
            psycopg.connect(**_parts(url), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged user to run the server as, when the tests run as root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and neither a postgres nor a nobody user exists")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _parts(url: str) -> dict[str, object]:
    """psycopg.connect keywords for an SQLAlchemy-style URL."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    parts = {"host": parsed.host, "port": parsed.port, "user": parsed.username,
             "password": parsed.password, "dbname": parsed.database}  # fmt: skip
    return {k: v for k, v in parts.items() if v is not None}


def _with(url: str, **changes: str) -> str:
    """``url`` with another database, user or password."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    names = {"database": "database", "user": "username", "password": "password"}
    return parsed.set(**{names[k]: v for k, v in changes.items()}).render_as_string(
        hide_password=False
    )
