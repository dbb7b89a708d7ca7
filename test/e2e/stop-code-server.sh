#!/usr/bin/env bash
# Stops the code-server started by start-code-server.sh, and only it: it runs in its own process
# group (setsid), so SIGTERM that group (code-server, extension hosts, language servers,
# watchers, even ones already reparented), wait up to 10 s, then SIGKILL what is left of it.
source "$(dirname "$0")/lib.sh"
PIDFILE=$E2E_RUN/code-server.pid
[ -f "$PIDFILE" ] || exit 0
PGID=$(cat "$PIDFILE")
members() { ps -e -o pid=,pgid=,stat= | awk -v g="$PGID" '$2 == g && $3 !~ /^Z/ { print $1 }'; }
N=$(members | wc -l)
kill -TERM -- "-$PGID" 2>/dev/null || true
for _ in $(seq 1 100); do [ -z "$(members)" ] && break; sleep 0.1; done
LEFT=$(members | xargs)
[ -n "$LEFT" ] && kill -KILL -- "-$PGID" 2>/dev/null
rm -f "$PIDFILE"
echo "stopped code-server (process group $PGID: $N processes; force-killed: ${LEFT:-none})"
