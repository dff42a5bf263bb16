#!/usr/bin/env bash
# Start a local Neo4j Community 5.26 (embedded, see neo4j/ and docs/neo4j-local.md) in the background.
#   - builds the launcher if needed (scripts/neo4j-build.sh)
#   - exits 0 at once if a Bolt server already answers on NEO4J_HOST:NEO4J_PORT
#   - else runs it detached (setsid nohup), pid in $NEO4J_HOME_DIR/neo4j.pid, log in $NEO4J_HOME_DIR/neo4j.log,
#     and waits until the READY line is logged AND Bolt answers; non-zero exit + log tail on failure.
# Environment (all optional):
#   NEO4J_PORT=7687  NEO4J_HOST=127.0.0.1  NEO4J_HOME_DIR=.neo4j (relative to the repo root)
#   NEO4J_PAGECACHE=256m  NEO4J_HEAP_INIT=512m  NEO4J_HEAP_MAX=1g  NEO4J_START_TIMEOUT=120
#   NEO4J_JAVA=/path/to/java (JDK 17 or 21; Neo4j 5.26 does not run on newer JDKs)
#   NEO4J_JAVA_OPTS="extra JVM flags"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

export NEO4J_HOST="${NEO4J_HOST:-127.0.0.1}"
export NEO4J_PORT="${NEO4J_PORT:-7687}"
HOME_DIR="${NEO4J_HOME_DIR:-.neo4j}"
[[ "$HOME_DIR" = /* ]] || HOME_DIR="$ROOT/$HOME_DIR"
PID_FILE="$HOME_DIR/neo4j.pid"
LOG_FILE="$HOME_DIR/neo4j.log"
TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
WAIT="$ROOT/scripts/neo4j-wait.sh"

rc=0; "$WAIT" --check || rc=$?
if [[ $rc -eq 0 ]]; then
  echo "neo4j-start: Bolt already answers on $NEO4J_HOST:$NEO4J_PORT - nothing to do"
  exit 0
elif [[ $rc -eq 2 ]]; then
  echo "neo4j-start: $NEO4J_HOST:$NEO4J_PORT is taken by something that does not speak Bolt (set NEO4J_PORT)" >&2
  exit 1
fi

# alive: exists and is not a zombie (kill -0 succeeds on an unreaped zombie)
alive() { local s; s="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1; [[ -n "$s" && "$s" != Z* ]]; }
is_our_launcher() { [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q 'consortia.Neo4jLauncher'; }

if [[ -f "$PID_FILE" ]]; then
  old="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [[ -n "$old" ]] && is_our_launcher "$old"; then
    # A launcher for this home is alive but Bolt does not answer here: still starting, or another port.
    ready="$(grep -m1 '^READY bolt://' "$LOG_FILE" 2>/dev/null | cut -d' ' -f2 || true)"
    if [[ -n "$ready" && "$ready" != "bolt://$NEO4J_HOST:$NEO4J_PORT" ]]; then
      echo "neo4j-start: $HOME_DIR is already served by pid $old at $ready (one process per store); stop it first" >&2
      exit 1
    fi
    echo "neo4j-start: launcher pid $old is already starting for $HOME_DIR; waiting for it"
    if "$WAIT" "$TIMEOUT"; then exit 0; fi
    echo "neo4j-start: pid $old did not become ready on $NEO4J_HOST:$NEO4J_PORT; stop it with scripts/neo4j-stop.sh" >&2
    exit 1
  fi
  rm -f "$PID_FILE"   # stale
fi

"$ROOT/scripts/neo4j-build.sh"

# --- pick a JDK Neo4j 5.26 supports (17 or 21) ---
JAVA="${NEO4J_JAVA:-}"
if [[ -z "$JAVA" ]]; then
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
fi
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'; }
major="$(java_major "$JAVA")"
if [[ "$major" != 17 && "$major" != 21 ]]; then
  for cand in /usr/lib/jvm/*17*/bin/java /usr/lib/jvm/*21*/bin/java; do
    if [[ -x "$cand" ]]; then
      echo "neo4j-start: $JAVA is Java $major (unsupported by Neo4j 5.26); using $cand"
      JAVA="$cand"; major="$(java_major "$JAVA")"; break
    fi
  done
fi
[[ "$major" == 17 || "$major" == 21 ]] || { echo "neo4j-start: need JDK 17 or 21, found Java $major at $JAVA" >&2; exit 1; }

# JVM flags: explicit heap; the --add-opens / native-access flags that Neo4j 5.26's own neo4j.conf sets
# (without java.nio the page cache falls back to slower, warning-logging code paths); plus the harmless
# netty/GC/log4j ones from the same file. (-XX:+TrustFinalNonStaticFields is left out: neo4j.conf says
# to disable it in embedded mode.)
JVM_FLAGS=(
  "-Xms${NEO4J_HEAP_INIT:-512m}" "-Xmx${NEO4J_HEAP_MAX:-1g}"
  -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED
  -Djdk.nio.maxCachedBufferSize=1024
  -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true
  -Dfile.encoding=UTF-8
)
# shellcheck disable=SC2206
EXTRA=( ${NEO4J_JAVA_OPTS:-} )

mkdir -p "$HOME_DIR"
[[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"

start=$(date +%s%N)
# setsid: own session, so the caller's Ctrl-C / process-group kill does not take Neo4j down with it.
setsid nohup "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" \
  -cp "$ROOT/neo4j/target/classes:$ROOT/neo4j/target/lib/*" consortia.Neo4jLauncher \
  --home="$HOME_DIR" --listen="$NEO4J_HOST:$NEO4J_PORT" --pagecache="${NEO4J_PAGECACHE:-256m}" \
  --ready-timeout="$TIMEOUT" --pid-file="$PID_FILE" \
  < /dev/null >> "$LOG_FILE" 2>&1 &
pid=$!
echo "$pid" > "$PID_FILE"
echo "neo4j-start: launched pid $pid (Java $major), log $LOG_FILE; waiting up to ${TIMEOUT}s"

deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  if ! alive "$pid"; then
    echo "neo4j-start: Neo4j exited during start-up; last log lines:" >&2
    tail -n 40 "$LOG_FILE" >&2 || true
    rm -f "$PID_FILE"
    exit 1
  fi
  if grep -q '^READY bolt://' "$LOG_FILE" 2>/dev/null && "$WAIT" --check; then
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "neo4j-start: READY bolt://$NEO4J_HOST:$NEO4J_PORT (pid $(cat "$PID_FILE"), ${ms} ms)"
    exit 0
  fi
  if (( $(date +%s) >= deadline )); then
    echo "neo4j-start: not ready after ${TIMEOUT}s (pid $pid left running; scripts/neo4j-stop.sh stops it); last log lines:" >&2
    tail -n 40 "$LOG_FILE" >&2 || true
    exit 1
  fi
  sleep 0.5
done
