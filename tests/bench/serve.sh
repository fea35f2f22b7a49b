#!/usr/bin/env bash
# Serving benchmark of vivo_java through the host emulator (BENCHMARKS.md, "Serving a full stream").
#
#   tests/bench/serve.sh        after ./build.sh
#
# Fills the logs stream to stream_queue_size with copies of tests/fixtures/big-chunk (a tail chunk of
# 11,193 records, 2 MB of msgpack), then reads the whole stream READS times over loopback with curl, for
# each path and protocol, identity and gzip, and prints for each read the bytes sent, curl's time_total
# and the speed in MB of JSON per second (for gzip too: the JSON the compressed bytes stand for), and the
# median. curl writes to /dev/null; the client's cost is in the
# figures too, as it would be for any real client.
#
# Where h2load (Debian's nghttp2-client) is installed, it then reads each path over h2c by prior knowledge
# too, H2LOAD_READS times on one connection and on four, after as many reads to warm up: the steady rate,
# without curl's start per read.
#
# Environment (all optional): VIVO_BUILD_JDK (default Temurin 25), QUEUE (stream_queue_size, default
# 20M), CHUNKS (big chunks fed, default 30: more than the stream holds, so it is full), READS (default
# 7), H2LOAD_READS (default 100), SERVE_DIR (default build/bench-serve), JVM_OPTIONS.
set -euo pipefail
cd "$(dirname "$0")/../.."

JDK=${VIVO_BUILD_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
QUEUE=${QUEUE:-20M}
CHUNKS=${CHUNKS:-30}
READS=${READS:-7}
H2LOAD_READS=${H2LOAD_READS:-100}
DIR=${SERVE_DIR:-build/bench-serve}
JVM_OPTIONS=${JVM_OPTIONS:-}

say() { echo "+ $*" >&2; }
die() { echo "serve.sh: $*" >&2; exit 1; }

[ -x build/fbhost ] && [ -f build/vivo_java.so ] || die "build first: ./build.sh"
command -v curl >/dev/null || die "curl is missing"
curl -V | grep -q HTTP2 || die "this curl has no HTTP/2"
mkdir -p "$DIR"

PID=
cleanup() { [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null || true; }
trap cleanup EXIT
trap "exit 1" INT TERM

cat > "$DIR/serve.conf" <<CONF
[SERVICE]
    log_level info
[INPUT]
    name  chunks
    dir   $PWD/tests/fixtures/big-chunk
    rate  1000
    count $CHUNKS
[OUTPUT]
    name              vivo_java
    match             *
    http_port         0
    stream_queue_size $QUEUE
    http_idle_timeout 0
CONF
[ -n "$JVM_OPTIONS" ] && printf '    jvm_options       %s\n' "$JVM_OPTIONS" >> "$DIR/serve.conf"

say "JAVA_HOME=$JDK build/fbhost -c $DIR/serve.conf -e build/vivo_java.so"
JAVA_HOME="$JDK" build/fbhost -c "$DIR/serve.conf" -e build/vivo_java.so > "$DIR/serve.out" 2> "$DIR/serve.err" &
PID=$!
for _ in $(seq 1 600); do
    grep -q "inputs done" "$DIR/serve.out" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || die "fbhost exited; see $DIR/serve.err"
    sleep 0.1
done
grep -q "inputs done" "$DIR/serve.out" || die "the input did not finish in 60 s"
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$DIR/serve.err" | head -1)
# wait until the drain has stored every chunk: the tail id is the count
for _ in $(seq 1 600); do
    tail=$(curl -s -I "http://127.0.0.1:$port/logs?from=9223372036854775807" | tr -d '\r' | sed -n 's/^[Vv]ivo-[Ss]tream-[Tt]ail-[Ii][Dd]: //p')
    [ "${tail:-0}" -ge "$CHUNKS" ] && break
    sleep 0.1
done
state=$(curl -s -I "http://127.0.0.1:$port/logs" | tr -d '\r' | grep -i "retained\|rejected\|evicted-entries" | tr '\n' ' ')
say "stream: $state"

printf '%-14s %-24s %-9s %4s %12s %9s %10s\n' path protocol encoding read "bytes sent" seconds "MB/s JSON"
for path in /logs /api/v1/logs /api/v2/logs; do
    # the JSON a read carries: gzip's speed is told in the bytes it stands for, not the compressed ones
    json=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$path")
    for proto in --http1.1 --http2-prior-knowledge; do
        for enc in identity gzip; do
            speeds=()
            for i in $(seq 1 "$READS"); do
                # each read is one page: the default stream_page_size is stream_queue_size
                read -r size seconds < <(curl -s -o /dev/null $proto -H "Accept-Encoding: $enc" \
                    -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$port$path")
                speed=$(awk -v b="$json" -v t="$seconds" 'BEGIN { printf "%.0f", b / t / 1e6 }')
                printf '%-14s %-24s %-9s %4d %12d %9.4f %10d\n' "$path" "$proto" "$enc" "$i" "$size" "$seconds" "$speed"
                speeds+=("$speed")
            done
            median=$(printf '%s\n' "${speeds[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
            printf '%-14s %-24s %-9s %4s %12s %9s %10d   <- median of %d\n' "$path" "$proto" "$enc" "med" "-" "-" "$median" "$READS"
        done
    done
done
if command -v h2load >/dev/null; then
    printf '%-14s %-24s %12s\n' path "h2load, identity" "rate (h2load's MB is MiB)"
    for path in /logs /api/v1/logs /api/v2/logs; do
        for connections in 1 4; do
            h2load -n "$H2LOAD_READS" -c "$connections" "http://127.0.0.1:$port$path" > /dev/null 2>&1   # warm-up
            # h2load's "finished in ..., N req/s, X MB/s": the bodies are the JSON, identity
            rate=$(h2load -n "$H2LOAD_READS" -c "$connections" "http://127.0.0.1:$port$path" 2>&1 \
                | sed -n 's/^finished in .* req\/s, \(.*\)$/\1/p')
            printf '%-14s %-24s %12s\n' "$path" "$connections connection(s)" "$rate"
        done
    done
fi
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$PID/status")
say "fbhost RSS at the end: $((rss / 1024)) MiB"
kill -TERM "$PID"; wait "$PID" || true; PID=
