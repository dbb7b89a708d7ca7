#!/usr/bin/env bash
# Faultline end to end, in a real VS Code and in Neovim (`npm run test:e2e`):
#   1. install (cached): Debian packages, code-server 4.100.3 (VS Code 1.100.3), playwright-core + mocha
#   2. package: `npm run package` -> faultline-<version>.vsix, unpacked for the extension host / Neovim
#   3. test phase (inside `unshare --net` when possible: loopback only, proves no network use):
#        start code-server with a fresh profile + the .vsix installed
#        ui        playwright-core + Debian chromium: squiggles, Problems panel, quick fix, file on disk
#        ext-host  test/e2e/suite/*.test.js (mocha) inside code-server's real extension host
#        stop code-server (always)
#        nvim      Neovim headless as a second LSP client of dist/server.js --stdio
# Prints timings; exits non-zero if anything failed. Screenshots and logs: test-artifacts/e2e/.
# Env: FAULTLINE_E2E_CACHE (default .e2e/cache: keep it between runs to skip the installs),
#      FAULTLINE_E2E_NETNS=0 (no network namespace), FAULTLINE_E2E_SKIP_INSTALL=1, CS_PORT,
#      FAULTLINE_E2E_REQUIRED=1 (a machine that cannot install the editors fails instead of
#      reporting "e2e: SKIPPED: <reason>" and exiting 0).
set -uo pipefail
SELF=$(realpath "$0")
source "$(dirname "$SELF")/lib.sh"

TIMINGS=$E2E_RUN/timings.txt
RESULTS=$E2E_RUN/results.txt
LOGS=$ARTIFACTS/logs

# step <name> <command...>: run with output to $LOGS/<name>.log, record time and result.
step() {
  local name=$1; shift
  local t0; t0=$(now)
  echo "=== $name"
  "$@" > "$LOGS/$name.log" 2>&1
  local rc=$?
  printf '%-20s %7ss  %s\n' "$name" "$(secs "$t0")" "$([ $rc -eq 0 ] && echo ok || echo "FAILED (rc=$rc)")" | tee -a "$TIMINGS"
  if [ $rc -ne 0 ]; then echo "--- last lines of $LOGS/$name.log:"; tail -40 "$LOGS/$name.log"; echo "---"; fi
  return $rc
}
# test <name> <command...>: a step whose result counts as a test (its output is shown)
test_step() {
  local name=$1
  if step "$@"; then echo "pass $name" >> "$RESULTS"; else echo "fail $name" >> "$RESULTS"; fi
  grep -E '^(\[[0-9.]+s\]|PROBLEMS|RULES|QUICK FIX|INSERTED|STATUS ITEM|REPORT HEADINGS|nvim |faultline/status|generateReview|showDocumentation|diagnostics:|code actions|after the fix|\(info\)|extension-host suite|  \[ext-host:log\]  INFO +\S)' "$LOGS/$name.log" | cut -c1-240 | sed 's/^/    /'
}

# ------------------------------------------------------------------ test phase (maybe in a netns)
if [ "${1:-}" = "--test-phase" ]; then
  VSIX=$2
  mkdir -p "$E2E_RUN/workspace"
  export FAULTLINE_E2E_RESULTS=$E2E_RUN/ext-test-results.json FAULTLINE_E2E_TOOLS=$TOOLS_DIR
  e2e_xdg "$E2E_RUN/xdg"
  export TMPDIR=$E2E_RUN/tmp; mkdir -p "$TMPDIR"
  trap '"$E2E_DIR/stop-code-server.sh" >/dev/null 2>&1 || true' EXIT
  trap 'exit 130' INT TERM
  if step start-code-server "$E2E_DIR/start-code-server.sh" "$VSIX" "$E2E_RUN/workspace"; then
    test_step ui       node "$E2E_DIR/ui.e2e.mjs"
    test_step ext-host env EXT_DIR="$E2E_RUN/vsix/extension" node "$E2E_DIR/run-ext-tests.mjs"
  else
    echo "fail ui" >> "$RESULTS"; echo "fail ext-host" >> "$RESULTS"
    tail -30 "$E2E_RUN/cs/code-server.log" 2>/dev/null
  fi
  step stop-code-server "$E2E_DIR/stop-code-server.sh"
  trap - EXIT
  test_step nvim env FAULTLINE_LS="$E2E_RUN/vsix/extension/dist/server.js" node "$E2E_DIR/nvim.e2e.mjs"
  exit 0
fi

# ------------------------------------------------------------------ main
T0=$(now)
[ -f "$E2E_RUN/code-server.pid" ] && "$E2E_DIR/stop-code-server.sh" >/dev/null 2>&1   # a leftover of an interrupted run
rm -rf "$E2E_RUN" "$ARTIFACTS"
mkdir -p "$E2E_RUN" "$LOGS"
: > "$TIMINGS"; : > "$RESULTS"
finish() {
  # keep code-server's own logs (extension host, Faultline output channel) with the artefacts
  [ -d "$E2E_RUN/cs/user-data/logs" ] && cp -r "$E2E_RUN/cs/user-data/logs" "$ARTIFACTS/code-server-logs" 2>/dev/null
  [ -f "$E2E_RUN/cs/code-server.log" ] && cp "$E2E_RUN/cs/code-server.log" "$LOGS/" 2>/dev/null
  local passed failed
  passed=$(grep -c '^pass ' "$RESULTS"); failed=$(grep -c '^fail ' "$RESULTS")
  echo
  echo "--- e2e timings"
  cat "$TIMINGS"
  printf '%-20s %7ss\n' total "$(secs "$T0")"
  echo "--- e2e results (screenshots and logs in ${ARTIFACTS#$E2E_ROOT/}/)"
  sed 's/^/  /' "$RESULTS"
  echo "e2e: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# whatever happens (failure, Ctrl+C, SIGTERM), never leave a code-server behind
trap '"$E2E_DIR/stop-code-server.sh" >/dev/null 2>&1 || true' EXIT
trap 'echo "interrupted"; exit 130' INT TERM
cd "$E2E_ROOT"
if [ "${FAULTLINE_E2E_SKIP_INSTALL:-0}" != 1 ]; then
  step install-apt "$E2E_DIR/install.sh" apt; rc=$?
  if [ $rc -eq 3 ]; then
    # this machine cannot have the editors (install.sh says why): say so loudly, never pass silently
    reason=$(sed -n 's/^SKIP: //p' "$LOGS/install-apt.log" | tail -1)
    echo "e2e: SKIPPED: ${reason:-see $LOGS/install-apt.log}"
    [ "${FAULTLINE_E2E_REQUIRED:-0}" = 1 ] && { echo "FAULTLINE_E2E_REQUIRED=1: a skipped e2e is a failure"; exit 1; }
    exit 0
  fi
  [ $rc -eq 0 ] || { echo "fail install" >> "$RESULTS"; finish; exit 1; }
  step install-code-server "$E2E_DIR/install.sh" code-server || { echo "fail install" >> "$RESULTS"; finish; exit 1; }
  step install-tools       "$E2E_DIR/install.sh" tools       || { echo "fail install" >> "$RESULTS"; finish; exit 1; }
fi

VERSION=$(node -p "require('./package.json').version")
VSIX=$E2E_ROOT/faultline-$VERSION.vsix
unpack() { rm -f "$VSIX" && npm run package --silent && rm -rf "$E2E_RUN/vsix" && mkdir -p "$E2E_RUN/vsix" &&
           (cd "$E2E_RUN/vsix" && unzip -q "$VSIX") && ls -l "$VSIX"; }
if step package unpack; then
  echo "pass package" >> "$RESULTS"
  grep -E 'Packaged:' "$LOGS/package.log" | sed 's/^/    /'
else
  echo "fail package" >> "$RESULTS"; finish; exit 1
fi

# The test phase talks to 127.0.0.1 only; run it in a fresh network namespace (loopback only)
# when the machine allows it, so any attempt to reach the network fails loudly.
if [ "${FAULTLINE_E2E_NETNS:-1}" = 1 ] && command -v ip >/dev/null && unshare --net true 2>/dev/null; then
  echo "=== test phase in a network namespace (loopback only)"
  unshare --net bash -c 'ip link set lo up && exec bash "$0" --test-phase "$1"' "$SELF" "$VSIX"
else
  echo "=== test phase (no network namespace)"
  if curl -sS -o /dev/null "$CS_URL" 2>/dev/null; then   # port taken: use a free one
    CS_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    export CS_PORT CS_URL=http://127.0.0.1:$CS_PORT
  fi
  bash "$SELF" --test-phase "$VSIX"
fi
finish
