#!/usr/bin/env bash
# npm run bench: install the peers (bench/ has its own lock file, so they are
# never dependencies of jaxts), then run every workload on every library.
# Extra arguments go to bench/main.ts (--libs ..., --only ..., --browser).
# The JAX column's Python environment (bench/.venv) is set up by bench/jax.ts.
# --browser runs jaxts alone (in Chromium and Node): no peers to install.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi   # tsx, for jaxts's TypeScript source
# Reinstall only when bench/node_modules is missing or older than the lock file,
# and never through a symlink (a worktree sharing another checkout's peers):
# npm ci would empty the directory it points to.
if [[ " $* " != *" --browser "* ]] && [ ! -L bench/node_modules ] && { [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; }; then
  (cd bench && npm ci --no-audit --no-fund)
fi
npm run build --silent   # the bench measures the package (bench/jaxts_package.ts)
exec npx tsx bench/main.ts "$@"
