# Pieces shared by the benchmark scripts (e2e.sh, footprint.sh), sourced after `set -euo pipefail` and
# the cd to the repository. The caller sets DIR (where configs and logs go) and names its case `name`;
# PID is the fbhost being measured.

say() { echo "+ $*" >&2; }
die() { echo "${0##*/}: $*" >&2; exit 1; }

# Prefixes each line with the wall-clock time in seconds (microsecond resolution) as it arrives.
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }

# utime + stime of a process, in seconds.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }

PID=
cleanup() {
    if [ -n "${POLLERS_PID:-}" ]; then   # e2e.sh's clients (POLLERS), if they run
        kill "$POLLERS_PID" 2>/dev/null || true
    fi
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
        say "cleanup: kill -KILL $PID"
        kill -KILL "$PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap "exit 1" INT TERM   # so that the EXIT trap runs

# Waits (at most $3 seconds) for a line matching $2 in file $1, then prints it.
wait_line() {
    local file=$1 pattern=$2 deadline=$((SECONDS + $3))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if grep -q -- "$pattern" "$file" 2>/dev/null; then
            grep -m1 -- "$pattern" "$file"
            return 0
        fi
        kill -0 "$PID" 2>/dev/null || die "fbhost exited before '$pattern'; see $file and ${file%.out}.err"
        sleep 0.02
    done
    die "no '$pattern' within $3 s; see $file"
}

# SIGTERM, then waits (at most 60 s) for fbhost to stop and checks its exit code.
stop_fbhost() {
    say "kill -TERM $PID"
    kill -TERM "$PID"
    for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && die "fbhost $PID did not stop within 60 s after SIGTERM"
    wait "$PID" || die "fbhost exited with $?; see $DIR/$name.out and .err"
    PID=
    sleep 0.2   # lets the stamp readers write their last lines
}

# Compiles $1: a do-nothing output plugin (every flush answers FLB_OK at once), for the host's own cost.
build_null_output() {
    say "gcc -O2 -fPIC -shared -o $1 (a null output plugin)"
    gcc -O2 -fPIC -shared -o "$1" -x c - <<'C'
#include <stdlib.h>
#include <string.h>
struct def { int type, proxy, flags; char *name, *description; };
int FLBPluginRegister(struct def *d)
{
    d->type = 2; d->proxy = 11; d->flags = 0;
    d->name = strdup("null"); d->description = strdup("answers FLB_OK to every flush");
    return 0;
}
int FLBPluginInit(void *plugin) { (void) plugin; return 1; }
int FLBPluginFlushCtx(void *ctx, const void *data, size_t size, char *tag) { (void) ctx; (void) data; (void) size; (void) tag; return 1; }
int FLBPluginExit(void) { return 0; }
C
}

# What every benchmark here needs first: the build, the JDK ($JDK) and curl; then $DIR, and the null
# output plugin built at $NULL_SO.
preflight() {
    [ -x build/fbhost ] && [ -f build/vivo_java.so ] || die "build first: ./build.sh"
    [ -f "$JDK/lib/libjsig.so" ] || die "no JDK at $JDK (set VIVO_BUILD_JDK)"
    command -v curl >/dev/null || die "curl is missing"
    mkdir -p "$DIR"
    NULL_SO=$DIR/null_output.so
    build_null_output "$NULL_SO"
}
