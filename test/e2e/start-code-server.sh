#!/usr/bin/env bash
# Starts code-server on 127.0.0.1:$CS_PORT with a fresh profile (user-data + extensions dirs under
# $E2E_RUN/cs), installs the given .vsix into it first, and waits until it answers /healthz.
# Usage: start-code-server.sh <extension.vsix> <workspace folder>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
VSIX=$(realpath "$1"); WS=$(realpath "$2")
RUN=$E2E_RUN/cs
[ -x "$CS_BIN" ] || { echo "code-server not installed: run test/e2e/install.sh" >&2; exit 1; }
if curl -fsS "$CS_URL/healthz" >/dev/null 2>&1; then echo "port $CS_PORT already in use" >&2; exit 1; fi
rm -rf "$RUN" && mkdir -p "$RUN/user-data/User" "$RUN/extensions" "$RUN/tmp"
# everything code-server/VS Code writes (coder-logs, deviceid, IPC sockets) stays under $RUN
e2e_xdg "$RUN/xdg"; export TMPDIR=$RUN/tmp
cat > "$RUN/config.yaml" <<YAML
bind-addr: 127.0.0.1:$CS_PORT
auth: none
cert: false
disable-telemetry: true
disable-update-check: true
disable-workspace-trust: true
disable-getting-started-override: true
YAML
cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "security.workspace.trust.enabled": false,
  "chat.commandCenter.enabled": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "files.autoSave": "off",
  "editor.lightbulb.enabled": "on",
  "window.commandCenter": false
}
JSON
COMMON=(--config "$RUN/config.yaml" --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions")
t0=$(now)
"$CS_BIN" "${COMMON[@]}" --install-extension "$VSIX" --force
echo "install-extension: $(secs "$t0") s"
"$CS_BIN" "${COMMON[@]}" --list-extensions --show-versions
t1=$(now)
# own session and process group (setsid): a Ctrl+C aimed at the test run does not orphan its
# extension hosts, and stop-code-server.sh can end exactly this group
setsid nohup "$CS_BIN" "${COMMON[@]}" --bind-addr "127.0.0.1:$CS_PORT" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust --ignore-last-opened "$WS" \
  > "$RUN/code-server.log" 2>&1 &
echo $! > "$E2E_RUN/code-server.pid"
for _ in $(seq 1 300); do
  curl -fsS "$CS_URL/healthz" >/dev/null 2>&1 && break
  kill -0 "$(cat "$E2E_RUN/code-server.pid")" 2>/dev/null || { cat "$RUN/code-server.log"; echo "code-server exited" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "$CS_URL/healthz" >/dev/null || { echo "code-server did not come up" >&2; exit 1; }
echo "code-server $CS_VERSION up on $CS_URL (pid $(cat "$E2E_RUN/code-server.pid")) in $(secs "$t1") s"
