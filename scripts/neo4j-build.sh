#!/usr/bin/env bash
# Build the embedded-Neo4j launcher (neo4j/pom.xml) into neo4j/target/{classes,lib}.
# Idempotent: rebuilds only when the classes/lib are missing or pom.xml / the Java sources changed
# (a sha256 stamp in neo4j/target/.build-stamp). Force with NEO4J_FORCE_BUILD=1.
# Works from any cwd. The first build downloads ~60 MB from Maven Central into ~/.m2.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MOD=neo4j
STAMP="$MOD/target/.build-stamp"
MVN="${MVN:-mvn}"

want="$( (cat "$MOD/pom.xml"; find "$MOD/src" -type f -name '*.java' | LC_ALL=C sort | xargs cat) | sha256sum | cut -d' ' -f1)"

if [[ "${NEO4J_FORCE_BUILD:-0}" != 1 ]] \
   && [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]] \
   && [[ -f "$MOD/target/classes/consortia/Neo4jLauncher.class" ]] \
   && compgen -G "$MOD/target/lib/neo4j-kernel-*.jar" > /dev/null; then
  echo "neo4j-build: up to date"
  exit 0
fi

echo "neo4j-build: building $MOD (mvn package + copy-dependencies -> $MOD/target/lib)"
start=$(date +%s)
# copy-dependencies never deletes jars it copied earlier: drop lib/ so a version bump leaves no stale jars.
rm -rf "$MOD/target/lib" "$STAMP"
# (the sed drops the stray ANSI resets Maven 3.8's jansi prints even with -B -q; pipefail keeps mvn's status)
"$MVN" -q -B -f "$MOD/pom.xml" package 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
echo "$want" > "$STAMP"
echo "neo4j-build: done in $(( $(date +%s) - start )) s ($(ls "$MOD/target/lib" | wc -l) jars)"
