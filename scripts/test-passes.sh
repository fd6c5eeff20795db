#!/usr/bin/env bash
# The pytest passes of `make test`, in three streams at once (the machine has two cores, and
# much of a browser or system test is spent waiting on another process: with two streams the
# suite kept about one core busy, measured with `time make test`):
#
#   stream 1: SQLite, the browser tests only                         (-m e2e)
#   stream 2: SQLite without the browser and the multi-process tests  (-m "not e2e")
#             then the multi-process tests (tests/system) on PostgreSQL, and on SQLite the
#             ones that check what is SQLite's own (SQLITE_SYSTEM_TESTS)
#   stream 3: PostgreSQL without the browser and the multi-process tests
#
# Every test but the browser ones runs on PostgreSQL, every test but the multi-process ones on
# SQLite (the processes of tests/system are the production layout: PostgreSQL, Redis, several
# Daphnes; running them twice cost ~450 s per engine and made PostgreSQL the longest stream by
# ten minutes, docs/performance.md "Suite time"). The passes share nothing: each pytest process
# has its own SQLite test file (var/test-<pid>.sqlite3) or PostgreSQL test database
# (test_<name>, test_<name>_system), and every server a test starts listens on a free port of
# its own. No pass runs all of tests/, so each writes the frame types its clients received to
# $LOGS/frames-seen.txt (PAVILION_FRAMES_SEEN) and the sum is checked at the end
# (python -m tests.frame_coverage).
#
# Stream 1 prints as it goes; streams 2 and 3 write to var/test-logs/ and are printed at the end.
# Usage: scripts/test-passes.sh PYTHON TEST_DATABASE_URL [pytest args...]
#        TEST_STREAMS=2: the browser tests | the rest, SQLite then PostgreSQL;
#        TEST_STREAMS=1: all passes one after the other.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=$1
TEST_DATABASE_URL=$2
shift 2
LOGS=var/test-logs
mkdir -p "$LOGS"

SYSTEM=tests/system
# Multi-process tests that also run on SQLite: the embedded default (make run) across processes.
SQLITE_SYSTEM_TESTS=(tests/system/test_cluster.py tests/system/test_daphne_rooms.py)
export PAVILION_FRAMES_SEEN=$LOGS/frames-seen.txt

sqlite_pass() { env -u DATABASE_URL -u REDIS_URL "$PY" -m pytest -q "$@"; }
postgres_pass() { env -u REDIS_URL DATABASE_URL="$TEST_DATABASE_URL" "$PY" -m pytest -q -m "not e2e" "$@"; }
# Its own database name (and so its own test database) beside stream 3's.
postgres_system_pass() {
	env -u REDIS_URL DATABASE_URL="${TEST_DATABASE_URL%/*}/$(basename "${TEST_DATABASE_URL%%\?*}")_system" \
		"$PY" -m pytest -q -m "not e2e" "$SYSTEM"
}

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

# With pytest arguments (some paths, -k): those on both databases as they are, no split.
if [ $# = 0 ]; then
	NOT_SYSTEM=(--ignore="$SYSTEM")
	PASSES=(sqlite-e2e sqlite-not-e2e postgres system-postgres system-sqlite)
else
	NOT_SYSTEM=()
	PASSES=(sqlite-e2e sqlite-not-e2e postgres)
fi

stream_two() {
	run sqlite-not-e2e sqlite_pass -m "not e2e" "${NOT_SYSTEM[@]}" "$@" >"$LOGS/sqlite-not-e2e.log" 2>&1
	[ $# = 0 ] || return 0
	run system-postgres postgres_system_pass >"$LOGS/system-postgres.log" 2>&1
}
# The SQLite system tests after the PostgreSQL rest: stream two was the longest (at cee1e20
# 1,043 + 524 + 76 s against 1,264 s here and 1,368 s for the browser tests).
stream_three() {
	run postgres postgres_pass "${NOT_SYSTEM[@]}" "$@" >"$LOGS/postgres.log" 2>&1
	[ $# = 0 ] || return 0
	run system-sqlite sqlite_pass -m "not e2e" "${SQLITE_SYSTEM_TESTS[@]}" >"$LOGS/system-sqlite.log" 2>&1
}
rm -f "$LOGS"/*.rc "$LOGS"/*.time "$PAVILION_FRAMES_SEEN"
began=$SECONDS
case "${TEST_STREAMS:-3}" in
1)
	run sqlite-e2e sqlite_pass -m e2e "$@"
	stream_two "$@"
	stream_three "$@"
	;;
2)
	{ stream_two "$@"; stream_three "$@"; } &
	second=$!
	run sqlite-e2e sqlite_pass -m e2e "$@"
	wait "$second"
	;;
*)
	stream_two "$@" &
	second=$!
	stream_three "$@" &
	third=$!
	run sqlite-e2e sqlite_pass -m e2e "$@"
	wait "$second" "$third"
	;;
esac

failed=0
for name in "${PASSES[@]:1}"; do
	echo "----- $name ($LOGS/$name.log) -----"
	cat "$LOGS/$name.log" 2>/dev/null || true
done
echo "----- passes (seconds; exit code) -----"
for name in "${PASSES[@]}"; do
	code=$(cat "$LOGS/$name.rc" 2>/dev/null || echo missing)
	echo "$name: $(cat "$LOGS/$name.time" 2>/dev/null || echo '?') s; exit $code"
	[ "$code" = 0 ] || failed=1
done
# Only when the whole suite ran: a run of some paths or -k cannot know what the rest emits.
if [ "$failed" = 0 ] && [ $# = 0 ]; then
	echo "----- frame coverage over all passes -----"
	"$PY" -m tests.frame_coverage "$PAVILION_FRAMES_SEEN" || failed=1
fi
echo "all passes: $((SECONDS - began)) s"
exit "$failed"
