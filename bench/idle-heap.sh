#!/usr/bin/env bash
# Heap per idle NIO connection, class by class (issue 12's memory target). See bench/README.md.
#
#   bench/idle-heap.sh                       5,000 connections against target/netlab-*.jar
#   bench/idle-heap.sh 10000                 another count (ulimit -n must allow it)
#   bench/idle-heap.sh 5000 path/to/other.jar /tmp/out   another jar, and where the files go
#
# Starts netlab (-Xms512m -Xmx512m, G1), creates a raw NIO listener with the limits raised, warms
# it with 50 connections, takes `jcmd GC.class_histogram` (a full GC first), opens N connections
# that each send 64 B once and read the echo (bench/IdleClient.java), takes the histogram again,
# and prints the difference per class divided by N, biggest first, with G1's used heap before and
# after. Everything stays on 127.0.0.1; both processes are killed on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-5000}
JAR=${2:-$(ls "$ROOT"/target/netlab-*.jar | head -1)}
OUT=${3:-$(mktemp -d /tmp/idle-heap.XXXXXX)}
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"
java -Xms512m -Xmx512m -XX:+UseG1GC -jar "$JAR" --server.port=0 --netlab.data-dir="$OUT/data" \
	'--netlab.listeners[0].name=unused' '--netlab.listeners[0].protocol=tcp' '--netlab.listeners[0].port=0' \
	>"$OUT/netlab.log" 2>&1 &
PID=$!
CPID=""
cleanup() {
	[[ -n "$CPID" ]] && kill "$CPID" 2>/dev/null
	kill "$PID" 2>/dev/null
	wait 2>/dev/null || true
}
trap cleanup EXIT
HTTP=""
for _ in $(seq 1 120); do
	HTTP=$(sed -n 's/.*Tomcat started on port[s()]*:\{0,1\} \([0-9][0-9]*\).*/\1/p' "$OUT/netlab.log" | head -1)
	[[ -n "$HTTP" ]] && curl -sf -m 2 "http://127.0.0.1:$HTTP/actuator/health" >/dev/null && break
	HTTP=""
	sleep 0.5
done
[[ -n "$HTTP" ]] || { tail -20 "$OUT/netlab.log"; echo "netlab HTTP not up within 60 s" >&2; exit 1; }
LIMIT=$((N + 1000))
PORT=$(curl -sf -m 10 -XPOST "http://127.0.0.1:$HTTP/api/listeners" -H 'content-type: application/json' \
	-d '{"name":"idle","protocol":"tcp","port":0,"framing":"raw","io":"nio","options":{"tcpNoDelay":true,"backlog":4096},"limits":{"maxConnections":'"$LIMIT"',"maxConnectionsPerSource":'"$LIMIT"'}}' \
	| sed -n 's/.*"boundPort":\([0-9]*\).*/\1/p')
[[ -n "$PORT" ]] || { echo "creating the listener failed" >&2; exit 1; }
# class loading and lazily made singletons are not what an idle connection holds
java "$ROOT/bench/IdleClient.java" "$PORT" 50 </dev/null >/dev/null
jcmd "$PID" GC.class_histogram >"$OUT/before.txt"
jcmd "$PID" GC.heap_info | grep -m1 'used' >"$OUT/heap-before.txt"
rm -f "$OUT/stdin.fifo"
mkfifo "$OUT/stdin.fifo"
exec 3<>"$OUT/stdin.fifo" # keeps the client's stdin open: it holds its connections until it closes
java -Xmx256m "$ROOT/bench/IdleClient.java" "$PORT" "$N" <"$OUT/stdin.fifo" >"$OUT/client.out" 2>&1 &
CPID=$!
for _ in $(seq 1 600); do
	grep -q READY "$OUT/client.out" 2>/dev/null && break
	kill -0 "$CPID" 2>/dev/null || { cat "$OUT/client.out"; exit 1; }
	sleep 0.2
done
grep -q READY "$OUT/client.out" || { echo "client not ready within 120 s" >&2; exit 1; }
jcmd "$PID" GC.class_histogram >"$OUT/after.txt"
jcmd "$PID" GC.heap_info | grep -m1 'used' >"$OUT/heap-after.txt"
exec 3>&-
awk -v n="$N" '
	FNR == NR && $1 ~ /^[0-9]+:$/ { bytes[$4] = $3; count[$4] = $2; next }
	$1 ~ /^[0-9]+:$/ { d = $3 - bytes[$4]; total += d; if (d != 0) printf "%9.1f %9.2f  %s\n", d / n, ($2 - count[$4]) / n, $4 }
	END { printf "%9.1f B per connection in all (histogram difference / %d)\n", total / n, n > "/dev/stderr" }
' "$OUT/before.txt" "$OUT/after.txt" 2>"$OUT/total.txt" | sort -rn >"$OUT/diff.txt"
used() { sed -n 's/.*used \([0-9]*\)K.*/\1/p' "$1"; }
cat "$OUT/total.txt"
echo "G1 used heap: $(used "$OUT/heap-before.txt") KiB before, $(used "$OUT/heap-after.txt") KiB after:" \
	"$(( ($(used "$OUT/heap-after.txt") - $(used "$OUT/heap-before.txt")) * 1024 / N )) B per connection"
echo "   B/conn objs/conn  class"
head -20 "$OUT/diff.txt"
echo "(files in $OUT)"
