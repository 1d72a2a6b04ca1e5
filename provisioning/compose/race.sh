#!/bin/sh
# The race example of docker-compose.streaming-test.yml, in two parts:
#   race.sh announce  (GameSession image) configures the session's broadcast to
#                     $RTMP_BASE_URL/out/$STREAM_KEY, then announces the camera race-cam-main
#                     ($RTMP_BASE_URL/live/race-cam-main) as a game engine would
#   race.sh tone      (voice image) waits until the session's voice room streams, then sends a
#                     440 Hz tone as Opus RTP to the stream's audioRtpPort until stopped
# Settings (from the compose file): GAMESESSION_URL, GAMESESSION_ADMIN_TOKEN, VOICE_URL,
# VOICE_ADMIN_TOKEN, AMQP_URI, RTMP_BASE_URL, STREAM_KEY, ROOM_AUDIO_ADDRESS (where the voice
# service receives room audio).
set -eu
SESSION_ID=${RACE_SESSION_ID:-2b4e6d8f-1a3c-4e5f-9b7d-6c8e0f2a4b6d}
GAME_INSTANCE_ID=${RACE_GAME_INSTANCE_ID:-7d0c5e3a-2f4b-4c1d-8e9f-0a1b2c3d4e5f}
CAMERA_ID=race-cam-main
POLL_SECONDS=1

log() { echo "race: $*"; }

# post BASE_URL TOKEN PATH JSON: POST with an admin token; prints the body, fails on an error status.
post() {
  curl -sS --fail-with-body -X POST "$1$3" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$4"
}

announce() {
  log "configuring session $SESSION_ID: broadcast to $RTMP_BASE_URL/out/****"
  post "$GAMESESSION_URL" "$GAMESESSION_ADMIN_TOKEN" /gamesession/broadcast/configure "{\"sessionId\":\"$SESSION_ID\",\"rtmpOutputUrl\":\"$RTMP_BASE_URL/out/$STREAM_KEY\",\"cameraPreference\":[\"$CAMERA_ID\"]}" >/dev/null
  log "announcing camera $CAMERA_ID (camera.stream.started)"
  publish-camera-event started --camera-id "$CAMERA_ID" --game-instance-id "$GAME_INSTANCE_ID" \
    --session-id "$SESSION_ID" --rtmp-url "$RTMP_BASE_URL/live/$CAMERA_ID" --display-name "Race Start Line" \
    --amqp-uri "$AMQP_URI"
  log "announced; the GameSession service starts the room's broadcast"
}

tone() {
  port=""
  while [ -z "$port" ]; do
    sleep "$POLL_SECONDS"
    room=$(post "$GAMESESSION_URL" "$GAMESESSION_ADMIN_TOKEN" /gamesession/broadcast/status "{\"sessionId\":\"$SESSION_ID\"}" 2>/dev/null \
      | sed -n 's/.*"voiceRoomId":"\([^"]*\)".*/\1/p') || true
    [ -n "$room" ] || continue
    port=$(post "$VOICE_URL" "$VOICE_ADMIN_TOKEN" /voice/room/stream/status "{\"roomId\":\"$room\"}" 2>/dev/null \
      | sed -n 's/.*"audioRtpPort":\([0-9][0-9]*\).*/\1/p') || true
  done
  log "on air: sending a 440 Hz tone to room $room's audio port $port"
  exec ffmpeg -hide_banner -loglevel warning -nostdin -re -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -c:a libopus -ar 48000 -ac 2 -payload_type 111 -f rtp "rtp://$ROOM_AUDIO_ADDRESS:$port"
}

case "${1:-}" in
  announce) announce ;;
  tone) tone ;;
  *) echo "usage: $0 announce|tone" >&2; exit 2 ;;
esac
