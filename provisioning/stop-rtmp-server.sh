#!/usr/bin/env bash
# Stops the nginx started by start-rtmp-server.sh (only that one: found by its pid file and config).
set -euo pipefail

RUN_DIR=${VOICE_DEMO_RUN_DIR:-/tmp/voice-broadcast-demo}/nginx
PID_FILE=$RUN_DIR/nginx.pid
CONF=$RUN_DIR/nginx.conf
STOP_TIMEOUT_SECONDS=5

log() { printf 'rtmp-server: %s\n' "$*"; }

pid=$(cat "$PID_FILE" 2>/dev/null || true)
if [ -z "$pid" ] || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-c $CONF"; then
  rm -f "$PID_FILE"
  log "not running"
  exit 0
fi
kill -TERM "$pid" 2>/dev/null || true
for ((i = 0; i < STOP_TIMEOUT_SECONDS * 10; i++)); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid" 2>/dev/null || true
  log "stopped (pid $pid, killed after ${STOP_TIMEOUT_SECONDS}s)"
else
  log "stopped (pid $pid)"
fi
rm -f "$PID_FILE"
