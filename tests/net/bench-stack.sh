#!/usr/bin/env bash
# make bench-stack: packets per second through the stack (driver fast path or
# distributor -> IPv4 -> UDP -> echo -> UDP -> IPv4 -> driver), in the hosted
# runtime, with a frame generator as the device (servers/net/benchgen), for
# queue batch sizes 1, 8, 32 and 128. Writes build/reports/bench-stack.json
# and prints a table. Not part of make check: it measures, it does not test.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
S=$B/servers
MS=${BENCH_MS:-2000}
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
mkdir -p "$B/reports"
results=()
for batch in 1 8 32 128; do
	printf 'stack bench\ndriver benchgen\napp echo\nip 10.77.0.2/24\nbatch %s\nqlen 1024\nbench_ms %s\n' \
		"$batch" "$MS" >"$dir/net.cfg"
	"$B/bin/bss-host" "$S/netboot.srv" "$S/queue.srv" "$S/pktpool.srv" "$S/ethdist.srv" \
		"$S/route.srv" "$S/benchgen.srv" "$S/ipv4.srv" "$S/icmp.srv" "$S/udp.srv" \
		"$S/echo.srv" "$dir/net.cfg" >"$dir/out-$batch" 2>&1 &
	pid=$!
	line=
	for _ in $(seq $((MS / 100 + 100))); do
		line=$(grep -m1 '^bench: ' "$dir/out-$batch" 2>/dev/null) && break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
	[ -n "$line" ] || { echo "bench-stack: no result for batch $batch:" >&2; cat "$dir/out-$batch" >&2; exit 1; }
	case $line in
	"bench: batch=$batch "*) ;;
	*) echo "bench-stack: batch $batch reported: $line" >&2; exit 1 ;;
	esac
	results+=("$line")
done
printf '%s\n' "${results[@]}" | python3 -c '
import json, re, sys
rows = []
for line in sys.stdin:
    f = dict(re.findall(r"(\w+)=(\d+)", line))
    b, n, ns = int(f["batch"]), int(f["frames"]), int(f["ns"])
    rows.append({"batch": b, "echoes": n, "seconds": ns / 1e9, "pps": round(n * 1e9 / ns),
                 "ns_per_packet": round(ns / n, 1)})
out = {"benchmark": "bench-stack", "runtime": "hosted",
       "path": "benchgen -> ipv4 (fast path) -> udp -> echo -> udp -> ipv4 -> benchgen",
       "payload_bytes": 64, "results": rows}
json.dump(out, open(sys.argv[1], "w"), indent=2)
print("%6s %12s %10s %12s" % ("batch", "packets/s", "ns/pkt", "echoes"))
for r in rows:
    print("%6d %12d %10.1f %12d" % (r["batch"], r["pps"], r["ns_per_packet"], r["echoes"]))
print("written to %s" % sys.argv[1])
' "$B/reports/bench-stack.json"
