#!/usr/bin/env bash
# Starts the demo's nginx RTMP server on 127.0.0.1:${VOICE_DEMO_RTMP_PORT:-1935}:
#   rtmp://127.0.0.1:1935/live/NAME  cameras
#   rtmp://127.0.0.1:1935/out/KEY    the broadcast  rtmp://127.0.0.1:1935/out2/KEY  its second destination
# Config, log and pid file live in ${VOICE_DEMO_RUN_DIR:-/tmp/voice-broadcast-demo}/nginx.
# Idempotent: a server already started by this script is left running.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
RUN_DIR=${VOICE_DEMO_RUN_DIR:-/tmp/voice-broadcast-demo}/nginx
RTMP_PORT=${VOICE_DEMO_RTMP_PORT:-1935}
RTMP_MODULE=/usr/lib/nginx/modules/ngx_rtmp_module.so
START_TIMEOUT_SECONDS=10
PID_FILE=$RUN_DIR/nginx.pid
CONF=$RUN_DIR/nginx.conf
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

log() { printf 'rtmp-server: %s\n' "$*"; }
die() { printf 'rtmp-server: ERROR: %s\n' "$*" >&2; exit 1; }
answers() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Ours if the pid is alive and runs nginx with our config (a stale pid may belong to anything).
running_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-c $CONF" && echo "$pid"
}

if pid=$(running_pid); then
  log "already running (pid $pid) on rtmp://127.0.0.1:$RTMP_PORT"
  exit 0
fi
[ -f "$RTMP_MODULE" ] || die "$RTMP_MODULE not found; run provisioning/install.sh"
answers "$RTMP_PORT" && die "127.0.0.1:$RTMP_PORT is already in use by another process"

mkdir -p "$RUN_DIR"
rm -f "$PID_FILE"
sed -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@ERROR_LOG@|$RUN_DIR/error.log|g" -e "s|@RTMP_LISTEN@|127.0.0.1:$RTMP_PORT|g" \
  -e "s|@RTMP_MODULE@|$RTMP_MODULE|g" -e "s|@OUT_RECORD@|record off;|g" \
  "$HERE/nginx/nginx-rtmp.conf.template" >"$CONF"
"$NGINX" -t -q -p "$RUN_DIR" -c "$CONF" 2>"$RUN_DIR/config-test.log" || die "bad config: $(cat "$RUN_DIR/config-test.log")"

# Foreground nginx (daemon off) in the background, in its own session (setsid) so that a
# Ctrl-C meant for the demo script does not kill it before the stream is stopped in order.
setsid "$NGINX" -p "$RUN_DIR" -c "$CONF" </dev/null >>"$RUN_DIR/stdout.log" 2>&1 &
nginx_pid=$!
for ((i = 0; i < START_TIMEOUT_SECONDS * 10; i++)); do
  answers "$RTMP_PORT" && break
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited: $(tail -n 5 "$RUN_DIR/error.log" 2>/dev/null)"
  sleep 0.1
done
answers "$RTMP_PORT" || { kill "$nginx_pid" 2>/dev/null; die "nginx did not listen on $RTMP_PORT within ${START_TIMEOUT_SECONDS}s"; }
echo "$nginx_pid" >"$PID_FILE"
log "started (pid $nginx_pid) on rtmp://127.0.0.1:$RTMP_PORT (apps: live, out, out2); logs in $RUN_DIR"
