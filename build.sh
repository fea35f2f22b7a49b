#!/usr/bin/env bash
# Builds vivo_java into build/:
#   build/vivo_java.so    the shim Fluent Bit loads (-e, plugins_file, YAML plugins:)
#   build/vivo-java.jar   the exporter, with its dependencies; the shim finds it beside itself
#   build/fbhost          the host emulator the tests and the demo load the shim into
#
#   ./build.sh            build
#   ./build.sh test       build, then run every test: Java unit tests, then end to end through fbhost
#   ./build.sh demo       build, then run the plugin in fbhost with a steady demo feed, API on :2025
#   ./build.sh bench      build, then run the JMH benchmarks (see BENCHMARKS.md)
#   ./build.sh bench-e2e  build, then run the end-to-end benchmark through fbhost (tests/bench/e2e.sh)
#   ./build.sh soak       build, then the long runs (RELIABILITY.md): the reliability ITs with their full
#                         budget (100 reloads, 60 s storms), then fuzzing for VIVO_FUZZ_SECONDS (default
#                         300) per target
#   ./build.sh dist       build, then the bundle: build/dist/vivo_java-<version>-linux-<arch>.tar.gz (dist/bundle.sh)
#
# Fuzzing (RELIABILITY.md): `test` replays every corpus and fuzzes each target for VIVO_FUZZ_SECONDS
# (default 5): the Java *FuzzTest classes through Jazzer (Maven's "fuzz" execution), the C queue through
# libFuzzer when clang is installed; without clang the queue's corpus is still replayed, built by gcc
# with AddressSanitizer and UBSan.
#
# The build needs a JDK 22 or later (the Panama bridge is compiled for release 22): VIVO_BUILD_JDK,
# default Temurin 25. The tests also run the plugin on JDK 17 (the jnr-ffi bridge): VIVO_TEST_JDK17.
set -euo pipefail
cd "$(dirname "$0")"

VIVO_BUILD_JDK=${VIVO_BUILD_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
VIVO_TEST_JDK17=${VIVO_TEST_JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
export JAVA_HOME=$VIVO_BUILD_JDK
# Maven 3.8 itself uses sun.misc.Unsafe; keep JDK 25 from warning about it on every run
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

step() { echo "+ $*" >&2; "$@"; }
need() { command -v "$1" >/dev/null || { echo "build.sh: $1 is missing: $2" >&2; exit 1; }; }

need gcc "install gcc (apt-get install gcc)"
need mvn "install Maven (apt-get install maven)"
[ -x "$JAVA_HOME/bin/javac" ] || { echo "build.sh: no JDK at $JAVA_HOME; set VIVO_BUILD_JDK to a JDK 22 or later" >&2; exit 1; }

CFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation)

# the C queue's fuzz target: its corpus replayed (gcc or clang), then fuzzed for $1 seconds with clang's libFuzzer
fuzz_queue() {
    local sanitize=(-O1 -fsanitize=address,undefined -fno-sanitize-recover=all -DQUEUE_ROOM_WAIT_MS=0)
    mkdir -p build/test/queue-corpus
    step gcc "${CFLAGS[@]}" "${sanitize[@]}" -o build/test/queue_replay tests/fuzz/queue_fuzz.c tests/fuzz/replay.c native/queue.c -lpthread
    step build/test/queue_replay tests/fuzz/queue
    # libFuzzer's runtime is a package of its own (libclang-rt-dev): without it, replay only, and say so
    if command -v clang >/dev/null && echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' \
            | clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
        step clang "${CFLAGS[@]}" -Wno-unknown-warning-option "${sanitize[@]}" -fsanitize=fuzzer -o build/test/queue_fuzz tests/fuzz/queue_fuzz.c native/queue.c -lpthread
        # new inputs go to build/test/queue-corpus; a finding is written to build/test/ and fails the step
        step build/test/queue_fuzz -max_total_time="$1" -print_final_stats=1 -artifact_prefix=build/test/ \
            build/test/queue-corpus tests/fuzz/queue
    else
        echo "build.sh: no clang with libFuzzer: the queue's corpus was replayed, not fuzzed (apt-get install clang libclang-rt-dev)" >&2
    fi
}

# the shim: only FLBPlugin* and vj_* exported, bound to its own symbols, never unloaded
shim() {
    step gcc "${CFLAGS[@]}" -fPIC -shared -fvisibility=hidden \
        -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" \
        -Wl,--version-script=native/exports.map -Wl,-Bsymbolic -Wl,-z,nodelete -Wl,-z,defs \
        -o "$1" "${@:2}" -ldl -lpthread
}

build() {
    mkdir -p build
    shim build/vivo_java.so native/*.c
    step gcc "${CFLAGS[@]}" -rdynamic -o build/fbhost tests/host/*.c -ldl -lpthread
    # what fbhost adds to its global symbols when it plays a host that has event_type (tests/host/README.md)
    step gcc "${CFLAGS[@]}" -fPIC -shared -o build/fbhost-event-type-era.so tests/host/markers/event_type_era.c
    step mvn -B -q -Dstyle.color=never -DskipTests package
}

case "${1:-build}" in
    build)
        build
        ;;
    test)
        build
        [ -x "$VIVO_TEST_JDK17/bin/java" ] || { echo "build.sh: no JDK 17 at $VIVO_TEST_JDK17 for the jnr-ffi tests; set VIVO_TEST_JDK17" >&2; exit 1; }
        mkdir -p build/test
        # the shim's queue on its own
        # a room wait of 2 s, so that "a closed queue does not wait for room" is told from waiting by far
        # more than any scheduling delay (issue 10: the 250 ms of a real build made it flaky under load)
        step gcc "${CFLAGS[@]}" -DQUEUE_ROOM_WAIT_MS=2000 -o build/test/queue_test tests/native/queue_test.c native/queue.c -lpthread
        step build/test/queue_test
        step gcc "${CFLAGS[@]}" -o build/test/jvm_options_test tests/native/jvm_options_test.c native/jvm_options.c
        step build/test/jvm_options_test tests/sizes.tsv
        # a shim whose struct vj_chunk_view has its first two fields swapped: the jar must refuse it (BoundaryIT)
        rm -rf build/test/swapped && mkdir -p build/test/swapped && cp native/* build/test/swapped/
        awk '/\*token;/ { held = $0; next } held && /\*data;/ { print; print held; held = ""; next } { print }' \
            native/bridge.h > build/test/swapped/bridge.h
        ! cmp -s native/bridge.h build/test/swapped/bridge.h || { echo "build.sh: could not swap the fields" >&2; exit 1; }
        shim build/test/swapped/vivo_java.so build/test/swapped/*.c
        # bad plugins that the emulator must catch: they prove the tests can fail
        for bad in tests/host/bad/*.c; do
            step gcc "${CFLAGS[@]}" -fPIC -shared -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" \
                -o "build/test/$(basename "$bad" .c).so" "$bad" -ldl -lpthread
        done
        # the signal tests (SignalsIT): a shim built without its signal guard, hosts that bind signal()
        # at start (-z now: full RELRO) or call bsd_signal() (which the guard cannot rebind), a C crash
        mkdir -p build/test/unguarded build/test/bindnow build/test/bsd-signal
        shim build/test/unguarded/vivo_java.so -DVJ_TEST_UNGUARDED native/*.c
        step gcc "${CFLAGS[@]}" -rdynamic -Wl,-z,relro,-z,now -o build/test/bindnow/fbhost tests/host/*.c -ldl -lpthread
        step gcc "${CFLAGS[@]}" -rdynamic -Dsignal=bsd_signal -o build/test/bsd-signal/fbhost tests/host/*.c -ldl -lpthread
        cp build/fbhost-event-type-era.so build/test/bindnow/ && cp build/fbhost-event-type-era.so build/test/bsd-signal/
        step gcc "${CFLAGS[@]}" -fPIC -shared -o build/test/crash_on_flush.so tests/host/crash/crash_on_flush.c
        fuzz_queue "${VIVO_FUZZ_SECONDS:-5}"
        # the bundle, once, for DistIT (it unpacks it and runs it with every JDK hidden)
        step dist/bundle.sh
        step mvn -B -Dstyle.color=never verify -Dvivo.jdk25="$VIVO_BUILD_JDK" -Dvivo.jdk17="$VIVO_TEST_JDK17" \
            -Dvivo.fuzz.skip=false -Dvivo.fuzz.seconds="${VIVO_FUZZ_SECONDS:-5}"
        ;;
    demo)
        build
        echo "demo: the plugin runs in fbhost, fed with logs, metrics and traces; try:" >&2
        echo "  curl -s localhost:2025/logs | tail -3     (Ctrl-C stops the demo)" >&2
        exec build/fbhost -c tests/demo/fluent-bit.conf -e build/vivo_java.so
        ;;
    bench)
        build
        step mvn -B -q -Dstyle.color=never -Pbench -DskipTests package
        step "$JAVA_HOME/bin/java" -jar build/benchmarks.jar "${@:2}"
        ;;
    dist)
        build
        step dist/bundle.sh
        ;;
    bench-e2e)
        build
        step tests/bench/e2e.sh
        ;;
    soak)
        build
        # the same tests as in ./build.sh test, with the long budget: 100 reloads, storms of a minute
        step mvn -B -Dstyle.color=never verify -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false \
            -Dit.test='HotReloadSoakIT,SignalStormIT,ShutdownIT' -Dvivo.soak=full \
            -Dvivo.jdk25="$VIVO_BUILD_JDK" -Dvivo.jdk17="$VIVO_TEST_JDK17"
        fuzz_queue "${VIVO_FUZZ_SECONDS:-300}"
        step mvn -B -Dstyle.color=never test-compile surefire:test@fuzz -Dvivo.fuzz.skip=false \
            -Dvivo.fuzz.seconds="${VIVO_FUZZ_SECONDS:-300}"
        ;;
    *)
        echo "usage: ./build.sh [build|test|dist|demo|bench|bench-e2e|soak]" >&2
        exit 2
        ;;
esac
