#!/usr/bin/env bash
# Wait until a Bolt server answers on NEO4J_HOST:NEO4J_PORT (default 127.0.0.1:7687).
#   scripts/neo4j-wait.sh [TIMEOUT_SECONDS]   wait (default 120 s); exit 0 when Bolt answers, 1 on timeout
#   scripts/neo4j-wait.sh --check             probe once: 0 = Bolt answers, 1 = nothing listening,
#                                             2 = something listens there but does not speak Bolt
# "Answers" means a real Bolt handshake: magic 0x6060B017 + version proposals, and a non-zero
# 4-byte version in reply (so a random service on the port is not mistaken for Neo4j).
set -uo pipefail

HOST="${NEO4J_HOST:-127.0.0.1}"
PORT="${NEO4J_PORT:-7687}"

bolt_probe() {
  # Runs in its own bash under `timeout` so that a stuck connect/read cannot hang the caller.
  timeout 5 bash -c '
    { exec 3<>"/dev/tcp/$0/$1"; } 2>/dev/null || exit 1
    # magic, then proposals 5.8..5.0 (range 8), 4.4..4.2 (range 2), none, none
    printf "\x60\x60\xb0\x17\x00\x08\x08\x05\x00\x02\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
    reply=$(timeout 3 head -c 4 <&3 | od -An -tx1 | tr -d " \n")
    exec 3>&-
    [[ ${#reply} -eq 8 && $reply != 00000000 ]] && exit 0
    exit 2
  ' "$HOST" "$PORT"
  local rc=$?
  [[ $rc -eq 124 ]] && rc=2   # connected but the handshake timed out
  return $rc
}

if [[ "${1:-}" == "--check" ]]; then
  bolt_probe
  exit $?
fi

TIMEOUT="${1:-120}"
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  bolt_probe && { echo "neo4j-wait: Bolt answers on $HOST:$PORT"; exit 0; }
  if (( $(date +%s) >= deadline )); then
    echo "neo4j-wait: no Bolt answer on $HOST:$PORT after ${TIMEOUT}s" >&2
    exit 1
  fi
  sleep 1
done
