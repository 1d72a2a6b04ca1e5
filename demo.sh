#!/usr/bin/env bash
# The demo: a voice room broadcast live to a local nginx RTMP server, to watch with ffplay or VLC.
# The room's audio is a 440 Hz tone sent as Opus RTP, as the SFU sends a room's mix. The picture is
# the test card (the stream's fallback image); a few seconds later the demo clears the image and
# the service falls back to its default background video (VOICE_DEFAULT_BACKGROUND_VIDEO).
#   ./demo.sh            run until Ctrl-C, which stops everything
#   ./demo.sh --check    record 8 s of the broadcast and verify it: H.264 + AAC, the tone audible,
#                        the test card then the default background, never black; exit 0/1
# Ports (loopback only): RTMP ${DEMO_RTMP_PORT:-1935}, HTTP ${DEMO_HTTP_PORT:-8080}; set either if taken.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

MODE=watch
case "${1:-}" in
  --check) MODE=check ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

RTMP_PORT=${DEMO_RTMP_PORT:-1935}
HTTP_PORT=${DEMO_HTTP_PORT:-8080}
# provisioning/start-rtmp-server.sh reads these two
export VOICE_DEMO_RUN_DIR=${VOICE_DEMO_RUN_DIR:-/tmp/voice-broadcast-demo}
export VOICE_DEMO_RTMP_PORT=$RTMP_PORT
RUN_DIR=$VOICE_DEMO_RUN_DIR
TOKEN=demo-token
ASSETS=$ROOT/provisioning/assets/generated
JAR=voice-service/target/voice-service-0.1.0-SNAPSHOT.jar
OUT_URL=rtmp://127.0.0.1:$RTMP_PORT/out/demo-key
API=http://127.0.0.1:$HTTP_PORT
HEALTH_TIMEOUT_SECONDS=120
ON_AIR_TIMEOUT_SECONDS=15
SERVICE_STOP_TIMEOUT_SECONDS=20
CHECK_SECONDS=8           # recorded in --check mode: the test card, then the default background
# How long the test card is on air before the image is cleared: in --check mode half the recording,
# otherwise long enough to open a player and see the switch.
TEST_CARD_SECONDS=$([ "$MODE" = check ] && echo $((CHECK_SECONDS / 2)) || echo 20)
TONE_HZ=440
MIN_TONE_MEAN_DB=-40      # the tone is sent at -21 dB mean; silence would read about -91 dB
MIN_TEST_CARD_SSIM=0.95   # the recorded test card is near identical to the PNG (about 0.999)
MAX_OTHER_SSIM=0.90       # the default background compared with the test card reads about 0.70
MAX_BLACK_SECONDS=1.0     # clearing the image shows black until the default video's first frame (about 0.2 s)

log() { printf '\ndemo: %s\n' "$*"; }
say() { printf 'demo: %s\n' "$*"; }
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

# wait_on_air TYPE: until the stream's status says this video source type is on air.
wait_on_air() {
  local type="" i
  for ((i = 0; i < ON_AIR_TIMEOUT_SECONDS * 10; i++)); do
    type=$(api /voice/room/stream/status "{\"roomId\":\"$room_id\"}" | json_field videoSourceType)
    [ "$type" = "$1" ] && { say "on air: $1"; return 0; }
    sleep 0.1
  done
  die "expected $1 on air within ${ON_AIR_TIMEOUT_SECONDS}s, status says ${type:-nothing}; see $RUN_DIR/voice-service.log"
}

# ---------------------------------------------------------------- checks of the recording

# mean_volume_db FILE: the audio's mean level in dB (FFmpeg's volumedetect).
mean_volume_db() {
  ffmpeg -hide_banner -nostdin -i "$1" -map 0:a:0 -af volumedetect -f null - 2>&1 \
    | sed -n 's/.*mean_volume: \(-*[0-9.]*\) dB.*/\1/p' | tail -n1
}

# black_seconds FILE: how long the picture is black, in total (FFmpeg's blackdetect).
black_seconds() {
  ffmpeg -hide_banner -nostdin -i "$1" -map 0:v:0 -vf blackdetect=d=0 -f null - 2>&1 \
    | sed -n 's/.*black_duration:\([0-9.]*\).*/\1/p' | awk '{ s += $1 } END { printf "%.2f", s }'
}

# ssim_at FILE SECONDS IMAGE: how alike the frame at SECONDS and IMAGE are (1 = identical).
ssim_at() {
  ffmpeg -hide_banner -nostdin -ss "$2" -i "$1" -loop 1 -i "$3" -filter_complex \
    '[0:v]scale=1280:720,format=yuv420p[a];[1:v]scale=1280:720,format=yuv420p[b];[a][b]ssim' \
    -frames:v 1 -f null - 2>&1 | sed -n 's/.* All:\([0-9.]*\).*/\1/p' | tail -n1
}

# is_below A B: A < B for decimals.
is_below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

check_recording() {
  local file=$1 codecs mean_db card_ssim later_ssim black
  codecs=$(ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 "$file" | sort | tr '\n' ' ')
  say "streams: $codecs"
  [[ $codecs == *"h264,video"* && $codecs == *"aac,audio"* ]] || die "expected H.264 video and AAC audio"

  mean_db=$(mean_volume_db "$file")
  say "audio mean volume: ${mean_db:-?} dB (the $TONE_HZ Hz tone; at least $MIN_TONE_MEAN_DB dB expected)"
  [ -n "$mean_db" ] && ! is_below "$mean_db" "$MIN_TONE_MEAN_DB" || die "the room's tone is not audible"

  card_ssim=$(ssim_at "$file" $((TEST_CARD_SECONDS / 2)) "$ASSETS/test-card.png")
  later_ssim=$(ssim_at "$file" $((CHECK_SECONDS - 1)) "$ASSETS/test-card.png")
  say "likeness to the test card: ${card_ssim:-?} at $((TEST_CARD_SECONDS / 2))s, ${later_ssim:-?} at $((CHECK_SECONDS - 1))s (SSIM)"
  [ -n "$card_ssim" ] && ! is_below "$card_ssim" "$MIN_TEST_CARD_SSIM" || die "the test card was not on air"
  [ -n "$later_ssim" ] && is_below "$later_ssim" "$MAX_OTHER_SSIM" || die "the default background did not take over"

  black=$(black_seconds "$file")
  say "black picture: ${black}s in total (at most ${MAX_BLACK_SECONDS}s expected)"
  ! is_below "$MAX_BLACK_SECONDS" "$black" || die "the picture was black"
}

# ---------------------------------------------------------------- processes

service_pid=""
tone_pid=""
recorder_pid=""
room_id=""
streaming=no

# Stops a process we started: SIGTERM, a bounded wait, then SIGKILL.
stop_pid() {
  local pid=$1 seconds=$2 name=$3 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; say "stopped $name"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  say "killed $name after ${seconds}s"
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
  stop_pid "$recorder_pid" 5 "recorder"
  if [ "$streaming" = yes ]; then
    curl -sS --max-time 15 -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"roomId\":\"$room_id\"}" "$API/voice/room/stream/stop" && say "stream stopped" || true
  fi
  stop_pid "$tone_pid" 5 "tone"
  if [ -n "$service_pid" ]; then
    # The service ends its FFmpeg processes itself; any it leaves are ended below.
    left=$(descendants "$service_pid")
    stop_pid "$service_pid" "$SERVICE_STOP_TIMEOUT_SECONDS" "voice service"
    for pid in $left; do
      if kill -0 "$pid" 2>/dev/null; then
        say "the service left pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)); killing it"
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

# Before the slow steps: an nginx left by an interrupted run is ours to stop; a port taken by
# anything else fails now, saying what to do.
provisioning/stop-rtmp-server.sh >/dev/null
answers "$RTMP_PORT" && die "127.0.0.1:$RTMP_PORT (RTMP) is already in use; stop whatever listens there or run with DEMO_RTMP_PORT=<free port>"
answers "$HTTP_PORT" && die "127.0.0.1:$HTTP_PORT (HTTP) is already in use; stop whatever listens there or run with DEMO_HTTP_PORT=<free port>"

log "installing what is missing"
provisioning/install.sh
log "making the background assets"
provisioning/make-assets.sh
log "starting the local RTMP server"
provisioning/start-rtmp-server.sh

log "building the voice service"
./mvnw -q -B -DskipTests package
[ -f "$JAR" ] || die "$JAR was not built"

mkdir -p "$RUN_DIR"
log "starting the voice service (log: $RUN_DIR/voice-service.log)"
# setsid: Ctrl-C reaches this script only, which then stops the stream and the service in order.
VOICE_STREAMING_ENABLED=true \
VOICE_ADMIN_TOKEN=$TOKEN \
VOICE_DEFAULT_BACKGROUND_VIDEO=$ASSETS/default-background.mp4 \
VOICE_ALLOWED_FILE_DIRS=$ASSETS \
SERVER_PORT=$HTTP_PORT \
SERVER_ADDRESS=127.0.0.1 \
  setsid java -jar "$JAR" </dev/null >"$RUN_DIR/voice-service.log" 2>&1 &
service_pid=$!

code=000
for ((i = 0; i < HEALTH_TIMEOUT_SECONDS; i++)); do
  kill -0 "$service_pid" 2>/dev/null || die "the voice service exited: $(tail -n 30 "$RUN_DIR/voice-service.log")"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$API/actuator/health" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || die "GET /actuator/health did not answer 200 within ${HEALTH_TIMEOUT_SECONDS}s (last: HTTP $code)"
say "/actuator/health answered HTTP 200 after ${i}s"
! grep -q 'VOICE_DEFAULT_BACKGROUND_VIDEO=.* is missing' "$RUN_DIR/voice-service.log" \
  || die "the service cannot read its default background video $ASSETS/default-background.mp4"

# Opus, payload type 111, 48 kHz stereo are the room defaults.
room=$(api /voice/room/create '{"tier":"scaled"}')
room_id=$(printf '%s' "$room" | json_field roomId)
[ -n "$room_id" ] || die "no roomId in: $room"
say "room $room_id"

stream=$(api /voice/room/stream/start \
  "{\"roomId\":\"$room_id\",\"rtmpOutputUrl\":\"$OUT_URL\",\"fallbackImageUrl\":\"$ASSETS/test-card.png\"}")
streaming=yes
rtp_port=$(printf '%s' "$stream" | json_field audioRtpPort)
[ -n "$rtp_port" ] || die "no audioRtpPort in: $stream"
say "streaming; room audio expected as RTP on 127.0.0.1:$rtp_port"

# The room's mix stand-in: a tone as Opus RTP, payload type 111, as the SFU would send it.
ffmpeg -hide_banner -loglevel warning -nostdin -re -f lavfi -i "sine=frequency=$TONE_HZ:sample_rate=48000:samples_per_frame=960" \
  -af 'pan=stereo|c0=c0|c1=c0' -c:a libopus -ar 48000 -ac 2 -b:a 64k -payload_type 111 \
  -f rtp "rtp://127.0.0.1:$rtp_port" >"$RUN_DIR/tone.log" 2>&1 &
tone_pid=$!
wait_on_air fallback_image

if [ "$MODE" = check ]; then
  log "recording ${CHECK_SECONDS}s of $OUT_URL"
  rm -f "$RUN_DIR/out.flv"
  # -rw_timeout (microseconds): give up if the broadcast sends nothing for 10 s. In the
  # background: bash runs the Ctrl-C trap only once a foreground command has finished.
  ffmpeg -hide_banner -loglevel error -nostdin -rw_timeout 10000000 \
    -i "$OUT_URL" -t "$CHECK_SECONDS" -c copy -y "$RUN_DIR/out.flv" 2>"$RUN_DIR/recorder.log" &
  recorder_pid=$!
else
  cat <<MSG

  The room is on air at $OUT_URL (the test card for ${TEST_CARD_SECONDS}s, then the default background)
  Watch it:  ffplay $OUT_URL
        or:  VLC > Media > Open Network Stream > $OUT_URL
  Logs:      $RUN_DIR/voice-service.log
  Press Ctrl-C to stop the stream, the service, the tone and nginx.
MSG
fi

sleep "$TEST_CARD_SECONDS"
log "clearing the fallback image: the default background video takes over"
api /voice/room/stream/update "{\"roomId\":\"$room_id\",\"fallbackImageUrl\":\"\"}" >/dev/null
wait_on_air default

if [ "$MODE" = watch ]; then
  wait "$service_pid" || true
  service_pid=""
  die "the voice service exited: $(tail -n 30 "$RUN_DIR/voice-service.log")"
fi

wait "$recorder_pid" || die "could not record $OUT_URL: $(cat "$RUN_DIR/recorder.log")"
recorder_pid=""
log "checking the recording $RUN_DIR/out.flv"
check_recording "$RUN_DIR/out.flv"
log "check passed: H.264 + AAC on $OUT_URL, the tone audible, the test card then the default background"
