#!/usr/bin/env bash
# The demo: a voice room broadcast live to a local nginx RTMP server, to watch with ffplay or VLC.
# Stage 1, the voice service alone with a real RTPEngine: the demo starts its own rtpengine daemon
# on loopback, creates a room in the rtpengine audio mode, and two simulated participants join
# through the API (alice: a 440 Hz tone as Opus, bob: a 660 Hz tone as PCMU, as a phone sends it),
# taking turns to "talk" each second. The service subscribes to both in RTPEngine and mixes them.
# The picture is the test card (the stream's fallback image); a few seconds later the demo clears
# the image and the service falls back to its default background video
# (VOICE_DEFAULT_BACKGROUND_VIDEO). Then a picture-in-picture stage: a pit camera (blue) as an inset
# in the top right corner, switched in without a gap, with a logo and a lower third on top
# (docs/layouts.md). Then that stream is stopped.
# Stage 2, a short race to two destinations at once: the GameSession service starts, two FFmpeg
# cameras publish to the local RTMP server (race-cam-main red, crowd-cam blue), the session's
# broadcast is configured with stage 1's output URL and a second destination on the same server
# (rtmp://127.0.0.1:1935/out2/demo-key, id "out2"), both cameras are announced over RabbitMQ
# (gamesession-service/publish-camera-event.sh), the crowd camera is selected by hand, then it
# ends (CameraStreamEnded) and the broadcast falls back to the race camera. The room is encoded
# once; each destination has its own publisher, and the session's status shows each one's state.
#   ./demo.sh            run until Ctrl-C, which stops everything
#   ./demo.sh --two-nodes   the same with a second voice node (HTTP ${DEMO_HTTP2_PORT:-8082}, audio
#                        ports 41000-41999): both announce themselves on RabbitMQ and the GameSession
#                        service places the race on the node with the most free capacity
#                        (docs/fleet.md); combines with --check
#   ./demo.sh --check    record both stages and verify them: stage 1 H.264 + AAC, both voices audible,
#                        the test card then the default background, never black; stage 2 on both
#                        destinations: both live in the session's status, H.264 + AAC, red, blue,
#                        red in that order; then clean up; exit 0/1
# Ports (loopback only): RTMP ${DEMO_RTMP_PORT:-1935}, voice HTTP ${DEMO_HTTP_PORT:-8080},
# GameSession HTTP ${DEMO_GAMESESSION_PORT:-8081}, RTPEngine ng (UDP) ${DEMO_RTPENGINE_NG_PORT:-22222}
# with media ports ${DEMO_RTPENGINE_PORT_MIN:-30000}-${DEMO_RTPENGINE_PORT_MAX:-30099}; set any that is
# taken. RabbitMQ: 127.0.0.1:5672 (provisioning/install.sh starts it).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

MODE=watch
NODES=1
for arg in "$@"; do
  case "$arg" in
    --check) MODE=check ;;
    --two-nodes) NODES=2 ;;
    *) echo "usage: $0 [--check] [--two-nodes]" >&2; exit 2 ;;
  esac
done

RTMP_PORT=${DEMO_RTMP_PORT:-1935}
HTTP_PORT=${DEMO_HTTP_PORT:-8080}
GS_PORT=${DEMO_GAMESESSION_PORT:-8081}
HTTP2_PORT=${DEMO_HTTP2_PORT:-8082}  # the second voice node (--two-nodes)
NG_PORT=${DEMO_RTPENGINE_NG_PORT:-22222}
RTPENGINE_PORT_MIN=${DEMO_RTPENGINE_PORT_MIN:-30000}
RTPENGINE_PORT_MAX=${DEMO_RTPENGINE_PORT_MAX:-30099}
RTPENGINE_START_TIMEOUT_SECONDS=10
# provisioning/start-rtmp-server.sh reads these two
export VOICE_DEMO_RUN_DIR=${VOICE_DEMO_RUN_DIR:-/tmp/voice-broadcast-demo}
export VOICE_DEMO_RTMP_PORT=$RTMP_PORT
RUN_DIR=$VOICE_DEMO_RUN_DIR
TOKEN=demo-token
ASSETS=$ROOT/provisioning/assets/generated
JAR=voice-service/target/voice-service-0.1.0-SNAPSHOT.jar
OUT_URL=rtmp://127.0.0.1:$RTMP_PORT/out/demo-key
OUT2_URL=rtmp://127.0.0.1:$RTMP_PORT/out2/demo-key  # the race's second destination
API=http://127.0.0.1:$HTTP_PORT
API2=http://127.0.0.1:$HTTP2_PORT
# With two nodes each announces itself on RabbitMQ (a fleet); with one, none does (as before).
ANNOUNCE=$([ "$NODES" = 2 ] && echo true || echo false)
GS_JAR=gamesession-service/target/gamesession-service-0.1.0-SNAPSHOT.jar
GS_API=http://127.0.0.1:$GS_PORT
CAMERA_SIZE=640x360       # the voice service scales the camera to its own output size
CAMERA_FPS=30
CAMERA_TIMEOUT_SECONDS=15 # until a camera can be played from the local RTMP server
# How long each camera stays on air in the race: in --check mode long enough for the recording to
# show it (sampled 4 times a second), otherwise long enough to watch it.
RACE_DWELL_SECONDS=$([ "$MODE" = check ] && echo 3 || echo 15)
DEFAULT_BACKGROUND_SECONDS=10  # watch mode: the default background on air before the race
RACE_RECORD_MAX_SECONDS=90     # --check: the race recorder's upper bound (it is stopped after the race)
PIP_SECONDS=$([ "$MODE" = check ] && echo 3 || echo 15)  # the picture-in-picture stage on air
PUBLISH_ATTEMPTS=5             # a camera event is published again when RabbitMQ did not confirm it
MIN_COLOUR_SAMPLES=2           # a colour counts when at least this many samples in a row show it
HEALTH_TIMEOUT_SECONDS=120
ON_AIR_TIMEOUT_SECONDS=15
SERVICE_STOP_TIMEOUT_SECONDS=20
CHECK_SECONDS=8           # recorded in --check mode: the test card, then the default background
# How long the test card is on air before the image is cleared: in --check mode half the recording,
# otherwise long enough to open a player and see the switch.
TEST_CARD_SECONDS=$([ "$MODE" = check ] && echo $((CHECK_SECONDS / 2)) || echo 20)
ALICE_HZ=440             # Opus
BOB_HZ=660               # PCMU
MIN_TONE_MEAN_DB=-40     # both voices: about -24 dB mean; silence would read about -91 dB
# Each voice alone, through a narrow band-pass: a voice taking its turns reads about -24 dB; with
# the voice missing, the other's leak through the filter reads about -45 dB, silence about -95 dB.
MIN_VOICE_BAND_DB=-30
TONE_BAND_HZ=30
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

# post BASE PATH JSON: POST with the admin token; prints the body, fails on a non-2xx status.
post() {
  local out status
  out=$(curl -sS --max-time 30 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$3" -w '\n%{http_code}' "$1$2") || die "POST $1$2: no answer"
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  [[ $status == 2* ]] || die "POST $2 -> HTTP $status: $out"
  printf '%s' "$out"
}
api() { post "$API" "$@"; }      # the voice service
gs() { post "$GS_API" "$@"; }    # the GameSession service

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

# mean_volume_db FILE [FILTER,]: the audio's mean level in dB (FFmpeg's volumedetect), after FILTER.
mean_volume_db() {
  ffmpeg -hide_banner -nostdin -i "$1" -map 0:a:0 -af "${2:-}volumedetect" -f null - 2>&1 \
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
  local file=$1 codecs mean_db band_db voice card_ssim later_ssim black
  codecs=$(ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 "$file" | sort | tr '\n' ' ')
  say "streams: $codecs"
  [[ $codecs == *"h264,video"* && $codecs == *"aac,audio"* ]] || die "expected H.264 video and AAC audio"

  mean_db=$(mean_volume_db "$file")
  say "audio mean volume: ${mean_db:-?} dB (both voices; at least $MIN_TONE_MEAN_DB dB expected)"
  [ -n "$mean_db" ] && ! is_below "$mean_db" "$MIN_TONE_MEAN_DB" || die "the room's voices are not audible"
  for voice in "alice:$ALICE_HZ" "bob:$BOB_HZ"; do
    band_db=$(mean_volume_db "$file" "bandpass=f=${voice#*:}:width_type=h:width=$TONE_BAND_HZ,")
    say "${voice%%:*} (${voice#*:} Hz) through RTPEngine: ${band_db:-?} dB in its band (at least $MIN_VOICE_BAND_DB dB expected)"
    [ -n "$band_db" ] && ! is_below "$band_db" "$MIN_VOICE_BAND_DB" || die "${voice%%:*}'s voice is missing from the broadcast"
  done

  card_ssim=$(ssim_at "$file" $((TEST_CARD_SECONDS / 2)) "$ASSETS/test-card.png")
  later_ssim=$(ssim_at "$file" $((CHECK_SECONDS - 1)) "$ASSETS/test-card.png")
  say "likeness to the test card: ${card_ssim:-?} at $((TEST_CARD_SECONDS / 2))s, ${later_ssim:-?} at $((CHECK_SECONDS - 1))s (SSIM)"
  [ -n "$card_ssim" ] && ! is_below "$card_ssim" "$MIN_TEST_CARD_SSIM" || die "the test card was not on air"
  [ -n "$later_ssim" ] && is_below "$later_ssim" "$MAX_OTHER_SSIM" || die "the default background did not take over"

  black=$(black_seconds "$file")
  say "black picture: ${black}s in total (at most ${MAX_BLACK_SECONDS}s expected)"
  ! is_below "$MAX_BLACK_SECONDS" "$black" || die "the picture was black"
}

# colour_sequence FILE: the cameras' colours in the recording, in order, each run of the same colour
# once (mean colour of 4 frames a second; "red" or "blue", other pictures left out; a colour counts
# when MIN_COLOUR_SAMPLES samples in a row show it).
colour_sequence() {
  ffmpeg -hide_banner -nostdin -loglevel error -i "$1" -map 0:v:0 -vf 'fps=4,scale=1:1:flags=area' \
    -f rawvideo -pix_fmt rgb24 - | od -An -tu1 -v -w3 | awk -v min="$MIN_COLOUR_SAMPLES" '
      function flush() { if (run >= min && cur != "other" && cur != last) { seq = seq (seq == "" ? "" : " ") cur; last = cur } }
      { c = ($1 > 140 && $2 < 90 && $3 < 90) ? "red" : ($3 > 140 && $1 < 90 && $2 < 90) ? "blue" : "other"
        if (c == cur) { run++ } else { flush(); cur = c; run = 1 } }
      END { flush(); print seq }'
}

# check_race_recording FILE URL: one destination's recording of the race.
check_race_recording() {
  local file=$1 url=$2 codecs sequence
  codecs=$(ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 "$file" | sort | tr '\n' ' ')
  say "$url streams: $codecs"
  [[ $codecs == *"h264,video"* && $codecs == *"aac,audio"* ]] || die "expected H.264 video and AAC audio in the race recording of $url"
  sequence=$(colour_sequence "$file")
  say "$url cameras on air, in order: ${sequence:-none} (red = race-cam-main, blue = crowd-cam)"
  [ "$sequence" = "red blue red" ] || die "expected red, blue, red on $url: the race camera, the crowd camera, the race camera again"
}

# ---------------------------------------------------------------- processes

service_pid=""
service2_pid=""
rtpengine_pid=""
alice_pid=""
bob_pid=""
recorder_pid=""
recorder2_pid=""
room_id=""
streaming=no
gs_pid=""
race_cam_pid=""
crowd_cam_pid=""
pit_cam_pid=""
session_id=""
race_configured=no

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

# start_camera NAME COLOUR: a game server's camera, a solid colour published to the live app.
start_camera() {
  ffmpeg -hide_banner -loglevel warning -nostdin -re \
    -f lavfi -i "color=c=$2:size=$CAMERA_SIZE:rate=$CAMERA_FPS" \
    -c:v libx264 -preset veryfast -tune zerolatency -pix_fmt yuv420p -g "$CAMERA_FPS" -b:v 300k \
    -f flv "rtmp://127.0.0.1:$RTMP_PORT/live/$1" >"$RUN_DIR/camera-$1.log" 2>&1 &
}

# await_camera NAME PID: until the camera can be played from the local RTMP server.
await_camera() {
  local i
  for ((i = 0; i < CAMERA_TIMEOUT_SECONDS; i++)); do
    kill -0 "$2" 2>/dev/null || die "camera $1 exited: $(tail -n 5 "$RUN_DIR/camera-$1.log")"
    ffprobe -v error -rw_timeout 3000000 -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 \
      "rtmp://127.0.0.1:$RTMP_PORT/live/$1" 2>/dev/null | grep -q h264 && { say "camera $1 publishing"; return 0; }
    sleep 1
  done
  die "camera $1 was not playable within ${CAMERA_TIMEOUT_SECONDS}s"
}

# stop_voice_service PID NAME: the service ends its FFmpeg processes itself; any it leaves are ended here.
stop_voice_service() {
  local left pid
  [ -n "$1" ] || return 0
  left=$(descendants "$1")
  stop_pid "$1" "$SERVICE_STOP_TIMEOUT_SECONDS" "$2"
  for pid in $left; do
    if kill -0 "$pid" 2>/dev/null; then
      say "the $2 left pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)); killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

cleanup() {
  local status=$? left="" pid
  trap - EXIT INT TERM
  log "cleaning up"
  stop_pid "$recorder_pid" 5 "recorder"
  stop_pid "$recorder2_pid" 5 "second recorder"
  if [ "$race_configured" = yes ]; then
    # The GameSession service stops the voice stream and deletes the room it created.
    curl -sS --max-time 30 -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"sessionId\":\"$session_id\"}" "$GS_API/gamesession/broadcast/stop" && say "race broadcast stopped" || true
  fi
  if [ "$streaming" = yes ]; then
    curl -sS --max-time 15 -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"roomId\":\"$room_id\"}" "$API/voice/room/stream/stop" && say "stream stopped" || true
  fi
  stop_pid "$alice_pid" 5 "participant alice"
  stop_pid "$bob_pid" 5 "participant bob"
  stop_pid "$race_cam_pid" 5 "camera race-cam-main"
  stop_pid "$crowd_cam_pid" 5 "camera crowd-cam"
  stop_pid "$pit_cam_pid" 5 "camera pit-cam"
  stop_pid "$gs_pid" "$SERVICE_STOP_TIMEOUT_SECONDS" "GameSession service"
  stop_voice_service "$service2_pid" "second voice node"
  stop_voice_service "$service_pid" "voice service"
  stop_pid "$rtpengine_pid" 5 "rtpengine"
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
answers "$GS_PORT" && die "127.0.0.1:$GS_PORT (GameSession HTTP) is already in use; stop whatever listens there or run with DEMO_GAMESESSION_PORT=<free port>"
[ "$GS_PORT" != "$HTTP_PORT" ] || die "DEMO_GAMESESSION_PORT and DEMO_HTTP_PORT are both $GS_PORT"
if [ "$NODES" = 2 ]; then
  answers "$HTTP2_PORT" && die "127.0.0.1:$HTTP2_PORT (the second voice node's HTTP) is already in use; stop whatever listens there or run with DEMO_HTTP2_PORT=<free port>"
  [ "$HTTP2_PORT" != "$HTTP_PORT" ] && [ "$HTTP2_PORT" != "$GS_PORT" ] || die "DEMO_HTTP2_PORT ($HTTP2_PORT) must differ from the other HTTP ports"
fi
udp_listening() { [ -n "$(ss -Hlun "sport = :$1" 2>/dev/null)" ]; }
udp_listening "$NG_PORT" && die "127.0.0.1:$NG_PORT (UDP, RTPEngine ng) is already in use; stop whatever listens there or run with DEMO_RTPENGINE_NG_PORT=<free port>"

log "installing what is missing"
provisioning/install.sh
log "making the background assets"
provisioning/make-assets.sh
log "starting the local RTMP server"
provisioning/start-rtmp-server.sh

log "starting RTPEngine on loopback (ng udp://127.0.0.1:$NG_PORT, log: $RUN_DIR/rtpengine.log)"
mkdir -p "$RUN_DIR"
# Userspace only (--table=-1: no kernel module), no config file, not a system service; the same
# flags as the tests' daemon (rtpengine.md).
setsid rtpengine --config-file=none --foreground --table=-1 --interface=127.0.0.1 \
  --listen-ng="127.0.0.1:$NG_PORT" --port-min="$RTPENGINE_PORT_MIN" --port-max="$RTPENGINE_PORT_MAX" \
  --log-stderr --log-level=6 --delete-delay=0 --timeout=60 </dev/null >"$RUN_DIR/rtpengine.log" 2>&1 &
rtpengine_pid=$!
for ((i = 0; i < RTPENGINE_START_TIMEOUT_SECONDS * 10; i++)); do
  kill -0 "$rtpengine_pid" 2>/dev/null || die "rtpengine exited: $(tail -n 10 "$RUN_DIR/rtpengine.log")"
  udp_listening "$NG_PORT" && break
  sleep 0.1
done
udp_listening "$NG_PORT" || die "rtpengine did not listen on 127.0.0.1:$NG_PORT within ${RTPENGINE_START_TIMEOUT_SECONDS}s: $(tail -n 10 "$RUN_DIR/rtpengine.log")"
say "rtpengine listening"

log "building the voice and GameSession services"
./mvnw -q -B -DskipTests package
[ -f "$JAR" ] || die "$JAR was not built"
[ -f "$GS_JAR" ] || die "$GS_JAR was not built"

# start_voice_node ID HTTP_PORT AUDIO_PORT_MIN AUDIO_PORT_MAX ANNOUNCE LOG: a voice service from the
# jar; sets voice_pid. setsid: Ctrl-C reaches this script only, which then stops the stream and the
# service in order.
start_voice_node() {
  VOICE_STREAMING_ENABLED=true \
  VOICE_ADMIN_TOKEN=$TOKEN \
  VOICE_DEFAULT_BACKGROUND_VIDEO=$ASSETS/default-background.mp4 \
  VOICE_ALLOWED_FILE_DIRS=$ASSETS \
  VOICE_RTPENGINE_NG_URL=udp://127.0.0.1:$NG_PORT \
  VOICE_AUDIO_RTP_PORT_MIN=$3 \
  VOICE_AUDIO_RTP_PORT_MAX=$4 \
  VOICE_NODE_ANNOUNCE=$5 \
  VOICE_NODE_ID=$1 \
  VOICE_NODE_ADVERTISED_URL=http://127.0.0.1:$2 \
  SERVER_PORT=$2 \
  SERVER_ADDRESS=127.0.0.1 \
    setsid java @"$ROOT/voice-service/jvm.options" -jar "$JAR" </dev/null >"$6" 2>&1 &
  voice_pid=$!
}

mkdir -p "$RUN_DIR"
log "starting the voice service (log: $RUN_DIR/voice-service.log)"
start_voice_node voice-1 "$HTTP_PORT" 40000 40999 "$ANNOUNCE" "$RUN_DIR/voice-service.log"
service_pid=$voice_pid

# await_healthy NAME PID BASE_URL LOG
await_healthy() {
  local code=000 i
  for ((i = 0; i < HEALTH_TIMEOUT_SECONDS; i++)); do
    kill -0 "$2" 2>/dev/null || die "the $1 exited: $(tail -n 30 "$4")"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$3/actuator/health" || true)
    [ "$code" = 200 ] && break
    sleep 1
  done
  [ "$code" = 200 ] || die "the $1's GET /actuator/health did not answer 200 within ${HEALTH_TIMEOUT_SECONDS}s (last: HTTP $code); see $4"
  say "the $1's /actuator/health answered HTTP 200 after ${i}s"
}
await_healthy "voice service" "$service_pid" "$API" "$RUN_DIR/voice-service.log"
curl -fsS --max-time 5 "$API/dashboard/" | grep -q VOICE_ADMIN_TOKEN || die "the voice service's dashboard page did not answer at $API/dashboard/"
say "the voice node's dashboard: $API/dashboard (admin token: $TOKEN)"
! grep -q 'VOICE_DEFAULT_BACKGROUND_VIDEO=.* is missing' "$RUN_DIR/voice-service.log" \
  || die "the service cannot read its default background video $ASSETS/default-background.mp4"

# The room is an RTPEngine call (call-id = the room id); its participants publish into it.
room=$(api /voice/room/create '{"tier":"scaled","audioMode":"rtpengine"}')
room_id=$(printf '%s' "$room" | json_field roomId)
[ -n "$room_id" ] || die "no roomId in: $room"
say "room $room_id (audio mode rtpengine)"

# join NAME HZ CODEC TURN: the participant's sendonly SDP offer goes through the API to RTPEngine (ng
# publish); the answer says where to send, and an FFmpeg tone sends there as RTP, taking its
# turn to talk every other second (TURN 0 or 1). Sets joined_pid to the FFmpeg's pid.
join() {
  local name=$1 hz=$2 codec=$3 turn=$4 rtpmap pt encode answer port
  case "$codec" in
    opus) pt=111; rtpmap="opus/48000/2"
          encode=(-af "volume='eq(mod(floor(t),2),$turn)':eval=frame,pan=stereo|c0=c0|c1=c0" -c:a libopus -ar 48000 -ac 2 -b:a 64k) ;;
    pcmu) pt=0; rtpmap="PCMU/8000"
          encode=(-af "volume='eq(mod(floor(t),2),$turn)':eval=frame" -c:a pcm_mulaw -ar 8000 -ac 1) ;;
  esac
  answer=$(api /voice/room/participant/join "{\"roomId\":\"$room_id\",\"participantId\":\"$name\",\"sdpOffer\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=$name\\r\\nc=IN IP4 127.0.0.1\\r\\nt=0 0\\r\\nm=audio 9 RTP/AVP $pt\\r\\na=rtpmap:$pt $rtpmap\\r\\na=sendonly\\r\\na=ptime:20\\r\\n\"}")
  port=$(printf '%s' "$answer" | sed -n 's/.*m=audio \([0-9][0-9]*\) .*/\1/p')
  [ -n "$port" ] || die "no m=audio port in $name's SDP answer: $answer"
  say "$name joined: RTPEngine takes its $codec audio on 127.0.0.1:$port"
  ffmpeg -hide_banner -loglevel warning -nostdin -re \
    -f lavfi -i "sine=frequency=$hz:sample_rate=48000:samples_per_frame=960" "${encode[@]}" \
    -payload_type "$pt" -f rtp "rtp://127.0.0.1:$port" >"$RUN_DIR/participant-$name.log" 2>&1 &
  joined_pid=$!
}
join alice "$ALICE_HZ" opus 0
alice_pid=$joined_pid
join bob "$BOB_HZ" pcmu 1
bob_pid=$joined_pid

stream=$(api /voice/room/stream/start \
  "{\"roomId\":\"$room_id\",\"rtmpOutputUrl\":\"$OUT_URL\",\"fallbackImageUrl\":\"$ASSETS/test-card.png\"}")
streaming=yes
say "streaming; the service subscribed to the call's participants and mixes them"
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
  Dashboard: http://127.0.0.1:$HTTP_PORT/dashboard   (admin token: $TOKEN)
  Logs:      $RUN_DIR/voice-service.log
  alice (440 Hz) and bob (660 Hz) take turns to talk, each second, through RTPEngine.
  Press Ctrl-C to stop the stream, the service, the participants, RTPEngine and nginx.
MSG
fi

sleep "$TEST_CARD_SECONDS"
log "clearing the fallback image: the default background video takes over"
api /voice/room/stream/update "{\"roomId\":\"$room_id\",\"fallbackImageUrl\":\"\"}" >/dev/null
wait_on_air default

if [ "$MODE" = check ]; then
  wait "$recorder_pid" || die "could not record $OUT_URL: $(cat "$RUN_DIR/recorder.log")"
  recorder_pid=""
  log "checking the recording $RUN_DIR/out.flv"
  check_recording "$RUN_DIR/out.flv"
  log "stage 1 passed: H.264 + AAC on $OUT_URL, both voices audible through RTPEngine, the test card then the default background"
else
  sleep "$DEFAULT_BACKGROUND_SECONDS"
fi

# ---------------------------------------------------------------- stage 1b: picture in picture

# region_rgb FILE SECOND X Y W H: the mean colour (r g b, 0-255) of a region given in fractions of the picture.
region_rgb() {
  ffmpeg -v error -nostdin -ss "$2" -i "$1" -frames:v 1 -vf "crop=iw*$5:ih*$6:iw*$3:ih*$4,scale=1:1:flags=area" \
    -f rawvideo -pix_fmt rgb24 - | od -An -tu1 | tr -s ' ' | sed 's/^ //'
}

log "picture in picture: a pit camera (blue) as an inset over the room's picture, a logo and a lower third"
start_camera pit-cam blue
pit_cam_pid=$!
await_camera pit-cam "$pit_cam_pid"
ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "color=c=orange:size=240x96" -frames:v 1 -pix_fmt rgba \
  "$ASSETS/demo-logo.png"
api /voice/room/stream/layout "{\"roomId\":\"$room_id\",\"layout\":\"pip\",\"insetCorner\":\"top_right\",\"slots\":[{},{\"backgroundVideoUrl\":\"rtmp://127.0.0.1:$RTMP_PORT/live/pit-cam\"}]}" >/dev/null
api /voice/room/stream/overlay "{\"roomId\":\"$room_id\",\"logoUrl\":\"$ASSETS/demo-logo.png\",\"logoCorner\":\"top_left\",\"logoWidthPercent\":12,\"text\":\"alice and bob, live from the pit lane\",\"textStyle\":\"lower_third\"}" >/dev/null
for ((i = 0; i < ON_AIR_TIMEOUT_SECONDS * 5; i++)); do
  api /voice/room/stream/status "{\"roomId\":\"$room_id\"}" | grep -q '"layout":"pip"' && break
  sleep 0.2
done
api /voice/room/stream/status "{\"roomId\":\"$room_id\"}" | grep -q '"layout":"pip"' || die "the picture-in-picture layout did not go on air"
say "on air: the pit camera in the top right corner, the logo top left, a lower third"
if [ "$MODE" = check ]; then
  rm -f "$RUN_DIR/pip.flv"
  ffmpeg -hide_banner -loglevel error -nostdin -rw_timeout 10000000 -i "$OUT_URL" -t "$PIP_SECONDS" -c copy -y "$RUN_DIR/pip.flv" \
    2>"$RUN_DIR/pip-recorder.log" || die "could not record the picture in picture: $(cat "$RUN_DIR/pip-recorder.log")"
  read -r r g b <<<"$(region_rgb "$RUN_DIR/pip.flv" 2 0.72 0.1 0.2 0.2)"
  [ "${b:-0}" -gt 150 ] && [ "${r:-255}" -lt 90 ] || die "the inset (top right) is not the blue pit camera: rgb $r $g $b"
  read -r r g b <<<"$(region_rgb "$RUN_DIR/pip.flv" 2 0.05 0.06 0.08 0.06)"
  [ "${r:-0}" -gt 180 ] && [ "${b:-255}" -lt 90 ] || die "the logo (top left) is not on air: rgb $r $g $b"
  log "picture in picture passed: the blue inset top right, the orange logo top left"
else
  cat <<MSG

  Picture in picture: the room's picture with the pit camera (blue) as an inset, the logo and a
  lower third ("alice and bob, live from the pit lane"), for ${PIP_SECONDS}s. Watch: ffplay $OUT_URL
MSG
  sleep "$PIP_SECONDS"
fi
stop_pid "$pit_cam_pid" 5 "camera pit-cam"
pit_cam_pid=""

log "stopping the stage 1 stream: the race takes over $OUT_URL"
api /voice/room/stream/stop "{\"roomId\":\"$room_id\"}" >/dev/null
streaming=no
stop_pid "$alice_pid" 5 "participant alice"
stop_pid "$bob_pid" 5 "participant bob"
alice_pid=""
bob_pid=""
api /voice/room/delete "{\"roomId\":\"$room_id\"}" >/dev/null 2>&1 || true

# ---------------------------------------------------------------- stage 2: the race

# Both demo nodes share this machine's CPU, so its headroom says nothing about one node: placement
# goes by free slots alone here (GAMESESSION_PLACEMENT_MIN_CPU_HEADROOM=0 below).
if [ "$NODES" = 2 ]; then
  log "starting the second voice node on $API2 (log: $RUN_DIR/voice-service-2.log)"
  start_voice_node voice-2 "$HTTP2_PORT" 41000 41999 true "$RUN_DIR/voice-service-2.log"
  service2_pid=$voice_pid
  await_healthy "second voice node" "$service2_pid" "$API2" "$RUN_DIR/voice-service-2.log"
fi

log "the race: starting the GameSession service (log: $RUN_DIR/gamesession-service.log)"
GAMESESSION_VOICE_NODES=$([ "$NODES" = 2 ] && echo announced || echo static) \
GAMESESSION_PLACEMENT_MIN_CPU_HEADROOM=0 \
GAMESESSION_ADMIN_TOKEN=$TOKEN \
GAMESESSION_VOICE_BASE_URL=$API \
GAMESESSION_VOICE_ADMIN_TOKEN=$TOKEN \
GAMESESSION_RECONCILE_RETRY_MAX_MS=5000 \
SERVER_PORT=$GS_PORT \
SERVER_ADDRESS=127.0.0.1 \
  setsid java -jar "$GS_JAR" </dev/null >"$RUN_DIR/gamesession-service.log" 2>&1 &
gs_pid=$!
await_healthy "GameSession service" "$gs_pid" "$GS_API" "$RUN_DIR/gamesession-service.log"
curl -fsS --max-time 5 "$GS_API/dashboard/" | grep -q GAMESESSION_ADMIN_TOKEN || die "the GameSession dashboard page did not answer at $GS_API/dashboard/"
say "the GameSession dashboard: $GS_API/dashboard (admin token: $TOKEN)"

log "starting two cameras: race-cam-main (red), crowd-cam (blue)"
start_camera race-cam-main red
race_cam_pid=$!
start_camera crowd-cam blue
crowd_cam_pid=$!
await_camera race-cam-main "$race_cam_pid"
await_camera crowd-cam "$crowd_cam_pid"

session_id=$(cat /proc/sys/kernel/random/uuid)
game_id=$(cat /proc/sys/kernel/random/uuid)

# publish_event ARGS...: a camera event over RabbitMQ, as a game engine would send it. Exit status 1
# (no broker confirm, e.g. RabbitMQ restarting) is retried; 2 (an invalid event) is not.
publish_event() {
  local attempt rc
  for ((attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++)); do
    rc=0
    gamesession-service/publish-camera-event.sh "$@" --game-instance-id "$game_id" >"$RUN_DIR/publish.log" 2>&1 || rc=$?
    [ "$rc" = 0 ] && return 0
    [ "$rc" = 1 ] && [ "$attempt" -lt "$PUBLISH_ATTEMPTS" ] || break
    say "publishing $1 failed (attempt $attempt/$PUBLISH_ATTEMPTS): $(tail -n 1 "$RUN_DIR/publish.log"); retrying in 2s"
    sleep 2
  done
  die "publish-camera-event.sh $1 failed: $(tail -n 5 "$RUN_DIR/publish.log")"
}

# wait_camera_on_air CAMERA: until the session's status says this camera is on air as the voice stream's picture.
wait_camera_on_air() {
  local st="" phase camera type i
  for ((i = 0; i < ON_AIR_TIMEOUT_SECONDS * 5; i++)); do
    st=$(gs /gamesession/broadcast/status "{\"sessionId\":\"$session_id\"}")
    phase=$(printf '%s' "$st" | json_field phase)
    camera=$(printf '%s' "$st" | sed -n 's/.*"cameraOnAir"[[:space:]]*:[[:space:]]*{[^}]*"cameraId"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
    type=$(printf '%s' "$st" | json_field videoSourceType)
    if [ "$phase" = on_air ] && [ "$camera" = "$1" ] && [ "$type" = primary_stream ]; then
      say "on air: camera $1"
      return 0
    fi
    sleep 0.2
  done
  die "expected camera $1 on air within ${ON_AIR_TIMEOUT_SECONDS}s; the status says: $st; see $RUN_DIR/gamesession-service.log"
}

# wait_destinations_live: until the session's status shows every voice stream destination live.
wait_destinations_live() {
  local st="" voice_part states i
  for ((i = 0; i < ON_AIR_TIMEOUT_SECONDS * 5; i++)); do
    st=$(gs /gamesession/broadcast/status "{\"sessionId\":\"$session_id\"}")
    # the voice stream's part of the answer: its destinations and their states (a camera has a state too)
    voice_part=${st#*\"voiceStream\"}
    [ "$voice_part" != "$st" ] || voice_part=""
    # one line a destination object: "ID (masked URL) STATE"
    states=$(printf '%s' "$voice_part" | tr '{' '\n' | grep '"destinationId"' | while read -r obj; do
      printf '%s (%s) %s\n' "$(printf '%s' "$obj" | json_field destinationId)" "$(printf '%s' "$obj" | json_field url)" \
        "$(printf '%s' "$obj" | json_field state)"
    done || true)
    if [ "$(printf '%s\n' "$states" | grep -c ' live$')" = 2 ]; then
      printf '%s\n' "$states" | while read -r line; do say "destination $line"; done
      return 0
    fi
    sleep 0.2
  done
  die "expected both destinations live within ${ON_AIR_TIMEOUT_SECONDS}s; the status says: $st; see $RUN_DIR/voice-service.log"
}

log "configuring the session's broadcast (session $session_id) to two destinations: $OUT_URL and $OUT2_URL"
configured=$(gs /gamesession/broadcast/configure "{\"sessionId\":\"$session_id\",\"rtmpOutputUrl\":\"$OUT_URL\",\"destinations\":[{\"destinationId\":\"out2\",\"url\":\"$OUT2_URL\"}],\"cameraPreference\":[\"race-cam-main\",\"crowd-cam\"]}")
race_configured=yes
say "phase: $(printf '%s' "$configured" | json_field phase)"

log "announcing race-cam-main over RabbitMQ (camera.stream.started)"
publish_event started --camera-id race-cam-main --session-id "$session_id" \
  --rtmp-url "rtmp://127.0.0.1:$RTMP_PORT/live/race-cam-main" --display-name "Race Start Line" --capability wide_angle
wait_camera_on_air race-cam-main
wait_destinations_live
if [ "$NODES" = 2 ]; then
  placed_on=$(gs /gamesession/broadcast/status "{\"sessionId\":\"$session_id\"}" | json_field nodeId)
  [ -n "$placed_on" ] || die "the session's status names no voice node with --two-nodes"
  say "the GameSession service placed the race on voice node $placed_on (of voice-1 at $API and voice-2 at $API2)"
fi

# record_race URL FILE: plays one destination and records it (until stopped, at most RACE_RECORD_MAX_SECONDS).
record_race() {
  rm -f "$RUN_DIR/$2"
  ffmpeg -hide_banner -loglevel error -nostdin -rw_timeout 10000000 \
    -i "$1" -t "$RACE_RECORD_MAX_SECONDS" -c copy -y "$RUN_DIR/$2" 2>"$RUN_DIR/${2%.flv}-recorder.log" &
}

if [ "$MODE" = check ]; then
  log "recording the race from both destinations: $OUT_URL and $OUT2_URL"
  record_race "$OUT_URL" race.flv
  recorder_pid=$!
  record_race "$OUT2_URL" race2.flv
  recorder2_pid=$!
else
  cat <<MSG

  The race is on air at two destinations at once: race-cam-main (red), then crowd-cam (blue)
  selected by hand, then crowd-cam ends and the broadcast falls back to race-cam-main; ${RACE_DWELL_SECONDS}s each.
  Watch it:  ffplay $OUT_URL
             ffplay $OUT2_URL
        or:  VLC > Media > Open Network Stream > either URL
  Dashboards: http://127.0.0.1:$GS_PORT/dashboard (sessions), http://127.0.0.1:$HTTP_PORT/dashboard (the voice node);
              admin token: $TOKEN
  Logs:      $RUN_DIR/gamesession-service.log, $RUN_DIR/voice-service.log
MSG
fi

log "announcing crowd-cam (less preferred: listed, race-cam-main stays on air)"
publish_event started --camera-id crowd-cam --session-id "$session_id" \
  --rtmp-url "rtmp://127.0.0.1:$RTMP_PORT/live/crowd-cam" --display-name "Crowd"
sleep "$RACE_DWELL_SECONDS"

log "switching to the crowd camera (/gamesession/broadcast/select-camera)"
gs /gamesession/broadcast/select-camera "{\"sessionId\":\"$session_id\",\"cameraId\":\"crowd-cam\"}" >/dev/null
wait_camera_on_air crowd-cam
sleep "$RACE_DWELL_SECONDS"

log "the crowd camera ends: its publisher stops and camera.stream.ended is announced"
stop_pid "$crowd_cam_pid" 5 "camera crowd-cam"
crowd_cam_pid=""
publish_event ended --camera-id crowd-cam --reason normal_shutdown
wait_camera_on_air race-cam-main
sleep "$RACE_DWELL_SECONDS"

if [ "$MODE" = watch ]; then
  cat <<MSG

  The race is on air at $OUT_URL and $OUT2_URL, back on race-cam-main (red).
  Watch it:  ffplay $OUT_URL
             ffplay $OUT2_URL
  Dashboards: http://127.0.0.1:$GS_PORT/dashboard and http://127.0.0.1:$HTTP_PORT/dashboard (admin token: $TOKEN)
  Status:    curl -sS -H 'Authorization: Bearer $TOKEN' -H 'Content-Type: application/json' \\
               $GS_API/gamesession/broadcast/status -d '{"sessionId":"$session_id"}'
  Press Ctrl-C to stop the broadcast, both services, the cameras and nginx.
MSG
  wait "$gs_pid" || true
  gs_pid=""
  die "the GameSession service exited: $(tail -n 30 "$RUN_DIR/gamesession-service.log")"
fi

stop_pid "$recorder_pid" 5 "race recorder"
recorder_pid=""
stop_pid "$recorder2_pid" 5 "second race recorder"
recorder2_pid=""
[ -s "$RUN_DIR/race.flv" ] || die "could not record the race from $OUT_URL: $(cat "$RUN_DIR/race-recorder.log")"
[ -s "$RUN_DIR/race2.flv" ] || die "could not record the race from $OUT2_URL: $(cat "$RUN_DIR/race2-recorder.log")"
log "checking the race recordings $RUN_DIR/race.flv and $RUN_DIR/race2.flv"
check_race_recording "$RUN_DIR/race.flv" "$OUT_URL"
check_race_recording "$RUN_DIR/race2.flv" "$OUT2_URL"
log "check passed: stage 1 (two voices through RTPEngine, test card, default background) on $OUT_URL and the race (red, blue, red) on both $OUT_URL and $OUT2_URL"
