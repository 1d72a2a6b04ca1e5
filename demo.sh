#!/usr/bin/env bash
# The demo: a voice room's audio (a 440 Hz tone as Opus RTP) broadcast live with the default
# background to a local nginx RTMP server, to watch with ffplay or VLC. Ctrl-C stops everything.
#   ./demo.sh            run until Ctrl-C
#   ./demo.sh --check    record 8 s of the broadcast, verify H.264 + AAC, clean up, exit 0/1
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

MODE=watch
case "${1:-}" in
  --check) MODE=check ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

export VOICE_DEMO_RUN_DIR=${VOICE_DEMO_RUN_DIR:-/tmp/voice-broadcast-demo}
RUN_DIR=$VOICE_DEMO_RUN_DIR
RTMP_PORT=${VOICE_DEMO_RTMP_PORT:-1935}
HTTP_PORT=8080
TOKEN=demo-token
ASSETS=$ROOT/provisioning/assets/generated
JAR=${VOICE_DEMO_JAR:-voice-service/target/voice-service-0.1.0-SNAPSHOT.jar}
OUT_URL=rtmp://127.0.0.1:$RTMP_PORT/out/demo-key
API=http://127.0.0.1:$HTTP_PORT
HEALTH_TIMEOUT_SECONDS=120
SERVICE_STOP_TIMEOUT_SECONDS=20
CHECK_SECONDS=8
TONE_HZ=440

log() { printf '\ndemo: %s\n' "$*"; }
die() { printf '\ndemo: ERROR: %s\n' "$*" >&2; exit 1; }
answers() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# A top-level string or number field of a flat JSON object; enough for the API's responses.
json_field() {
  sed -n -e "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" \
         -e "t" -e "s/.*\"$1\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p" | head -n1
}

# api PATH JSON: POST with the admin token; prints the body, fails on a non-2xx status.
api() {
  local out status
  out=$(curl -sS --max-time 30 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$2" -w '\n%{http_code}' "$API$1") || die "POST $1: no answer"
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  [[ $status == 2* ]] || die "POST $1 -> HTTP $status: $out"
  printf '%s' "$out"
}

service_pid=""
tone_pid=""
room_id=""
streaming=no

# Stops a process we started: SIGTERM, a bounded wait, then SIGKILL.
stop_pid() {
  local pid=$1 seconds=$2 name=$3 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; echo "demo: stopped $name"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "demo: killed $name after ${seconds}s"
}

descendants() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

cleanup() {
  local status=$? left="" pid
  trap - EXIT INT TERM
  log "cleaning up"
  if [ "$streaming" = yes ]; then
    curl -sS --max-time 15 -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"roomId\":\"$room_id\"}" "$API/voice/room/stream/stop" && echo "demo: stream stopped" || true
  fi
  stop_pid "$tone_pid" 5 "tone"
  if [ -n "$service_pid" ]; then
    # The service should end its FFmpeg processes itself; any it leaves are ended below.
    left=$(descendants "$service_pid")
    stop_pid "$service_pid" "$SERVICE_STOP_TIMEOUT_SECONDS" "voice service"
    for pid in $left; do
      if kill -0 "$pid" 2>/dev/null; then
        echo "demo: the service left pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)); killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
  fi
  provisioning/stop-rtmp-server.sh || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "installing what is missing"
provisioning/install.sh
log "making the background assets"
provisioning/make-assets.sh
log "starting the local RTMP server"
provisioning/start-rtmp-server.sh

log "building the voice service"
./mvnw -q -B -DskipTests package
[ -f "$JAR" ] || die "$JAR was not built"

answers "$HTTP_PORT" && die "127.0.0.1:$HTTP_PORT is already in use; stop whatever listens there"
mkdir -p "$RUN_DIR"
log "starting the voice service (log: $RUN_DIR/voice-service.log)"
# setsid: Ctrl-C reaches this script only, which then stops the stream and the service in order.
VOICE_STREAMING_ENABLED=true \
VOICE_ADMIN_TOKEN=$TOKEN \
VOICE_DEFAULT_BACKGROUND_VIDEO=$ASSETS/default-background.mp4 \
VOICE_ALLOWED_FILE_DIRS=$ASSETS \
SERVER_PORT=$HTTP_PORT \
  setsid java -jar "$JAR" </dev/null >"$RUN_DIR/voice-service.log" 2>&1 &
service_pid=$!

code=000
for ((i = 0; i < HEALTH_TIMEOUT_SECONDS; i++)); do
  kill -0 "$service_pid" 2>/dev/null || die "the voice service exited: $(tail -n 30 "$RUN_DIR/voice-service.log")"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$API/actuator/health" || true)
  [ "$code" != 000 ] && break
  sleep 1
done
[ "$code" != 000 ] || die "GET /actuator/health did not answer within ${HEALTH_TIMEOUT_SECONDS}s"
echo "demo: /actuator/health answered HTTP $code after ${i}s"

room=$(api /voice/room/create '{"tier":"scaled","displayName":"demo","audio":{"codec":"opus","payloadType":111,"sampleRate":48000,"channels":2}}')
room_id=$(printf '%s' "$room" | json_field roomId)
[ -n "$room_id" ] || die "no roomId in: $room"
echo "demo: room $room_id"

stream=$(api /voice/room/stream/start \
  "{\"roomId\":\"$room_id\",\"rtmpOutputUrl\":\"$OUT_URL\",\"fallbackImageUrl\":\"$ASSETS/test-card.png\"}")
streaming=yes
rtp_port=$(printf '%s' "$stream" | json_field audioRtpPort)
[ -n "$rtp_port" ] || die "no audioRtpPort in: $stream"
echo "demo: streaming; room audio expected as RTP on 127.0.0.1:$rtp_port"

# The room's mix stand-in: a tone as Opus RTP, payload type 111, as the SFU would send it.
ffmpeg -hide_banner -loglevel warning -nostdin -re -f lavfi -i "sine=frequency=$TONE_HZ:sample_rate=48000:samples_per_frame=960" \
  -af 'pan=stereo|c0=c0|c1=c0' -c:a libopus -ar 48000 -ac 2 -b:a 64k -payload_type 111 \
  -f rtp "rtp://127.0.0.1:$rtp_port" >"$RUN_DIR/tone.log" 2>&1 &
tone_pid=$!

if [ "$MODE" = check ]; then
  log "recording ${CHECK_SECONDS}s of $OUT_URL"
  rm -f "$RUN_DIR/out.flv"
  # -rw_timeout (microseconds): give up if the broadcast sends nothing for 10 s.
  timeout $((CHECK_SECONDS + 30)) ffmpeg -hide_banner -loglevel error -nostdin -rw_timeout 10000000 \
    -i "$OUT_URL" -t "$CHECK_SECONDS" -c copy -y "$RUN_DIR/out.flv" || die "could not record $OUT_URL"
  codecs=$(ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 "$RUN_DIR/out.flv" | sort | tr '\n' ' ')
  echo "demo: recorded streams: $codecs"
  [[ $codecs == *"h264,video"* && $codecs == *"aac,audio"* ]] || die "expected H.264 video and AAC audio"
  log "check passed: H.264 + AAC on $OUT_URL"
  exit 0
fi

cat <<MSG

  The room is on air at $OUT_URL
  Watch it:  ffplay $OUT_URL
        or:  VLC > Media > Open Network Stream > $OUT_URL
  Logs:      $RUN_DIR/voice-service.log
  Press Ctrl-C to stop the stream, the service, the tone and nginx.

MSG
wait "$service_pid" || true
service_pid=""
die "the voice service exited: $(tail -n 30 "$RUN_DIR/voice-service.log")"
