#!/usr/bin/env bash
# Memory footprint of vivo_java through the host emulator (BENCHMARKS.md, "Footprint: what JVM options
# and the environment buy").
#
#   tests/bench/footprint.sh      after ./build.sh
#
# For each case (a name, an environment, jvm_options) it starts build/fbhost with the shim twice:
# - idle: fbhost's dummy input at 1 chunk/s; IDLE_S s after the plugin's "listening on" line, a reading.
# - full: FULL_COUNT copies of tests/fixtures/big-chunk at FULL_RATE chunks/s, so that the logs stream
#   (stream_queue_size 20M) evicts; once /api/v1/health counts evicted entries and fbhost says "inputs
#   done", SETTLE_S s later (a settle time for the reading, not a wait for a condition), a reading; then
#   one curl reads the whole of /api/v1/logs, and SETTLE_S s later another reading ("read").
# A reading: VmRSS, VmHWM, RssAnon, RssFile, Threads from /proc/<pid>/status, and from /proc/<pid>/smaps
# the resident bytes of libjvm.so and of the class-data archive (*.jsa). Case `null` is the same host
# with a do-nothing output (no stream, so no read). A case whose jvm_options hold NativeMemoryTracking
# also gets `jcmd VM.native_memory summary` and `jcmd GC.heap_info` at each reading, in
# $DIR/<case>-<phase>.jcmd, and the resident bytes of the Java heap's range from smaps; give it
# -XX:+StartAttachListener too (the JVM runs with -Xrs, so jcmd cannot wake the listener with SIGQUIT).
#
# Environment (all optional): VIVO_BUILD_JDK (default Temurin 25); VIVO_SHIM (default: build/vivo_java.so
# on VIVO_BUILD_JDK; when set, e.g. to an unpacked bundle's vivo_java.so, fbhost runs without JAVA_HOME,
# so on the bundle's runtime and class-data archive, and VIVO_BUILD_JDK is only for jcmd); CASES, one
# case a line, "name|environment|jvm_options", e.g. "arena2|MALLOC_ARENA_MAX=2|-Xms8m" (default: the
# list below, which has JDK 25 flags); PHASES ("idle full"), IDLE_S (8), SETTLE_S (5), FULL_RATE (10),
# FULL_COUNT (150: 270 MB through the 20M stream, so that the old generation turns over as in a long
# run), FOOTPRINT_DIR (where configs and logs go, default build/bench-footprint).
set -euo pipefail
cd "$(dirname "$0")/../.."

JDK=${VIVO_BUILD_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
SHIM=${VIVO_SHIM:-}
PHASES=${PHASES:-idle full}
IDLE_S=${IDLE_S:-8}
SETTLE_S=${SETTLE_S:-5}
FULL_RATE=${FULL_RATE:-10}
FULL_COUNT=${FULL_COUNT:-150}
DIR=${FOOTPRINT_DIR:-build/bench-footprint}
CASES=${CASES:-"null||
none||
xms8m||-Xms8m
xss256k||-Xss256k
c1only||-XX:TieredStopAtLevel=1
cic2||-XX:CICompilerCount=2
code24m||-XX:ReservedCodeCacheSize=24m
coh||-XX:+UseCompactObjectHeaders
freeratio||-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
xms8m-free||-Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
xmn16m||-Xmn16m
arena2|MALLOC_ARENA_MAX=2|
trim||-XX:TrimNativeHeapInterval=5000
reloc0||-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0
shareoff||-Xshare:off
proposed||-Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=5000 -XX:CICompilerCount=2
nmt||-XX:NativeMemoryTracking=summary -XX:+StartAttachListener"}

. tests/bench/lib.sh   # say, die, stamp, wait_line, stop_fbhost, build_null_output; the cleanup trap

preflight   # the build, the JDK and curl are there; $DIR and the null output plugin at $NULL_SO

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# reading <phase>: prints "rss hwm anon file threads libjvm jsa heap" (MiB; heap "-" unless known).
reading() {
    local phase=$1 jcmd_file="$DIR/$name-$1.jcmd" heap_lo= heap_hi=
    if [[ "$opts" == *NativeMemoryTracking* ]]; then
        { "$JDK/bin/jcmd" "$PID" VM.native_memory summary; "$JDK/bin/jcmd" "$PID" GC.heap_info; } \
            > "$jcmd_file" 2>&1 || die "jcmd failed; see $jcmd_file"
        # the heap's range: the lowest and highest address in GC.heap_info's [low, ..., high) lines
        read -r heap_lo heap_hi < <(grep -o '\[0x[0-9a-f]*, 0x[0-9a-f]*\(, 0x[0-9a-f]*\)\?)' "$jcmd_file" \
            | tr -d '[),' | awk '{ for (i = 1; i <= NF; i++) { a = substr($i, 3); a = substr("0000000000000000" a, length(a) + 1)
                                     if (lo == "" || a < lo) lo = a; if (a > hi) hi = a } } END { print lo, hi }')
    fi
    awk -v lo="$heap_lo" -v hi="$heap_hi" '
        FILENAME ~ /status$/ { if ($1 ~ /^(VmRSS|VmHWM|RssAnon|RssFile|Threads):$/) s[$1] = $2; next }
        /^[0-9a-f]+-[0-9a-f]+ / { split($1, r, "-"); a = substr("0000000000000000" r[1], length(r[1]) + 1)
                                  what = $6 ~ /libjvm\.so$/ ? "jvm" : $6 ~ /\.jsa$/ ? "jsa" : lo != "" && a >= lo && a < hi ? "heap" : ""; next }
        $1 == "Rss:" && what != "" { k[what] += $2 }
        END { printf "%.1f %.1f %.1f %.1f %d %.1f %.1f %s\n", s["VmRSS:"] / 1024, s["VmHWM:"] / 1024, s["RssAnon:"] / 1024,
                  s["RssFile:"] / 1024, s["Threads:"], k["jvm"] / 1024, k["jsa"] / 1024, lo != "" ? sprintf("%.1f", k["heap"] / 1024) : "-" }
    ' "/proc/$PID/status" "/proc/$PID/smaps"
}

# health_logs <port> <field>: a number from /api/v1/health's logs stream.
health_logs() {
    curl -s -m 5 "http://127.0.0.1:$1/api/v1/health" | grep -o '"logs":{[^}]*}' | grep -o "\"$2\":[0-9]*" | cut -d: -f2
}

RESULTS=()
head=

# run_phase <idle|full>: one fbhost for the current case; appends its readings to ROW.
run_phase() {
    local phase=$1 conf="$DIR/$name-$1.conf" out="$DIR/$name-$1.out" err="$DIR/$name-$1.err"
    local so=${SHIM:-build/vivo_java.so} java_home=${SHIM:+-u JAVA_HOME} port= evicted= input bytes
    [ -n "$java_home" ] || java_home="JAVA_HOME=$JDK"
    [ "$name" = null ] && so=$NULL_SO
    if [ "$phase" = idle ]; then
        input="[INPUT]
    name   dummy
    tag    idle
    rate   1
    count  0"
    else
        input="[INPUT]
    name   chunks
    dir    $PWD/tests/fixtures/big-chunk
    rate   $FULL_RATE
    count  $FULL_COUNT"
    fi
    cat > "$conf" <<EOF
[SERVICE]
    log_level  info
    grace      10

$input

[OUTPUT]
    name               $( [ "$name" = null ] && echo null || echo vivo_java )
    match              *
    http_port          0
    stream_queue_size  20M
EOF
    [ "$name" != null ] && [ -n "$opts" ] && printf '    jvm_options        %s\n' "$opts" >> "$conf"
    say "case $name, $phase: env $java_home $env build/fbhost -c $conf -e $so"
    # shellcheck disable=SC2086  # env is a list of NAME=value words
    env $java_home $env build/fbhost -c "$conf" -e "$so" > >(stamp > "$out") 2> >(stamp > "$err") &
    PID=$!
    wait_line "$out" "fbhost: ready" 60 > /dev/null
    if [ "$name" != null ]; then
        port=$(wait_line "$err" "listening on 127.0.0.1:" 1 | sed 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/')
    fi
    if [ "$phase" = idle ]; then
        sleep "$IDLE_S"   # the idle time, not a wait for a condition
        ROW+=" $(reading idle)"
    else
        if [ -n "$port" ]; then
            for _ in $(seq 1 600); do   # at most 120 s
                evicted=$(health_logs "$port" evictedEntries) || true
                [ "${evicted:-0}" -gt 0 ] && break
                kill -0 "$PID" 2>/dev/null || die "fbhost exited; see $out and $err"
                sleep 0.2
            done
            [ "${evicted:-0}" -gt 0 ] || die "the logs stream did not evict within 120 s; see $err"
        fi
        wait_line "$out" "fbhost: inputs done" 120 > /dev/null
        sleep "$SETTLE_S"
        ROW+=" $(reading full)"
        if [ -n "$port" ]; then
            ROW+=" $(health_logs "$port" retainedBytes | awk '{ printf "%.1f", $1 / 1048576 }')"
            bytes=$(curl -s -m 60 -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/api/v1/logs")
            say "read /api/v1/logs: $bytes bytes"
            sleep "$SETTLE_S"
            ROW+=" $(reading read)"
        else
            ROW+=" - - - - - - - - -"
        fi
    fi
    stop_fbhost
    if [ "$phase" = full ]; then
        grep -q "fbhost: stopped .* ok=$FULL_COUNT retried=[0-9]* errors=0 dropped=0 " "$out" \
            || die "fbhost did not count ok=$FULL_COUNT errors=0 dropped=0; see $out"
    fi
}

machine="$(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GiB"
say "machine: $machine, load $(cut -d' ' -f1-3 /proc/loadavg); JDK $JDK${SHIM:+, shim $SHIM}; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

while IFS='|' read -r name env opts; do
    [ -n "$name" ] || continue
    ROW=
    for phase in $PHASES; do
        case $phase in
            idle) run_phase idle ;;
            full) run_phase full ;;
            *) die "unknown phase $phase" ;;
        esac
    done
    RESULTS+=("$(printf '%-10s %s | %s' "$name" "$ROW" "${env:+$env }${opts:--}")")
    say "result: ${RESULTS[-1]}"
done <<<"$CASES"

echo
echo "vivo_java footprint through fbhost ($machine), ${SHIM:-JDK $("$JDK/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')}, load now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "MiB. Readings (phases: $PHASES): rss hwm anon file threads libjvm jsa heap, from /proc/<pid>/status"
echo "and smaps (libjvm, jsa: resident parts of libjvm.so and the CDS archive; heap: the Java heap's range,"
echo "NMT cases only). idle: $IDLE_S s after 'listening on', 1 dummy chunk/s. full: $FULL_COUNT big chunks at"
echo "$FULL_RATE/s, $SETTLE_S s after inputs done, then the logs stream's retained MiB; read: $SETTLE_S s after one"
echo "curl of /api/v1/logs."
for phase in $PHASES; do
    [ "$phase" = idle ] && head+=" idle:rss hwm anon file thr jvm jsa heap"
    [ "$phase" = full ] && head+=" full:rss hwm anon file thr jvm jsa heap retained read:rss hwm anon file thr jvm jsa heap"
done
printf '%-10s %s | %s\n' case "$head" "environment, jvm_options"
printf '%s\n' "${RESULTS[@]}"
