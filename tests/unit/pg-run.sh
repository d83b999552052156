#!/bin/sh
# pg-run.sh PROGRAM [ARG...] -- run PROGRAM against a throw-away PostgreSQL 15 (issue 19):
# initdb and pg_ctl in a new temporary directory, the server run by an unprivileged user
# (`nobody` when we are root: PostgreSQL refuses to run as root), listening only on a
# Unix socket in that directory (no TCP), a database "inetcheck" for the superuser
# "inetcheck" (trust: only that directory's owner and root reach the socket). PROGRAM
# gets its libpq URI in INETCHECK_TEST_PG. The server is always stopped and the
# directory removed. No PostgreSQL binaries is a failure, not a skip: CI installs
# postgresql-15 (packages.txt).
set -eu
bin=${PGBIN:-/usr/lib/postgresql/15/bin}
for b in initdb pg_ctl postgres createdb; do
	if [ ! -x "$bin/$b" ]; then
		echo "pg-run.sh: $bin/$b missing: install postgresql-15 (packages.txt)" >&2
		exit 1
	fi
done
[ $# -ge 1 ] || { echo "usage: pg-run.sh PROGRAM [ARG...]" >&2; exit 2; }

dir=$(mktemp -d /tmp/inetcheck-pg.XXXXXX)
as=""
if [ "$(id -u)" = 0 ]; then
	chown nobody "$dir"
	as="runuser -u nobody --"
fi
started=""
cleanup() {
	if [ -n "$started" ]; then
		$as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}
# the EXIT trap runs on a signal only when the signal is trapped: a reader that went
# away (| head) is SIGPIPE
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

if ! $as "$bin/initdb" -D "$dir/data" -U inetcheck --auth=trust -E UTF8 --locale=C \
	>"$dir/initdb.log" 2>&1; then
	cat "$dir/initdb.log" >&2
	exit 1
fi
# a test server: no TCP, no durability, quick
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
CONF
started=1
if ! $as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
	cat "$dir/server.log" >&2
	exit 1
fi
$as "$bin/createdb" -h "$dir" -U inetcheck inetcheck

rc=0
INETCHECK_TEST_PG="postgresql:///inetcheck?host=$dir&user=inetcheck" "$@" || rc=$?
if [ "$rc" != 0 ] && [ -s "$dir/server.log" ]; then
	echo "pg-run.sh: the server's log:" >&2
	tail -n 30 "$dir/server.log" >&2
fi
exit "$rc"
