#!/usr/bin/env bash
# Builds and tests the library examples (examples/) the way another project would use carport: installs
# carport-core and carport-net, then builds this consumer project against the installed jars and runs its
# tests (each example on real repositories; the resolve-and-download one against the test bed named by
# CARPORT_TESTBED_JSON, as scripts/test sets it).
#
# The jars go into a local repository of their own (CARPORT_EXAMPLES_M2, default
# ~/.cache/carport/examples-m2), never into ~/.m2, where other checkouts may keep other versions.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="${CARPORT_EXAMPLES_M2:-${CARPORT_CACHE:-$HOME/.cache/carport}/examples-m2}"
mkdir -p "$REPO"
cd "$ROOT"
./mvnw -B -q install -pl core,net -am -DskipTests -Dmaven.repo.local="$REPO"
./mvnw -B -q -f examples/pom.xml verify -Dmaven.repo.local="$REPO"
echo "[examples] built and ran against the installed carport-core and carport-net"
