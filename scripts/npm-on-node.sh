#!/usr/bin/env bash
# Runs npm on another Node (the one in NODE_DIR/bin) with none of the outer npm's environment.
#
#   scripts/npm-on-node.sh NODE_DIR [npm arguments...]
#
# Under `npm test` or `npm start` the outer npm (on the machine's Node) exports npm_config_* for its
# whole configuration, npm_config_user_agent among them ("npm/11 node/v20 ..."), and npm_lifecycle_*,
# npm_package_* and INIT_CWD. An npm started from there reads them as its own settings: code-server's
# postinstall then takes the Node version from the outer user agent and refuses to install. So every
# npm_* variable is dropped; the user's and the machine's npmrc files still apply, and the inner npm is
# told to build native modules against NODE_DIR's headers.
set -euo pipefail

NODE_DIR="${1:?usage: npm-on-node.sh NODE_DIR [npm args...]}"
shift
NODE_DIR="$(cd "$NODE_DIR" && pwd)"

# The machine-wide npmrc of the npm in use (its prefix is the outer Node's, the inner would look in
# NODE_DIR/etc). Asked before anything is dropped, with a clean environment.
GLOBALCONFIG="$(env $(compgen -e | grep -E '^(npm_|INIT_CWD$)' | sed 's/^/-u /') npm config get globalconfig 2>/dev/null || true)"

# npm's own shims must run on NODE_DIR's node.
[ -e "$NODE_DIR/bin/npm" ] || ln -sf "$(command -v npm)" "$NODE_DIR/bin/npm" 2>/dev/null || true

for v in $(compgen -e | grep -E '^(npm_|INIT_CWD$)'); do
  unset "$v"
done
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
[ -n "$GLOBALCONFIG" ] && export npm_config_globalconfig="$GLOBALCONFIG"
exec npm "$@"
