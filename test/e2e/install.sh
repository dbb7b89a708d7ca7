#!/usr/bin/env bash
# Installs what the e2e tests need, idempotently and into caches outside the project's
# dependencies, so a second run skips everything:
#   - Debian packages (apt-get, only the missing ones): build deps for code-server's native
#     modules, chromium (driven by playwright-core), neovim (second LSP client), unzip, curl
#   - code-server@$CS_VERSION from the npm registry into $CS_DIR
#   - playwright-core + mocha (test/e2e/tools/package*.json) into $TOOLS_DIR
# Reaches only the npm registry and Debian apt. Usage: test/e2e/install.sh [apt|code-server|tools]...
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$E2E_CACHE"
exec 9>"$E2E_CACHE/.install.lock"; flock 9      # two runs sharing a cache install one at a time
e2e_xdg "$E2E_CACHE/xdg"                          # `code-server --version` writes a config.yaml there

# npm / node-gyp settings that make code-server's install work offline-ish, as root:
export npm_config_nodedir=/usr          # node-gyp: Debian's /usr/include/node, no headers download
export npm_config_yes=true              # node-pty's postinstall runs `npx node-gyp`: don't prompt
export npm_config_unsafe_perm=true      # code-server's postinstall refuses to run as root otherwise
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_loglevel=warn

APT_PACKAGES=(build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev
              chromium neovim unzip curl ca-certificates procps)

# Exit status 3 = this machine cannot run the e2e (no apt, or neither root nor passwordless
# sudo to install what is missing): run.sh reports the e2e as SKIPPED with the reason printed
# here on a "SKIP:" line. Any other failure (a broken mirror, no network) is a real failure.
SKIP_EXIT=3
install_apt() {
  local missing=()
  if ! command -v dpkg-query >/dev/null; then
    echo "SKIP: no dpkg/apt on this machine: the e2e needs Debian or Ubuntu packages (${APT_PACKAGES[*]})"; exit $SKIP_EXIT
  fi
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then echo "apt: all present"; return; fi
  local as_root=()
  if [ "$(id -u)" -eq 0 ]; then
    as_root=(env)
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n env)                 # -n: never wait for a password prompt (CI has no stdin)
  else
    echo "SKIP: missing Debian packages (${missing[*]}) and no way to install them: not root, and no passwordless sudo"
    exit $SKIP_EXIT
  fi
  echo "apt: installing ${missing[*]} (as $([ "${as_root[0]}" = sudo ] && echo 'sudo' || echo 'root'))"
  "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# code-server's @vscode/ripgrep@1.15.11 postinstall downloads rg from GitHub (unreachable here):
# pre-seed its download cache ($TMPDIR/vscode-ripgrep-cache-1.15.11) with the rg binary that
# Microsoft publishes on npm as @vscode/ripgrep-linux-x64.
seed_ripgrep() {
  local seed=$E2E_CACHE/rg-seed
  local cache=$TMPDIR/vscode-ripgrep-cache-1.15.11
  mkdir -p "$cache"
  if [ ! -x "$seed/package/bin/rg" ]; then
    rm -rf "$seed" && mkdir -p "$seed"
    (cd "$seed" && npm pack @vscode/ripgrep-linux-x64@1.18.0 --silent >/dev/null && tar xzf vscode-ripgrep-linux-x64-1.18.0.tgz)
  fi
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$seed/package/bin" rg
}

install_code_server() {
  local stamp=$CS_DIR/.installed
  if [ -f "$stamp" ] && "$CS_BIN" --version >/dev/null 2>&1; then
    echo "code-server: cached ($("$CS_BIN" --version | head -1))"; return
  fi
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  export TMPDIR=$E2E_CACHE/tmp; rm -rf "$TMPDIR"; mkdir -p "$TMPDIR"
  seed_ripgrep
  echo '{"name":"faultline-e2e-code-server","private":true}' > "$CS_DIR/package.json"
  # its postinstall runs `npm install` in lib/vscode and builds native modules (~1 min cold)
  (cd "$CS_DIR" && npm install --no-save "code-server@$CS_VERSION")
  "$CS_BIN" --version | head -1
  rm -rf "$TMPDIR"
  touch "$stamp"
}

install_tools() {
  local want; want=$(cat "$E2E_DIR"/tools/package*.json | sha256sum | cut -c1-16)
  if [ "$(cat "$TOOLS_DIR/.installed" 2>/dev/null)" = "$want" ]; then echo "tools: cached"; return; fi
  rm -rf "$TOOLS_DIR" && mkdir -p "$TOOLS_DIR"
  cp "$E2E_DIR/tools/package.json" "$TOOLS_DIR/"
  if [ -f "$E2E_DIR/tools/package-lock.json" ]; then
    cp "$E2E_DIR/tools/package-lock.json" "$TOOLS_DIR/"
    (cd "$TOOLS_DIR" && npm ci --ignore-scripts)
  else
    (cd "$TOOLS_DIR" && npm install --ignore-scripts)
  fi
  echo "$want" > "$TOOLS_DIR/.installed"
  echo "tools: playwright-core $(node -p "require('$TOOLS_DIR/node_modules/playwright-core/package.json').version"), mocha $(node -p "require('$TOOLS_DIR/node_modules/mocha/package.json').version")"
}

what=("$@"); [ ${#what[@]} -gt 0 ] || what=(apt code-server tools)
for w in "${what[@]}"; do
  case $w in
    apt) install_apt ;;
    code-server) install_code_server ;;
    tools) install_tools ;;
    *) echo "unknown part: $w" >&2; exit 2 ;;
  esac
done
