#!/usr/bin/env bash
# End-to-end benchmark of vivo_java through the host emulator (BENCHMARKS.md, "End to end through fbhost").
#
#   tests/bench/e2e.sh        after ./build.sh (./build.sh bench-e2e does both)
#
# For each case it starts build/fbhost with the shim, feeds a fixed number of chunks as fast as the host
# can, and times the whole path: from fbhost's "ready" line (inputs start right after it) until the
# plugin's logs stream says it has appended every chunk (Vivo-Stream-Next-ID = count: each chunk was
# flushed, queued, rendered by Java and stored). Then it reads the process's RSS and CPU time, stops it
# with SIGTERM and checks fbhost's "stopped" line and the plugin's "stopped: N chunks received" line.
# The same feeds into a do-nothing output give the host's own cost (cases null-*).
#
# Environment (all optional): VIVO_BUILD_JDK (JDK the plugin runs on, default Temurin 25),
# BIG_COUNT (chunks of tests/fixtures/big-chunk, default 300), SMALL_COUNT (dummy chunks, default
# 100000), SMALL_RECORDS (records per dummy chunk, default 10), WORKERS (default "0 1 2"),
# RETRY_WAIT_MS (default 10), E2E_DIR (where configs and logs go, default build/bench-e2e), JVM_OPTIONS
# (jvm_options of the vivo_java cases, default none), POLLERS (clients following /api/v1/logs with
# from=<next>&wait=5 during the vivo_java cases, tests/bench/Pollers.java, default 0), POLLERS_NICE (the
# clients' nice value, default 0), POLLERS_IDLE (1: the clients run in the SCHED_IDLE class, so that any
# thread of the plugin or the host that wakes takes the CPU from them at once; the nearest this machine
# comes to clients on another one. At nice 19 alone they still delay the host's wake-ups by a time slice:
# BENCHMARKS.md, "100 pollers, measured to the chunk").
set -euo pipefail
cd "$(dirname "$0")/../.."

JDK=${VIVO_BUILD_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
BIG_COUNT=${BIG_COUNT:-300}
SMALL_COUNT=${SMALL_COUNT:-100000}
SMALL_RECORDS=${SMALL_RECORDS:-10}
WORKERS=${WORKERS:-0 1 2}
RETRY_WAIT_MS=${RETRY_WAIT_MS:-10}
DIR=${E2E_DIR:-build/bench-e2e}
JVM_OPTIONS=${JVM_OPTIONS:-}
POLLERS=${POLLERS:-0}
POLLERS_NICE=${POLLERS_NICE:-0}
POLLERS_IDLE=${POLLERS_IDLE:-0}
BIG_DIR=$PWD/tests/fixtures/big-chunk
BIG_RECORDS=11193     # tail records in big-chunk/0000.msgpack
DUMMY_BYTES=41        # msgpack bytes of one fbhost dummy record

. tests/bench/lib.sh   # say, die, stamp, cpu_s, wait_line, stop_fbhost, build_null_output; the cleanup trap

preflight   # the build, the JDK and curl are there; $DIR and the null output plugin at $NULL_SO

if [ "$POLLERS" -gt 0 ]; then
    say "javac tests/bench/Pollers.java (compiled once, so that the clients start at once)"
    "$JDK/bin/javac" -d "$DIR/pollers" tests/bench/Pollers.java
fi

RESULTS=()

# run_case <name> <plugin: vivo_java or null> <workers> <count> <records per chunk> <[INPUT] section>
run_case() {
    local name=$1 plugin=$2 workers=$3 count=$4 records=$5 input=$6
    local conf="$DIR/$name.conf" out="$DIR/$name.out" err="$DIR/$name.err" so=build/vivo_java.so
    local t_launch t_jvm=0 t_listen=0 t_ready t_done t_stored t_half=0 half port next cpu0 cpu1 rss hwm
    local stopped received bytes

    say "case $name: $count chunks of $records records into $plugin, workers $workers"
    [ "$plugin" = null ] && so=$NULL_SO
    cat > "$conf" <<EOF
[SERVICE]
    log_level      info
    grace          60
    retry_wait_ms  $RETRY_WAIT_MS

$input

[OUTPUT]
    name         $plugin
    match        *
    workers      $workers
    retry_limit  no_limits
    http_port    0
EOF
    if [ "$plugin" = vivo_java ] && [ "$POLLERS" -gt 0 ]; then
        # room for the pollers and for this script's own polls (http_max_connections is 100 by default)
        printf '    http_max_connections  %d\n' $((POLLERS + 10)) >> "$conf"
    fi
    if [ "$plugin" = vivo_java ] && [ -n "$JVM_OPTIONS" ]; then
        printf '    jvm_options  %s\n' "$JVM_OPTIONS" >> "$conf"
    fi
    say "JAVA_HOME=$JDK build/fbhost -c $conf -e $so"
    t_launch=$EPOCHREALTIME
    JAVA_HOME="$JDK" build/fbhost -c "$conf" -e "$so" \
        > >(stamp > "$out") 2> >(stamp > "$err") &
    PID=$!

    t_ready=$(wait_line "$out" "fbhost: ready" 60 | cut -d' ' -f1)
    cpu0=$(cpu_s "$PID")
    if [ "$plugin" = null ]; then
        # nothing stored: the run ends when every flush has returned
        t_done=$(wait_line "$out" "fbhost: inputs done" 600 | cut -d' ' -f1)
        t_stored=$t_done
    else
        port=$(wait_line "$err" "listening on 127.0.0.1:" 10 | sed 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/')
        t_jvm=$(wait_line "$err" "JVM started" 1 | cut -d' ' -f1)
        t_listen=$(wait_line "$err" "listening on" 1 | cut -d' ' -f1)
        say "pid $PID, API on port $port; polling /logs until Vivo-Stream-Next-ID = $count"
        POLLERS_PID=
        if [ "$POLLERS" -gt 0 ]; then
            sched=()
            if [ "$POLLERS_IDLE" = 1 ]; then
                sched=(chrt --idle 0)
            fi
            say "$POLLERS clients following /api/v1/logs (tests/bench/Pollers.java), nice $POLLERS_NICE${sched:+, SCHED_IDLE}"
            "${sched[@]}" nice -n "$POLLERS_NICE" "$JDK/bin/java" -cp "$DIR/pollers" Pollers "$port" "$POLLERS" > "$DIR/$name.pollers" 2>&1 &
            POLLERS_PID=$!
        fi
        # Vivo-Stream-Next-ID counts the chunks ever appended to the logs stream; a from beyond the end
        # makes the answer empty, so each poll is cheap. One poll every 20 ms, for at most 10 minutes.
        t_stored=
        half=$(( (count + 1) / 2 ))
        for _ in $(seq 1 30000); do
            next=$(curl -s -m 2 -I "http://127.0.0.1:$port/logs?from=9223372036854775807" \
                | tr -d '\r' | sed -n 's/^[Vv]ivo-[Ss]tream-[Nn]ext-[Ii][Dd]: //p') || true   # checked below
            if [ "$t_half" = 0 ] && [ "${next:-0}" -ge "$half" ]; then
                t_half=$EPOCHREALTIME
            fi
            if [ "${next:-0}" -ge "$count" ]; then
                t_stored=$EPOCHREALTIME
                break
            fi
            kill -0 "$PID" 2>/dev/null || die "fbhost exited during the run; see $out and $err"
            sleep 0.02
        done
        if [ -n "$POLLERS_PID" ]; then
            kill "$POLLERS_PID"
            wait "$POLLERS_PID" 2>/dev/null || true
            say "pollers: $(tail -1 "$DIR/$name.pollers")"
        fi
        [ -n "$t_stored" ] || die "the stream did not reach $count chunks in 10 minutes (Next-ID $next)"
        t_done=$(wait_line "$out" "fbhost: inputs done" 60 | cut -d' ' -f1)
    fi
    cpu1=$(cpu_s "$PID")
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$PID/status")
    hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$PID/status")
    stop_fbhost

    stopped=$(grep -m1 "fbhost: stopped" "$out") || die "no stopped line in $out"
    say "fbhost: ${stopped#* fbhost: }"
    grep -q " ok=$count retried=[0-9]* errors=0 dropped=0 " <<<"$stopped" \
        || die "fbhost did not get ok=$count errors=0 dropped=0: $stopped"
    if [ "$plugin" = null ]; then
        [ "$records" = "$BIG_RECORDS" ] && bytes=$(( count * $(stat -c %s "$BIG_DIR/0000.msgpack") )) \
            || bytes=$(( count * records * DUMMY_BYTES ))
    else
        received=$(grep -m1 "stopped: [0-9]* chunks received" "$err") || die "no 'chunks received' line in $err"
        say "plugin: ${received#*\] \[output:vivo_java:*\] }"
        grep -q "stopped: $count chunks received" <<<"$received" \
            || die "the plugin did not count $count chunks: $received"
        bytes=$(sed 's/.*chunks received (\([0-9]*\) bytes).*/\1/' <<<"$received")
    fi

    RESULTS+=("$(awk -v name="$name" -v w="$workers" -v n="$count" -v r="$records" -v bytes="$bytes" \
        -v launch="$t_launch" -v jvm="$t_jvm" -v listen="$t_listen" -v ready="$t_ready" -v half="$t_half" \
        -v done_="$t_done" -v stored="$t_stored" -v cpu0="$cpu0" -v cpu1="$cpu1" -v rss="$rss" -v hwm="$hwm" \
        -v stopped="$stopped" 'BEGIN {
            match(stopped, /retried=[0-9]+/); retried = substr(stopped, RSTART + 8, RLENGTH - 8)
            match(stopped, /flush_us_avg=[0-9.]+/); avg = substr(stopped, RSTART + 13, RLENGTH - 13)
            match(stopped, /flush_us_max=[0-9.]+/); max = substr(stopped, RSTART + 13, RLENGTH - 13)
            t = stored - ready
            # the second half needs a few polls to mean anything
            h = half && stored - half >= 0.1 ? sprintf("%.1f", (n - int((n + 1) / 2)) * (bytes / n) / (stored - half) / 1e6) : "-"
            printf "%-11s %2d %7d %8.3f %9.1f %10.0f %7.1f %7s %7.3f %7d %9.1f %9.1f %6.2f %7.0f %7.0f %5.0f %6.0f\n",
                name, w, n, t, n / t, n * r / t, bytes / t / 1e6, h, done_ - ready, retried, avg, max,
                cpu1 - cpu0, rss / 1024, hwm / 1024, jvm ? (jvm - launch) * 1000 : 0, listen ? (listen - launch) * 1000 : 0
        }')")
    say "result: ${RESULTS[-1]}"
}

machine="$(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p')"
say "machine: $machine, load $(cut -d' ' -f1-3 /proc/loadavg); JDK $JDK; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

big_input="[INPUT]
    name   chunks
    dir    $BIG_DIR
    rate   100000
    count  $BIG_COUNT"
small_input="[INPUT]
    name     dummy
    tag      bench.small
    rate     10000000
    count    $SMALL_COUNT
    records  $SMALL_RECORDS"

run_case null-big null 0 "$BIG_COUNT" "$BIG_RECORDS" "$big_input"
for w in $WORKERS; do
    run_case "big-w$w" vivo_java "$w" "$BIG_COUNT" "$BIG_RECORDS" "$big_input"
done
run_case null-small null 0 "$SMALL_COUNT" "$SMALL_RECORDS" "$small_input"
for w in $WORKERS; do
    run_case "small-w$w" vivo_java "$w" "$SMALL_COUNT" "$SMALL_RECORDS" "$small_input"
done

echo
echo "vivo_java end to end through fbhost ($machine), load now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "time: s from fbhost's ready line until the logs stream holds every chunk (Next-ID polled every 20 ms;"
echo "      null-*: until inputs done); done: s from ready until fbhost's 'inputs done' (every flush answered OK)"
echo "MB/s_2h: msgpack MB/s over the second half of the chunks (after the warm-up), from the same polls"
echo "cpu: process CPU s from ready to the end; rss/hwm: VmRSS/VmHWM MiB at the end; flush: us inside the"
echo "flush as fbhost times it; jvm/listen: ms from launch to the 'JVM started' / 'listening on' log lines"
printf "%-11s %2s %7s %8s %9s %10s %7s %7s %7s %7s %9s %9s %6s %7s %7s %5s %6s\n" \
    case w chunks time chunks/s records/s MB/s MB/s_2h done retries flush_avg flush_max cpu rss hwm jvm listen
printf '%s\n' "${RESULTS[@]}"
