#!/usr/bin/env bash
# Stop the Neo4j started by scripts/neo4j-start.sh: SIGTERM (clean shutdown via the launcher's hook),
# wait up to NEO4J_STOP_TIMEOUT (default 60 s), then SIGKILL. Removes the pid file. Idempotent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

HOME_DIR="${NEO4J_HOME_DIR:-.neo4j}"
PID_FILE="$HOME_DIR/neo4j.pid"
TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"

if [[ ! -f "$PID_FILE" ]]; then
  echo "neo4j-stop: no pid file ($PID_FILE): not running"
  exit 0
fi
pid="$(cat "$PID_FILE")"
# alive: exists and is not a zombie (kill -0 succeeds on an unreaped zombie)
alive() { local s; s="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1; [[ -n "$s" && "$s" != Z* ]]; }
is_our_launcher() { [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q 'consortia.Neo4jLauncher'; }

if [[ -z "$pid" ]] || ! is_our_launcher "$pid"; then
  echo "neo4j-stop: pid ${pid:-?} is not a running Neo4jLauncher; removing stale pid file"
  rm -f "$PID_FILE"
  exit 0
fi

echo "neo4j-stop: SIGTERM to pid $pid"
kill -TERM "$pid" 2>/dev/null || true
deadline=$(( $(date +%s) + TIMEOUT ))
while alive "$pid"; do
  if (( $(date +%s) >= deadline )); then
    echo "neo4j-stop: still alive after ${TIMEOUT}s; SIGKILL (the store recovers on next start)"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
    break
  fi
  sleep 0.5
done
rm -f "$PID_FILE"
echo "neo4j-stop: stopped"
