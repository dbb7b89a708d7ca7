# Shared settings for the e2e scripts (sourced, not run).
# Layout (all gitignored):
#   $E2E_CACHE  heavy, reusable installs: code-server, playwright-core + mocha, ripgrep seed
#   $E2E_RUN    per-run state: code-server profile, extensions dir, workspaces, logs, XDG dirs
#   $ARTIFACTS  screenshots and logs worth keeping (test-artifacts/e2e)
E2E_ROOT=${E2E_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
E2E_DIR=$E2E_ROOT/test/e2e
E2E_CACHE=${FAULTLINE_E2E_CACHE:-$E2E_ROOT/.e2e/cache}
E2E_RUN=${FAULTLINE_E2E_RUN:-$E2E_ROOT/.e2e/run}
ARTIFACTS=${FAULTLINE_E2E_ARTIFACTS:-$E2E_ROOT/test-artifacts/e2e}
CS_VERSION=${CS_VERSION:-4.100.3}          # = VS Code 1.100.3; runs on Node 20 (newer ones need Node 24)
CS_DIR=$E2E_CACHE/code-server-$CS_VERSION
CS_BIN=$CS_DIR/node_modules/.bin/code-server
TOOLS_DIR=$E2E_CACHE/tools                 # playwright-core + mocha (test/e2e/tools/package*.json)
CS_PORT=${CS_PORT:-8123}
CS_URL=http://127.0.0.1:$CS_PORT
export E2E_ROOT E2E_DIR E2E_CACHE E2E_RUN ARTIFACTS CS_VERSION CS_DIR CS_BIN TOOLS_DIR CS_PORT CS_URL

# keep what code-server, chromium and nvim write out of $HOME
e2e_xdg() {   # e2e_xdg <dir>
  mkdir -p "$1"/{config,cache,data,state}
  export XDG_CONFIG_HOME=$1/config XDG_CACHE_HOME=$1/cache XDG_DATA_HOME=$1/data XDG_STATE_HOME=$1/state
}

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
