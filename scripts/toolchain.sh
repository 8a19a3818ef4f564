# Sourced by ./agentdeck: makes sure Node 22+ and the dependencies are there.
# Node 22 comes from the npm registry (the `node` package) when the machine has
# an older one, so a machine with only Node 20 and npm is enough.
agentdeck_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local major
  major=$(node_major node)
  if [ "$major" -ge 22 ] 2>/dev/null; then return; fi
  local dir="$agentdeck_root/.toolchain"
  if [ ! -x "$dir/node_modules/node/bin/node" ]; then
    echo "agentdeck: Node $major found, fetching Node 22 from the npm registry into .toolchain/ ..." >&2
    npm install --prefix "$dir" --no-save --no-audit --no-fund node@22 >&2
  fi
  local headers
  headers=$(dirname "$(dirname "$(find "$dir/node_modules" -path '*/include/node/node.h' | head -n 1)")")
  export PATH="$dir/node_modules/node/bin:$PATH"
  # native modules (better-sqlite3) must build against the Node that runs them
  [ -n "$headers" ] && export npm_config_nodedir="$(dirname "$headers")"
}

ensure_deps() {
  local yarn=("node" "$agentdeck_root/.yarn/releases/yarn-4.13.0.cjs")
  local state="$agentdeck_root/node_modules/.yarn-state.yml"
  if [ ! -f "$state" ] || [ "$agentdeck_root/yarn.lock" -nt "$state" ] || [ "$agentdeck_root/package.json" -nt "$state" ]; then
    echo "agentdeck: installing dependencies (yarn install, about 3 minutes the first time) ..." >&2
    (cd "$agentdeck_root" && "${yarn[@]}" install --immutable >&2)
  fi
}

ensure_node
ensure_deps
