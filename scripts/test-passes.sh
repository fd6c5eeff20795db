#!/usr/bin/env bash
# The pytest passes of `make test`, in three streams at once (the machine has two cores, and
# much of a browser or system test is spent waiting on another process: with two streams the
# suite kept about one core busy, measured with `time make test`):
#
#   stream 1: SQLite, the browser tests only         (-m e2e)
#   stream 2: SQLite without the browser tests       (-m "not e2e")
#   stream 3: PostgreSQL without the browser tests   (-m "not e2e")
#
# Together that is exactly what the passes ran one after the other before: every test on
# SQLite, every test but the browser ones on PostgreSQL. The passes share nothing: each pytest
# process has its own SQLite test file (var/test-<pid>.sqlite3) or PostgreSQL test database
# (test_<name>), and every server a test starts listens on a free port of its own. Both
# "not e2e" runs cover the whole tests/ directory, so tests/frame_coverage.py still checks them.
#
# Stream 1 prints as it goes; streams 2 and 3 write to var/test-logs/ and are printed at the end.
# Usage: scripts/test-passes.sh PYTHON TEST_DATABASE_URL [pytest args...]
#        TEST_STREAMS=2: the browser tests | SQLite rest, then PostgreSQL (the earlier layout);
#        TEST_STREAMS=1: the three passes one after the other.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=$1
TEST_DATABASE_URL=$2
shift 2
LOGS=var/test-logs
mkdir -p "$LOGS"

sqlite_pass() { env -u DATABASE_URL -u REDIS_URL "$PY" -m pytest -q "$@"; }
postgres_pass() { env -u REDIS_URL DATABASE_URL="$TEST_DATABASE_URL" "$PY" -m pytest -q -m "not e2e" "$@"; }

# run NAME COMMAND... : one pass, its exit code in $LOGS/NAME.rc and its seconds in $LOGS/NAME.time
run() {
	local name=$1 start=$SECONDS code
	shift
	"$@"
	code=$?
	echo "$code" >"$LOGS/$name.rc"
	echo $((SECONDS - start)) >"$LOGS/$name.time"
	return "$code"
}

stream_two() {
	run sqlite-not-e2e sqlite_pass -m "not e2e" "$@" >"$LOGS/sqlite-not-e2e.log" 2>&1
	run postgres postgres_pass "$@" >"$LOGS/postgres.log" 2>&1
}

rm -f "$LOGS"/*.rc "$LOGS"/*.time
began=$SECONDS
case "${TEST_STREAMS:-3}" in
1)
	run sqlite-e2e sqlite_pass -m e2e "$@"
	stream_two "$@"
	;;
2)
	stream_two "$@" &
	second=$!
	run sqlite-e2e sqlite_pass -m e2e "$@"
	wait "$second"
	;;
*)
	run sqlite-not-e2e sqlite_pass -m "not e2e" "$@" >"$LOGS/sqlite-not-e2e.log" 2>&1 &
	second=$!
	run postgres postgres_pass "$@" >"$LOGS/postgres.log" 2>&1 &
	third=$!
	run sqlite-e2e sqlite_pass -m e2e "$@"
	wait "$second" "$third"
	;;
esac

failed=0
for name in sqlite-not-e2e postgres; do
	echo "----- $name ($LOGS/$name.log) -----"
	cat "$LOGS/$name.log" 2>/dev/null || true
done
echo "----- passes (seconds; exit code) -----"
for name in sqlite-e2e sqlite-not-e2e postgres; do
	code=$(cat "$LOGS/$name.rc" 2>/dev/null || echo missing)
	echo "$name: $(cat "$LOGS/$name.time" 2>/dev/null || echo '?') s; exit $code"
	[ "$code" = 0 ] || failed=1
done
echo "all passes: $((SECONDS - began)) s"
exit "$failed"
