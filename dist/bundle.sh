#!/usr/bin/env bash
# Makes the bundle from what ./build.sh put in build/ (./build.sh dist runs it):
#   build/dist/vivo_java-<version>-linux-<arch>.tar.gz, one folder vivo_java/ holding
#     vivo_java.so, vivo-java.jar       the shim and the exporter
#     runtime/                          jlink of the build JDK: the modules of dist/modules, stripped
#     vivo.jsa                          class-data archive of the classes a short run loads (faster start)
#     fluent-bit.conf, plugins.conf     a sample configuration and its plugins file
#     THIRD-PARTY.md, licenses/         the licences of what is inside (the runtime's: runtime/legal/)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?set JAVA_HOME to the build JDK}"

step() { echo "+ $*" >&2; "$@"; }

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
out=build/dist
stage=$out/stage/vivo_java
rm -rf "$out/stage" && mkdir -p "$stage"
stage=$(realpath "$stage")

cp build/vivo_java.so build/vivo-java.jar dist/fluent-bit.conf dist/plugins.conf dist/THIRD-PARTY.md "$stage/"
cp -r dist/licenses "$stage/"
step "$JAVA_HOME/bin/jlink" --add-modules "$(cat dist/modules)" --strip-debug --no-header-files --no-man-pages \
    --output "$stage/runtime"

# The class list: every class a short run in the host emulator loads, with logs, metrics and traces and
# each API read once; then a static archive of them (the JDK's and the jar's), which the shim passes
# to the JVM. The jar path may differ at run time (the archive records it relative to the archive).
train=$out/stage/train && mkdir -p "$train"
cat > "$train/fluent-bit.conf" <<CONF
[SERVICE]
    log_level info
[INPUT]
    name  dummy
    rate  50
    count 20
[INPUT]
    name  chunks
    dir   $PWD/tests/fixtures/metrics-multi-context
    rate  50
    count 4
[INPUT]
    name  chunks
    dir   $PWD/tests/fixtures/traces-otlp
    rate  50
    count 4
[OUTPUT]
    name        vivo_java
    match       *
    http_port   0
    java_home   $stage/runtime
    jvm_options -XX:DumpLoadedClassList=$train/classes.lst
CONF
# wait (bounded) until a line matching $2 is in file $1
await() {
    local i
    for i in $(seq 600); do grep -q "$2" "$1" && return 0; sleep 0.1; done
    echo "bundle.sh: no '$2' from the training run within 60 s:" >&2; cat "$train"/fbhost.* >&2; return 1
}
env -u JAVA_HOME -u LD_PRELOAD \
    build/fbhost -c "$train/fluent-bit.conf" -e "$stage/vivo_java.so" >"$train/fbhost.out" 2>"$train/fbhost.err" &
host=$!
await "$train/fbhost.out" "inputs done generation=1 ok=28"
port=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\) .*/\1/p' "$train/fbhost.err")
for path in /logs /metrics /traces /api/v1/logs /api/v1/metrics /api/v1/traces "/logs?from=1&limit=2"; do
    curl -sf -o /dev/null "http://127.0.0.1:$port$path"
done
kill -TERM $host && wait $host
step "$stage/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$train/classes.lst" \
    -XX:SharedArchiveFile="$stage/vivo.jsa" -Djava.class.path="$stage/vivo-java.jar" \
    -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    >"$train/dump.log" 2>&1 || { cat "$train/dump.log" >&2; exit 1; }

tarball=$out/vivo_java-$version-linux-$(uname -m).tar.gz
step tar -C "$out/stage" -czf "$tarball" vivo_java
echo "bundle.sh: $tarball, $(du -m "$tarball" | cut -f1) MB" >&2
