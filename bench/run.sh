#!/usr/bin/env bash
# netlab vs a minimal Netty echo server, side by side (issues 3 and 12). See bench/README.md.
#
#   bench/run.sh                 full run (about 20 minutes)
#   bench/run.sh --quick         short run, 1 round each (under 2 minutes when the jars are built);
#                                QUICK=1 bench/run.sh is the same
#   SCENARIOS=1,8 bench/run.sh   only some scenarios
#   bench/run.sh --build         rebuild the jars even if they look up to date
#
# It builds what is out of date (the netlab jar, the bench jar; always the C epoll client),
# makes a throw-away TLS key and certificate, starts netlab (listeners created over its REST
# API) and the Netty server pinned to one CPU, runs the load client pinned to the other, and
# writes bench/results/<date>-<host>.md and .json. All traffic stays on 127.0.0.1; every wait
# is bounded; every process it starts is killed on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ARGS="$*"
QUICK=${QUICK:-0}
SKIP_BUILD=${SKIP_BUILD:-auto}
for arg in "$@"; do
	case "$arg" in
		--quick) QUICK=1 ;;
		--build) SKIP_BUILD=0 ;;
		-h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
	esac
done
if [[ "$QUICK" == 1 ]]; then
	d_rounds=1 d_round_secs=2 d_warmup_secs=1 d_tls_warmup_secs=1 d_overhead_warmup_secs=1 d_scale_conns=1000 d_scale_step=0 d_scale_secs=2
	d_check_rounds=1 d_check_secs=1 d_timeout=300
else
	# 10 pairs of 5 s rounds rather than 5 of 10 s: the same measured time, the two rounds of a
	# pair 5 s apart instead of 10, and twice the pairs for the median (see bench/README.md)
	d_rounds=10 d_round_secs=5 d_warmup_secs=5 d_tls_warmup_secs=10 d_overhead_warmup_secs=100 d_scale_conns=10000 d_scale_step=1000 d_scale_secs=30
	d_check_rounds=3 d_check_secs=5 d_timeout=1800
fi
ROUNDS=${ROUNDS:-$d_rounds}
ROUND_SECS=${ROUND_SECS:-$d_round_secs}
WARMUP_SECS=${WARMUP_SECS:-$d_warmup_secs}
# a server JVM on one CPU needed about 8 s of TLS traffic before Netty's SslHandler path ran at full speed
TLS_WARMUP_SECS=${TLS_WARMUP_SECS:-$d_tls_warmup_secs}
OVERHEAD_WARMUP_SECS=${OVERHEAD_WARMUP_SECS:-$d_overhead_warmup_secs}
SCALE_CONNS=${SCALE_CONNS:-$d_scale_conns}
SCALE_STEP=${SCALE_STEP:-$d_scale_step}
SCALE_SECS=${SCALE_SECS:-$d_scale_secs}
CHECK_ROUNDS=${CHECK_ROUNDS:-$d_check_rounds}
CHECK_SECS=${CHECK_SECS:-$d_check_secs}
UDP_LOSS_MS=${UDP_LOSS_MS:-200}
SCENARIOS=${SCENARIOS:-1,2,3,4,5,6,7,8,9,10}
# what the TLS client offers (scenario 10): one protocol and one cipher, so that both servers
# negotiate the same; TLS_AES_256_GCM_SHA384 is what a JDK 17 client and server pick by default
TLS_PROTOCOL=${TLS_PROTOCOL:-TLSv1.3}
TLS_CIPHER=${TLS_CIPHER:-TLS_AES_256_GCM_SHA384}
CONNS_LIMIT=2000 # scenario 9's listeners: 1,000 connections from one source address, with room
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
SERVER_JVM_FLAGS=${SERVER_JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseG1GC}
CLIENT_JVM_FLAGS=${CLIENT_JVM_FLAGS:--Xms512m -Xmx512m}
RESULTS_DIR=${RESULTS_DIR:-$ROOT/bench/results}
DRIVER_TIMEOUT=${DRIVER_TIMEOUT:-$d_timeout}

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*"; exit 1; }

for tool in java jcmd gcc taskset curl timeout openssl; do
	command -v "$tool" >/dev/null || die "$tool not found"
done
[[ $(nproc --all) -ge 2 ]] || die "needs 2 CPUs (server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU)"

T0=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average at start: $LOAD_START"

# ---------------------------------------------------------------------------- work dir, cleanup
WORK=$(mktemp -d /tmp/netlab-bench.XXXXXX)
NETLAB_PID="" NETTY_PID="" DRIVER_PID="" TAIL_PID=""
cleanup() {
	local rc=$?
	for pid in $DRIVER_PID $TAIL_PID $NETTY_PID $NETLAB_PID; do
		if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
		fi
	done
	for pid in $DRIVER_PID $NETTY_PID $NETLAB_PID; do
		if [[ -n "$pid" ]]; then
			for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			kill -9 "$pid" 2>/dev/null || true
		fi
	done
	log "logs kept in $WORK"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 10k client sockets in the client JVM, 10k accepted sockets in each server JVM
want_fds=$((SCALE_CONNS + 2000))
hard=$(ulimit -Hn)
if [[ "$hard" != unlimited && "$hard" -lt "$want_fds" ]]; then
	die "open-file hard limit $hard < $want_fds needed for SCALE_CONNS=$SCALE_CONNS"
fi
ulimit -n "$hard" 2>/dev/null || ulimit -n "$want_fds"
log "open-file limit $(ulimit -n); ephemeral ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range)"

# ---------------------------------------------------------------------------- build
# SKIP_BUILD=auto (default): build a jar only when it is missing or a file it is built from is
# newer than it (netlab: src/main and pom.xml; a changed test does not count); SKIP_BUILD=1:
# never build; SKIP_BUILD=0 (or --build): always build.
netlab_jar() { ls "$ROOT"/target/netlab-*.jar 2>/dev/null | grep -v original | head -1 || true; }
stale() { # jar source... -> true if the jar is missing or older than one of the sources
	[[ -f "$1" ]] || return 0
	local jar=$1
	shift
	[[ -n "$(find "$@" -type f -newer "$jar" -print -quit 2>/dev/null)" ]]
}
if [[ "$SKIP_BUILD" == 0 ]] || { [[ "$SKIP_BUILD" == auto ]] && stale "$(netlab_jar)" src/main pom.xml; }; then
	log "building netlab (./mvnw -q -B -DskipTests package)"
	./mvnw -q -B -DskipTests package
else
	log "netlab jar up to date, not rebuilt (--build forces it)"
fi
if [[ "$SKIP_BUILD" == 0 ]] || { [[ "$SKIP_BUILD" == auto ]] && stale bench/target/netlab-bench.jar bench/src bench/pom.xml; }; then
	log "building bench (./mvnw -q -B -f bench/pom.xml package)"
	./mvnw -q -B -f bench/pom.xml package
else
	log "bench jar up to date, not rebuilt"
fi
NETLAB_JAR=$(netlab_jar)
BENCH_JAR=$ROOT/bench/target/netlab-bench.jar
[[ -f "$NETLAB_JAR" ]] || die "no netlab jar in target/ (run without SKIP_BUILD=1)"
[[ -f "$BENCH_JAR" ]] || die "no $BENCH_JAR (run without SKIP_BUILD=1)"
gcc -O2 -Wall -o "$WORK/epoll_client" "$ROOT/bench/epoll_client.c"
T_BUILT=$(date +%s)

# ---------------------------------------------------------------------------- TLS material
# one throw-away EC P-256 key (PKCS#8 PEM) and self-signed certificate, used by both servers
mkdir -p "$WORK/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" \
	>"$WORK/tls/openssl.log" 2>&1 || { cat "$WORK/tls/openssl.log"; die "openssl could not make the TLS key"; }

# ---------------------------------------------------------------------------- start both servers
log "starting netlab on CPU $SERVER_CPU: java $SERVER_JVM_FLAGS -jar $(basename "$NETLAB_JAR")"
# The one config listener replaces the built-in defaults (which bind port 7007).
# shellcheck disable=SC2086
(cd "$WORK" && exec taskset -c "$SERVER_CPU" java $SERVER_JVM_FLAGS -jar "$NETLAB_JAR" \
	--server.port=0 --netlab.data-dir="$WORK/data" \
	"--spring.ssl.bundle.pem.bench.keystore.certificate=file:$WORK/tls/cert.pem" \
	"--spring.ssl.bundle.pem.bench.keystore.private-key=file:$WORK/tls/key.pem" \
	'--netlab.listeners[0].name=bench-unused' '--netlab.listeners[0].protocol=tcp' '--netlab.listeners[0].port=0' \
	>"$WORK/netlab.log" 2>&1) &
NETLAB_PID=$!
# Netty starts meanwhile (it is up in about a second; netlab takes longer)
log "starting Netty echo server on CPU $SERVER_CPU: java $SERVER_JVM_FLAGS"
# shellcheck disable=SC2086
taskset -c "$SERVER_CPU" java $SERVER_JVM_FLAGS -cp "$BENCH_JAR" io.netlab.bench.NettyEchoServer \
	"$WORK/tls/cert.pem" "$WORK/tls/key.pem" >"$WORK/netty.log" 2>&1 &
NETTY_PID=$!

# ---------------------------------------------------------------------------- netlab listeners
HTTP_PORT=""
for _ in $(seq 1 120); do
	kill -0 "$NETLAB_PID" 2>/dev/null || { tail -30 "$WORK/netlab.log"; die "netlab exited"; }
	HTTP_PORT=$(sed -n 's/.*Tomcat started on port[s()]*:\{0,1\} \([0-9][0-9]*\).*/\1/p' "$WORK/netlab.log" | head -1)
	if [[ -n "$HTTP_PORT" ]] && curl -sf -m 2 "http://127.0.0.1:$HTTP_PORT/actuator/health" >/dev/null; then
		break
	fi
	HTTP_PORT=""
	sleep 0.5
done
[[ -n "$HTTP_PORT" ]] || { tail -30 "$WORK/netlab.log"; die "netlab HTTP not up within 60 s"; }
NETLAB_URL="http://127.0.0.1:$HTTP_PORT"
log "netlab pid $NETLAB_PID, HTTP $NETLAB_URL"

create_listener() { # name json -> bound port
	local out
	out=$(curl -sf -m 10 -XPOST "$NETLAB_URL/api/listeners" -H 'content-type: application/json' -d "$2") \
		|| die "creating listener $1 failed: $(curl -s -m 10 -XPOST "$NETLAB_URL/api/listeners" -H 'content-type: application/json' -d "$2")"
	echo "$out" >"$WORK/listener-$1.json"
	sed -n 's/.*"boundPort":\([0-9]*\).*/\1/p' <<<"$out"
}
TCP_OPTS='"options":{"tcpNoDelay":true}'
NL_RAW=$(create_listener raw '{"name":"bench-raw","protocol":"tcp","port":0,"framing":"raw","io":"nio",'"$TCP_OPTS"'}')
NL_LINE=$(create_listener line '{"name":"bench-line","protocol":"tcp","port":0,"framing":"line","io":"nio",'"$TCP_OPTS"'}')
NL_LP=$(create_listener lp '{"name":"bench-lp","protocol":"tcp","port":0,"framing":"length-prefix","lengthHeaderBytes":4,"io":"nio",'"$TCP_OPTS"'}')
# limits raised for the run: by default a UDP listener answers one source address at most
# 1,000 datagrams/s, and a TCP listener holds at most 100 connections per source address
NL_UDP=$(create_listener udp '{"name":"bench-udp","protocol":"udp","port":0,"limits":{"maxDatagramsPerSecondPerSource":10000000,"maxDatagramsPerSecond":10000000}}')
NL_BLOCK=$(create_listener blocking '{"name":"bench-blocking","protocol":"tcp","port":0,"framing":"raw","io":"blocking",'"$TCP_OPTS"'}')
NL_SCALE=$(create_listener scale '{"name":"bench-scale","protocol":"tcp","port":0,"framing":"raw","io":"nio","options":{"tcpNoDelay":true,"backlog":4096},"limits":{"maxConnections":'"$((SCALE_CONNS + 1000))"',"maxConnectionsPerSource":'"$((SCALE_CONNS + 1000))"'}}')
NL_CONNS=$(create_listener conns '{"name":"bench-conns","protocol":"tcp","port":0,"framing":"raw","io":"nio","options":{"tcpNoDelay":true,"backlog":4096},"limits":{"maxConnections":'"$CONNS_LIMIT"',"maxConnectionsPerSource":'"$CONNS_LIMIT"'}}')
NL_TLS=$(create_listener tls '{"name":"bench-tls","protocol":"tcp","port":0,"framing":"raw","io":"nio",'"$TCP_OPTS"',"tls":{"enabled":true,"bundle":"bench"}}')
log "netlab listeners: raw=$NL_RAW line=$NL_LINE length-prefix=$NL_LP udp=$NL_UDP blocking=$NL_BLOCK scale=$NL_SCALE conns=$NL_CONNS tls=$NL_TLS"

# ---------------------------------------------------------------------------- Netty
READY=""
for _ in $(seq 1 60); do
	kill -0 "$NETTY_PID" 2>/dev/null || { cat "$WORK/netty.log"; die "Netty server exited"; }
	READY=$(grep -m1 '^READY' "$WORK/netty.log" || true)
	[[ -n "$READY" ]] && break
	sleep 0.5
done
[[ -n "$READY" ]] || die "Netty server not ready within 30 s"
nport() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$READY"; }
log "Netty pid $NETTY_PID, listeners: ${READY#READY }"

# ---------------------------------------------------------------------------- run
DATE=$(date +%Y-%m-%d)
HOST=$(hostname -s 2>/dev/null || hostname)
mkdir -p "$RESULTS_DIR"
RESULT="$RESULTS_DIR/$DATE-$HOST.md"
[[ -e "$RESULT" ]] && RESULT="$RESULTS_DIR/$DATE-$(date +%H%M%S)-$HOST.md"
RESULT_JSON="${RESULT%.md}.json"
BODY="$WORK/body.md"
BODY_JSON="$WORK/body.json"

log "pinning: netlab and Netty server JVMs on CPU $SERVER_CPU, load client on CPU $CLIENT_CPU (taskset -c)"
log "server JVM flags (both): $SERVER_JVM_FLAGS; client JVM flags: $CLIENT_JVM_FLAGS"
log "rounds $ROUNDS x $ROUND_SECS s after $WARMUP_SECS s warm-up ($TLS_WARMUP_SECS s for TLS); scale $SCALE_CONNS conns, $SCALE_SECS s; scenarios $SCENARIOS"
: >"$WORK/driver.log"
# shellcheck disable=SC2086
timeout "$DRIVER_TIMEOUT" taskset -c "$CLIENT_CPU" java $CLIENT_JVM_FLAGS -cp "$BENCH_JAR" io.netlab.bench.BenchMain \
	netlab.pid="$NETLAB_PID" netty.pid="$NETTY_PID" netlab.url="$NETLAB_URL" \
	netlab.raw="$NL_RAW" netlab.line="$NL_LINE" netlab.length-prefix="$NL_LP" netlab.udp="$NL_UDP" \
	netlab.blocking="$NL_BLOCK" netlab.scale="$NL_SCALE" netlab.conns="$NL_CONNS" netlab.tls="$NL_TLS" \
	netty.raw="$(nport raw)" netty.line="$(nport line)" netty.length-prefix="$(nport length-prefix)" \
	netty.udp="$(nport udp)" netty.blocking="$(nport blocking)" netty.scale="$(nport scale)" netty.conns="$(nport conns)" netty.tls="$(nport tls)" \
	tls.protocol="$TLS_PROTOCOL" tls.cipher="$TLS_CIPHER" netty.log="$WORK/netty.log" json="$BODY_JSON" \
	rounds="$ROUNDS" round.secs="$ROUND_SECS" warmup.secs="$WARMUP_SECS" tls.warmup.secs="$TLS_WARMUP_SECS" overhead.warmup.secs="$OVERHEAD_WARMUP_SECS" scenarios="$SCENARIOS" \
	scale.conns="$SCALE_CONNS" scale.step="$SCALE_STEP" scale.secs="$SCALE_SECS" udp.loss.ms="$UDP_LOSS_MS" \
	check.rounds="$CHECK_ROUNDS" check.secs="$CHECK_SECS" epoll="$WORK/epoll_client" out="$BODY" \
	>>"$WORK/driver.log" 2>&1 &
DRIVER_PID=$!
tail -n +1 -f --pid="$DRIVER_PID" "$WORK/driver.log" &
TAIL_PID=$!
wait "$DRIVER_PID" || die "benchmark driver failed or timed out after $DRIVER_TIMEOUT s (see $WORK/driver.log)"
DRIVER_PID=""
wait "$TAIL_PID" 2>/dev/null || true
TAIL_PID=""
[[ -s "$BODY" ]] || die "driver wrote no results"
[[ -s "$BODY_JSON" ]] || die "driver wrote no JSON results"

# ---------------------------------------------------------------------------- results file
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
T1=$(date +%s)
SI_JAR=$(unzip -l "$NETLAB_JAR" 2>/dev/null | grep -o 'spring-integration-ip-[0-9.A-Z-]*\.jar' | head -1 || true)
BOOT_JAR=$(unzip -l "$NETLAB_JAR" 2>/dev/null | grep -o 'spring-boot-[0-9][0-9.A-Z-]*\.jar' | head -1 || true)
count_level() { grep -c " $1 " "$WORK/netlab.log" || true; }
COMMAND="$( (env | grep -E '^(QUICK|ROUNDS|ROUND_SECS|WARMUP_SECS|TLS_WARMUP_SECS|OVERHEAD_WARMUP_SECS|SCALE_CONNS|SCALE_STEP|SCALE_SECS|CHECK_ROUNDS|CHECK_SECS|UDP_LOSS_MS|SCENARIOS|SKIP_BUILD|TLS_PROTOCOL|TLS_CIPHER)=' || true) | tr '\n' ' ')bench/run.sh${ARGS:+ $ARGS}"
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
SRC_DIRTY=false
git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || SRC_DIRTY=true
CPU_MODEL=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
MEM_GIB=$(free -g | awk '/^Mem/{print $2}')
JAVA_VERSION=$(java -version 2>&1 | head -1)
MODE=full
[[ "$QUICK" == 1 ]] && MODE=quick
{
	echo "# netlab vs Netty echo benchmark — $DATE, $HOST ($MODE mode)"
	echo
	if [[ "$MODE" == quick ]]; then
		echo "**Quick mode: one short round per server and scenario; the numbers are only indicative.**"
		echo
	fi
	echo "- Command: \`$COMMAND\`"
	echo "- netlab commit: \`$COMMIT\`$([[ $SRC_DIRTY == true ]] && echo ' (src has uncommitted changes)'); ${BOOT_JAR%.jar}, ${SI_JAR%.jar}; Netty 4.2.18.Final (NIO, 1 acceptor + 1 event loop); HdrHistogram 2.2.2"
	echo "- Machine: $(nproc --all) CPUs ($CPU_MODEL), $MEM_GIB GiB, kernel $(uname -r), $JAVA_VERSION"
	echo "- Pinning: netlab and Netty server JVMs on CPU $SERVER_CPU, load client on CPU $CLIENT_CPU (\`taskset -c\`); both servers stay up for the whole run and are loaded one at a time, alternating (A B A B ...)"
	echo "- Server JVM flags (both): \`$SERVER_JVM_FLAGS\`; client JVM: \`$CLIENT_JVM_FLAGS\`. Pinned to one CPU, each JVM sees 1 processor (netlab runs 1 selector loop per nio listener; Netty has 1 loop)"
	echo "- Rounds: $WARMUP_SECS s warm-up per server per scenario ($TLS_WARMUP_SECS s for TLS, $OVERHEAD_WARMUP_SECS s watched for scenario 7; discarded), then $ROUNDS × $ROUND_SECS s per server; medians with (min–max) over rounds. UDP loss timeout $UDP_LOSS_MS ms"
	echo "- Sizes are payload bytes (framing on top); MB/s = 10^6 payload bytes per second, one direction; latency = write of a request to the last byte of its echo"
	echo "- TLS (scenario 10): the client offers only \`$TLS_PROTOCOL\` / \`$TLS_CIPHER\` and trusts any certificate; both servers use the same throw-away EC P-256 key and self-signed certificate; JDK TLS on all three"
	echo "- **Load average at start: $LOAD_START; at end: $LOAD_END** (1/5/15 min; the machine is shared, e.g. with Maven builds)"
	echo
	cat "$BODY"
	echo "### Logs"
	echo
	echo "- netlab log: $(count_level WARN) WARN and $(count_level ERROR) ERROR lines (most frequent first):"
	grep -E ' (WARN|ERROR) ' "$WORK/netlab.log" | sed -E 's/^.* (WARN|ERROR) [0-9]+ --- .*\] ([^ ]+) *: /\1 \2: /' \
		| cut -c1-200 | sort | uniq -c | sort -rn | head -8 | sed -E 's/^ *([0-9]+) /  - \1× /' || true
	echo "- Netty log: $(grep -ciE 'exception|error' "$WORK/netty.log" || true) lines mentioning an exception or error"
	echo "- Wall time of the run: $((T1 - T0)) s ($((T_BUILT - T0)) s of it building)"
	echo "- The same results as JSON: \`$(basename "$RESULT_JSON")\`"
} >"$RESULT"

# the JSON: header fields here, then the members the driver wrote (targets, scenarios)
jstr() { # a JSON string literal: control characters dropped, backslash and quote escaped
	printf '"%s"' "$(printf '%s' "$1" | tr -d '\000-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}
jload() { # "0.50 0.70 1.20" -> [0.50, 0.70, 1.20]
	printf '[%s]' "$(sed 's/ /, /g' <<<"$1")"
}
{
	echo "{"
	echo "  \"schema\": 1,"
	echo "  \"date\": $(jstr "$DATE"),"
	echo "  \"host\": $(jstr "$HOST"),"
	echo "  \"mode\": $(jstr "$MODE"),"
	echo "  \"command\": $(jstr "$COMMAND"),"
	echo "  \"commit\": $(jstr "$COMMIT"),"
	echo "  \"srcUncommittedChanges\": $SRC_DIRTY,"
	echo "  \"versions\": {\"springBoot\": $(jstr "${BOOT_JAR%.jar}"), \"springIntegrationIp\": $(jstr "${SI_JAR%.jar}"), \"netty\": \"4.2.18.Final\", \"java\": $(jstr "$JAVA_VERSION")},"
	echo "  \"machine\": {\"cpus\": $(nproc --all), \"cpuModel\": $(jstr "$CPU_MODEL"), \"memGiB\": ${MEM_GIB:-0}, \"kernel\": $(jstr "$(uname -r)")},"
	echo "  \"pinning\": {\"serverCpu\": $(jstr "$SERVER_CPU"), \"clientCpu\": $(jstr "$CLIENT_CPU")},"
	echo "  \"serverJvmFlags\": $(jstr "$SERVER_JVM_FLAGS"),"
	echo "  \"clientJvmFlags\": $(jstr "$CLIENT_JVM_FLAGS"),"
	echo "  \"rounds\": $ROUNDS, \"roundSecs\": $ROUND_SECS, \"warmupSecs\": $WARMUP_SECS, \"tlsWarmupSecs\": $TLS_WARMUP_SECS, \"udpLossMs\": $UDP_LOSS_MS,"
	echo "  \"tlsOffered\": {\"protocol\": $(jstr "$TLS_PROTOCOL"), \"cipher\": $(jstr "$TLS_CIPHER")},"
	echo "  \"loadAverage\": {\"start\": $(jload "$LOAD_START"), \"end\": $(jload "$LOAD_END")},"
	echo "  \"wallSeconds\": $((T1 - T0)), \"buildSeconds\": $((T_BUILT - T0)),"
	echo "  \"markdown\": $(jstr "$(basename "$RESULT")"),"
	sed 's/^/  /' "$BODY_JSON"
	echo "}"
} >"$RESULT_JSON"
log "load average at end: $LOAD_END"
log "results written to $RESULT and $(basename "$RESULT_JSON")"
log "wall time $((T1 - T0)) s ($((T_BUILT - T0)) s of it building)"
