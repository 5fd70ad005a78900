#!/usr/bin/env bash
# JMH microbenchmarks of the frame decoders and the UDP path, no sockets. See bench/README.md.
#
#   bench/jmh.sh                                  all of them (about 8 minutes)
#   bench/jmh.sh FrameAssembler -p framing=LINE   one class, one framing
#   bench/jmh.sh FrameAssembler -prof gc          with allocation per operation (gc.alloc.rate.norm)
#   bench/jmh.sh -wi 1 -i 2 -r 500ms              shorter (noisier) runs
#
# The first argument, unless it starts with '-', is JMH's benchmark regex; the rest go to JMH
# and override the defaults below, which suit a 2-core machine. The benchmarks are test classes
# (src/test/java, *Benchmark), compiled with JMH's annotation processor by test-compile. JMH's
# table goes to the console, its JSON to bench/results/jmh-<date>.json.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

regex=io.netlab
if [[ $# -gt 0 && "$1" != -* ]]; then
	regex=$1
	shift
fi

./mvnw -q -B -ntp -DskipTests test-compile
classpath_file=target/jmh-classpath.txt
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"

# a default applies only when the caller did not give the same option (JMH refuses one twice)
args=()
default() {
	local option=$1
	shift
	local given
	for given in "${user_args[@]}"; do
		[[ "$given" == "$option" ]] && return
	done
	args+=("$option" "$@")
}
user_args=("$@")
mkdir -p bench/results
default -f 1
default -wi 3
default -w 1s
default -i 5
default -r 1s
# the heap of bench/run.sh's servers, touched at start: with the JVM's default heap (a quarter of
# the RAM) no collection happens in a short run, every allocation lands on memory never touched,
# and in this VM the page faults made allocating benchmarks up to 30x slower, at random
default -jvmArgsAppend "-Xms512m -Xmx512m -XX:+UseG1GC -XX:+AlwaysPreTouch"
default -rf json
default -rff "bench/results/jmh-$(date +%Y-%m-%d-%H%M%S).json"

exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" org.openjdk.jmh.Main \
	"$regex" "${args[@]}" "$@"
