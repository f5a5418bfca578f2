#!/usr/bin/env bash
# Builds the extension and opens it in a real VS Code (code-server, VS Code 1.139 in your browser).
#
#   npm start [-- workspace-folder]                (default: the current directory)
#   scripts/open-vscode.sh [workspace-folder]      (the same, without npm)
#   PORT=8081 npm start -- ~/my-project            (default port 8080)
#
# Installs what it needs on first use (scripts/setup-code-server.sh: Chromium, Node 24, code-server),
# packages the extension (npm run package -> claude-assistant.vsix) and installs it like a user would.
# Settings and state persist in ~/.cache/claude-vscode/user. The API key (SecretStorage) is kept by the
# web workbench in your browser's storage for http://127.0.0.1:PORT, so it survives restarts as long as
# you use the same browser and the same PORT.
# ANTHROPIC_BASE_URL, if set, is passed to the extension. Stays in the foreground; Ctrl-C stops it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKSPACE="${1:-.}"
# Relative to where the command was typed (INIT_CWD when run through `npm run`, whose cwd is the repo).
case "$WORKSPACE" in /*) ;; *) WORKSPACE="${INIT_CWD:-$PWD}/$WORKSPACE" ;; esac
if [ ! -d "$WORKSPACE" ]; then
  echo "open-vscode: workspace folder '$WORKSPACE' does not exist" >&2
  exit 1
fi
WORKSPACE="$(cd "$WORKSPACE" && pwd)"
PORT="${PORT:-8080}"
CACHE="${CLAUDE_VSCODE_CACHE:-$HOME/.cache/claude-vscode}"
USER_DIR="$CACHE/user"
EXT_DIR="$CACHE/extensions"
LOG="$CACHE/code-server.log"

say() { echo "[open-vscode] $*" >&2; }

# 1. code-server, Node 24 and Chromium (cached after the first run).
setup_out="$(bash "$ROOT/scripts/setup-code-server.sh")"
NODE24="$(printf '%s\n' "$setup_out" | sed -n 's/^NODE24=//p')"
CODE_SERVER="$(printf '%s\n' "$setup_out" | sed -n 's/^CODE_SERVER=//p')"
if [ -z "$NODE24" ] || [ -z "$CODE_SERVER" ]; then
  echo "open-vscode: setup-code-server.sh did not report NODE24/CODE_SERVER:" >&2
  printf '%s\n' "$setup_out" >&2
  exit 1
fi

# 2. Build and package the extension.
cd "$ROOT"
if [ ! -d node_modules ]; then
  say "installing npm dependencies …"
  npm ci || npm install
fi
say "packaging the extension (npm run package) …"
npm run package </dev/null
VSIX="$ROOT/claude-assistant.vsix"
[ -f "$VSIX" ] || { echo "open-vscode: npm run package produced no $VSIX" >&2; exit 1; }

# Run from a VS Code terminal, code-server would hand the folder to that VS Code instead of starting.
unset VSCODE_IPC_HOOK_CLI
mkdir -p "$USER_DIR" "$EXT_DIR"
CONFIG="$CACHE/code-server-config.yaml"
[ -f "$CONFIG" ] || : > "$CONFIG"   # empty: everything comes from the command line
COMMON=(--config "$CONFIG" --user-data-dir "$USER_DIR" --extensions-dir "$EXT_DIR"
        --disable-telemetry --disable-update-check)

# 3. Install the .vsix the way a user does.
say "installing $VSIX …"
"$NODE24" "$CODE_SERVER" "${COMMON[@]}" --install-extension "$VSIX" --force >&2

# 4. Start code-server in its own process group and wait until it answers.
if [ -n "${ANTHROPIC_BASE_URL:-}" ]; then
  say "ANTHROPIC_BASE_URL=$ANTHROPIC_BASE_URL is passed to the extension"
  export ANTHROPIC_BASE_URL
fi
say "starting code-server on 127.0.0.1:$PORT for $WORKSPACE (log: $LOG)"
export PORT
setsid "$NODE24" "$CODE_SERVER" "${COMMON[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-workspace-trust "$WORKSPACE" >"$LOG" 2>&1 &
CS_PID=$!

healthy() {
  "$NODE24" -e 'require("http").get(process.argv[1], {timeout: 2000}, r => process.exit(r.statusCode < 500 ? 0 : 1)).on("error", () => process.exit(1)).on("timeout", () => process.exit(1))' \
    "http://127.0.0.1:$PORT/healthz" 2>/dev/null
}

stop() {
  trap - INT TERM EXIT
  if kill -0 "$CS_PID" 2>/dev/null; then
    say "stopping code-server …"
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

for _ in $(seq 1 240); do
  if ! kill -0 "$CS_PID" 2>/dev/null; then
    echo "open-vscode: code-server exited (is port $PORT free? try PORT=8081). Its log:" >&2
    tail -20 "$LOG" >&2
    exit 1
  fi
  if healthy; then
    break
  fi
  sleep 0.25
done
healthy || {
  echo "open-vscode: code-server did not answer on port $PORT; log: $LOG" >&2
  exit 1
}

echo "Open http://127.0.0.1:$PORT/ in your browser"
say "Ctrl-C to stop"
wait "$CS_PID"
