#!/usr/bin/env bash
# Runs each libFuzzer target for a fixed number of executions (make fuzz).
#   tests/fuzz/run-fuzz.sh RUNS TARGET...
# Each target fuzzes a scratch corpus in $BUILD/fuzz/corpus/<t>, seeded from
# tests/fuzz/corpus/<t> (which stays untouched). Prints one line per target,
# writes $BUILD/reports/fuzz.json ({"target": {"runs": N, "crashes": C}}),
# and copies any crashing input to tests/fuzz/regress/<t>/ so it becomes a
# regression input once the bug is fixed. Exits 1 if anything crashed.
set -u
runs=${1:?runs}
shift
build=${BUILD:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
mkdir -p "$build/reports"
json="{"
sep=""
status=0
for t in "$@"; do
	bin="$build/fuzz/fuzz_$t"
	work="$build/fuzz/corpus/$t"
	art="$build/fuzz/artifacts/$t"
	log="$build/fuzz/$t.log"
	mkdir -p "$work" "$art"
	rm -f "$art"/*
	"$bin" -runs="$runs" -print_final_stats=1 -artifact_prefix="$art/" \
		"$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	done_runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	if [ -z "$done_runs" ]; then
		# A crash skips the final stats; take the last progress line.
		done_runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	fi
	done_runs=${done_runs:-0}
	crashes=$(find "$art" -type f | wc -l)
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes=1
	fi
	if [ "$crashes" -gt 0 ]; then
		status=1
		mkdir -p "tests/fuzz/regress/$t"
		cp "$art"/* "tests/fuzz/regress/$t/" 2>/dev/null
		printf 'fuzz_%-5s %9s runs  CRASHED (%d input(s) copied to tests/fuzz/regress/%s, log %s)\n' \
			"$t" "$done_runs" "$crashes" "$t" "$log"
		grep -m 3 -E 'ERROR|invariant failed|runtime error' "$log" | sed 's/^/    /'
	else
		printf 'fuzz_%-5s %9s runs  no crash\n' "$t" "$done_runs"
	fi
	json="$json$sep\"$t\": {\"runs\": $done_runs, \"crashes\": $crashes}"
	sep=", "
done
echo "$json}" >"$build/reports/fuzz.json"
echo "report: $build/reports/fuzz.json"
exit $status
