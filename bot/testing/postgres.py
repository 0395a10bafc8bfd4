"""A throwaway PostgreSQL server for tests and benchmarks: a temporary cluster on loopback.

Why: the PostgreSQL store, the job queue and the multi-process bot must meet a real server, and
these machines have PostgreSQL's binaries but no running service. Each `running_postgres()`
makes a cluster in a new temporary directory (owned by `postgres` and run through `runuser` when
the caller is root, because PostgreSQL refuses to run as root), starts it on a free port of
127.0.0.1 with its socket inside that directory, and on exit stops it by its postmaster's pid and
removes the directory. No pytest needed:

    with running_postgres() as server:
        dsn = server.create_database()      # a fresh, empty database: postgresql://...
        ...

Durability is switched off (fsync, synchronous_commit, full_page_writes): a crash loses a test
run, never data anyone keeps. Creating databases needs psycopg (the `scale` extra); starting
and stopping the server needs only the binaries (`postgres_binaries()` finds them).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

_SEARCHED = (Path("/usr/lib/postgresql/15/bin"), Path("/usr/lib/postgresql/16/bin"))
_START_TIMEOUT = 60.0
_STOP_TIMEOUT = 20.0
_FAST_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


def postgres_binaries() -> Path | None:
    """The folder holding `initdb`, `pg_ctl` and `postgres`, or None when PostgreSQL is missing."""
    candidates = list(_SEARCHED)
    on_path = shutil.which("pg_ctl")
    if on_path is not None:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PostgresServer:
    """One running cluster; `stop()` (or leaving `running_postgres`) ends it and its files."""

    def __init__(self, *, user: str = "postgres", settings: dict[str, str] | None = None) -> None:
        folder = postgres_binaries()
        if folder is None:
            raise RuntimeError("PostgreSQL is not installed (no initdb/pg_ctl found)")
        self.user = user
        self._bin = folder
        self._settings = {**_FAST_SETTINGS, **(settings or {})}
        self._as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="briefbot-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self.pid: int | None = None
        self._names = itertools.count(1)

    @property
    def dsn(self) -> str:
        """The DSN of the maintenance database `postgres` (create others with create_database)."""
        return self.database_dsn("postgres")

    def database_dsn(self, name: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def _command(self, *args: str) -> list[str]:
        if self._as_root:
            return ["runuser", "-u", "postgres", "--", *args]
        return list(args)

    def _run(self, args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._command(*args),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self) -> None:
        if self._as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        made = self._run(
            [
                str(self._bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.user,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
            timeout=_START_TIMEOUT,
        )
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {(made.stderr or made.stdout).strip()[-800:]}")
        # The port is free when probed; another process may take it first, so try a few.
        last_error = ""
        for _ in range(5):
            self.port = _free_port()
            options = [f"-k {self.root}", "-c listen_addresses=127.0.0.1", f"-p {self.port}"]
            options += [f"-c {key}={value}" for key, value in self._settings.items()]
            started = self._run(
                [
                    str(self._bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-w",
                    "-t",
                    str(int(_START_TIMEOUT)),
                    "-o",
                    " ".join(options),
                    "start",
                ],
                timeout=_START_TIMEOUT + 10,
            )
            self.pid = self._postmaster_pid()
            if started.returncode == 0 and self.pid is not None:
                return
            last_error = self._log_tail() or (started.stderr or started.stdout).strip()
            self._halt()
        raise RuntimeError(f"PostgreSQL did not start: {last_error[-800:]}")

    def _postmaster_pid(self) -> int | None:
        try:
            first = (self.data / "postmaster.pid").read_text().split("\n", 1)[0]
        except OSError:
            return None
        return int(first) if first.strip().isdigit() else None

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace").strip()[-800:]
        except OSError:
            return ""

    def _halt(self) -> None:
        """Stop the postmaster: a fast shutdown, then SIGKILL by pid if it is still there."""
        pid = self.pid or self._postmaster_pid()
        if pid is None:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._run(
                [
                    str(self._bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    str(int(_STOP_TIMEOUT)),
                    "stop",
                ],
                timeout=_STOP_TIMEOUT + 10,
            )
        deadline = time.monotonic() + 5.0
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 5.0
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
        self.pid = None

    def stop(self) -> None:
        """Stop the server and remove its directory; safe to call twice."""
        try:
            self._halt()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """Create a database (empty, or a copy of `template`) and return its DSN."""
        import psycopg
        from psycopg import sql

        name = name or f"test_{os.getpid()}_{next(self._names)}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
        with psycopg.connect(self.dsn, autocommit=True) as connection:
            connection.execute(statement)
        return self.database_dsn(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, ending any connection still open to it."""
        import psycopg
        from psycopg import sql

        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        with psycopg.connect(self.dsn, autocommit=True) as connection:
            connection.execute(statement)

    def __enter__(self) -> PostgresServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def running_postgres(settings: dict[str, str] | None = None) -> Iterator[PostgresServer]:
    """A started server for the duration of the block; `settings` add or override `-c` options."""
    with PostgresServer(settings=settings) as server:
        yield server
