#!/usr/bin/env bash
# npm test: every layer, in order, then one summary. Installs what the real-VS-Code layers need
# (Debian's chromium and libkrb5-dev, Node 24 and code-server from npm) into a cache on first use.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
summary=()
failed=0

layer() { # name, command...
  local name=$1; shift
  echo
  echo "=== $name ==="
  local log="test-results/$name.out"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line
  line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
  if [ "$name" = typecheck ] || [ "$name" = lint ] || [ "$name" = setup ] || [ "$name" = package ]; then
    if [ "$rc" -eq 0 ]; then line="$name: ok"; else line="$name: FAILED"; fi
  elif [ -z "$line" ]; then
    local p f
    p=$(grep -Eo '^ *[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+')
    f=$(grep -Eo '^ *[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+')
    line="$name: ${p:-0} passed, ${f:-0} failed"
  fi
  [ "$rc" -ne 0 ] && line="$line (exit $rc)"
  summary+=("$line")
  if [ "$rc" -ne 0 ]; then failed=1; fi
}

layer typecheck npm run --silent typecheck
layer lint npm run --silent lint
# The .vsix is built once: the unit layer checks what is inside it, and e2e installs it as a user would.
layer package npm run --silent package
export CLAUDE_REQUIRE_VSIX=1 CLAUDE_E2E_VSIX="$PWD/claude-assistant.vsix" CLAUDE_E2E_INSTALL=vsix
layer unit npm run --silent test:unit
layer setup bash scripts/setup-code-server.sh
layer integration npm run --silent test:integration
layer e2e npm run --silent test:e2e

echo
echo "=== summary ==="
total_p=0; total_f=0
for s in "${summary[@]}"; do
  echo "$s"
  if [[ $s =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    total_p=$((total_p + BASH_REMATCH[1])); total_f=$((total_f + BASH_REMATCH[2]))
  fi
done
if [ "$failed" -ne 0 ] && [ "$total_f" -eq 0 ]; then total_f=1; fi
# The failing tests by name, last, where a log's tail shows them.
if [ "$total_f" -ne 0 ]; then
  echo "failed tests:"
  grep -h -E '^ *✗ ' test-results/unit.out test-results/integration.out test-results/e2e.out 2>/dev/null | cut -c1-220 | head -20
fi
echo "all: $total_p passed, $total_f failed"
exit $failed
