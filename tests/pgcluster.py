"""A throwaway PostgreSQL cluster for tests and measurements: a real server, not a mock.

`PgCluster` runs `initdb` into a temporary directory and starts `postgres` on a
free port of 127.0.0.1 (trust authentication, unix socket inside the directory);
each test then gets a database of its own (`create_database`), dropped after it.
PostgreSQL refuses to run as root, so as root every server command runs as the
`postgres` OS user, which owns the directory. Needs PostgreSQL 13 or later; a cluster
left behind by a run that was killed is stopped and removed by the next one.

By hand, e.g. to time a command against PostgreSQL:

    .venv/bin/python tests/pgcluster.py      # prints a URL, Ctrl-C stops and removes the cluster
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from glob import glob
from pathlib import Path

import psutil
import psycopg
from psycopg import sql

#: Temporary directories of clusters, and the file in each naming the process that owns it.
_PREFIX = "warwatch-pg-"
_OWNER = "owner.pid"
#: What a missing server says: `make test` installs the Debian package.
MISSING = (
    "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin, from pg_config --bindir or on PATH): "
    "run `make test`, which installs it, or `apt-get install postgresql`"
)
#: The OS user a root process runs the server as.
_SERVER_USER = "postgres"
#: Seconds `pg_ctl` waits for the server to accept connections.
_START_TIMEOUT = 30
#: Settings of a cluster that is thrown away: no waiting for the disk. A `durable` cluster keeps the defaults.
_FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class PostgresMissingError(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path:
    """The directory holding initdb, pg_ctl and postgres: the newest /usr/lib/postgresql/N, pg_config, or PATH."""
    debian = sorted(glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: _version(Path(p).parents[1].name))
    if debian:
        return Path(debian[-1]).parent
    if pg_config := shutil.which("pg_config"):
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    if initdb := shutil.which("initdb"):
        return Path(initdb).parent
    raise PostgresMissingError(MISSING)


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _command(bindir: Path, user: str | None, *args: str, log: Path | None = None) -> None:
    """Run a server program (as USER when given); a failure raises with its message and the server log's tail."""
    cmd = [str(bindir / args[0]), *args[1:]]
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE  # killed, not yet waited for: dead
    except psutil.NoSuchProcess:
        return False


def _reap_orphans(bindir: Path, user: str | None) -> None:
    """Stop and remove clusters whose owner died without stopping them (a test run killed outright)."""
    for root in map(Path, glob(os.path.join(tempfile.gettempdir(), _PREFIX + "*"))):
        try:
            owner = int((root / _OWNER).read_text())
        except (OSError, ValueError):  # not ours, or another process is setting it up right now
            continue
        if _alive(owner):
            continue
        if (root / "data" / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                _command(bindir, user, "pg_ctl", "stop", "-D", str(root / "data"), "-m", "immediate", "-w")
        shutil.rmtree(root, ignore_errors=True)


class PgCluster:
    """One PostgreSQL server in a temporary directory; `start()`, then `create_database()` per test, `stop()`."""

    def __init__(self, *, durable: bool = False) -> None:
        self.bindir = find_bindir()
        self.durable = durable
        self._user = _SERVER_USER if os.geteuid() == 0 else None
        _reap_orphans(self.bindir, self._user)
        self.root = Path(tempfile.mkdtemp(prefix=_PREFIX))
        (self.root / _OWNER).write_text(str(os.getpid()))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._admin: psycopg.Connection[tuple[object, ...]] | None = None
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    @property
    def user(self) -> str:
        """The database superuser (named after the OS user that ran initdb)."""
        return self._user or pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *args: str) -> None:
        _command(self.bindir, self._user, *args, log=self.log)

    def start(self) -> PgCluster:
        """Create and start the cluster (about a second); on any failure nothing is left behind."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        # Trust on loopback: any local process may connect while the server runs, and it holds test data only.
        self._run("initdb", "-D", str(self.data), "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        settings = {"listen_addresses": "127.0.0.1", "unix_socket_directories": str(self.root)}
        if not self.durable:
            settings |= _FAST
        options = " ".join(f"-c {k}={v}" for k, v in settings.items())
        for attempt in range(3):  # another process may take the free port before the server binds it
            self.port = _free_port()
            try:
                self._run(
                    "pg_ctl", "start", "-w", "-t", str(_START_TIMEOUT), "-D", str(self.data),
                    "-l", str(self.log), "-o", f"-p {self.port} {options}",
                )  # fmt: skip
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        self._admin = psycopg.connect(self.url("postgres"), autocommit=True)

    def url(self, database: str) -> str:
        """The plain URL a user would type; warwatch's Store picks the psycopg driver itself."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """A new, empty database; returns its name."""
        assert self._admin is not None, "start() the cluster first"
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if self._admin.info.server_version >= 150000:
            # FILE_COPY copies the template's files instead of logging every block: faster for tiny databases.
            create = sql.SQL("{} STRATEGY FILE_COPY").format(create)
        self._admin.execute(create)
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database, ending any connection a test left open to it."""
        assert self._admin is not None, "start() the cluster first"
        self._admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        """Stop the server at once (nothing in it is kept) and remove its directory."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        with contextlib.suppress(RuntimeError):
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)


def _main() -> None:
    import argparse
    import signal
    import sys

    parser = argparse.ArgumentParser(description="Start a throwaway PostgreSQL cluster until interrupted.")
    parser.add_argument("--durable", action="store_true", help="keep fsync and synchronous commit on")
    args = parser.parse_args()
    cluster = PgCluster(durable=args.durable).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        print(cluster.url(cluster.create_database("warwatch")), flush=True)
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    _main()
