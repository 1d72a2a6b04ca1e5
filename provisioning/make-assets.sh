#!/usr/bin/env bash
# Makes the default background assets with FFmpeg into provisioning/assets/generated/
# (git-ignored): test-card.png, default-background.mp4 (10 s, loops seamlessly), fallback.png.
# Existing files are kept unless --force is given.
set -euo pipefail

cd "$(dirname "$0")"
OUT=assets/generated
FORCE=no
case "${1:-}" in
  --force) FORCE=yes ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

log() { printf 'make-assets: %s\n' "$*"; }
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }

mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# drawtext needs a font through fontconfig; without one the assets are made without text.
if ff -f lavfi -i color=size=64x64 -vf "drawtext=text=x" -frames:v 1 -f null - 2>/dev/null; then
  text() { printf ',drawtext=text=%s:fontsize=%s:fontcolor=%s:x=(w-tw)/2:y=%s%s' "$1" "$2" "$3" "$4" "${5:-}"; }
else
  log "drawtext has no font here; making the assets without text"
  text() { :; }
fi

# make NAME COMMAND...: runs COMMAND with $tmp/NAME as its last argument, then moves it into
# place, so an interrupted run never leaves a half-written file that would count as made.
make() {
  local name=$1; shift
  if [ -s "$OUT/$name" ] && [ "$FORCE" = no ]; then
    log "$name: exists (use --force to remake)"
    return
  fi
  "$@" "$tmp/$name"
  mv -f "$tmp/$name" "$OUT/$name"
  log "$name: made ($(stat -c %s "$OUT/$name") bytes)"
}

make test-card.png ff -f lavfi -i "smptehdbars=size=1280x720" \
  -vf "null$(text voice-broadcast 64 white 'h*0.08' ':box=1:boxcolor=black@0.6:boxborderw=8')" -frames:v 1

# A still that tiles horizontally (a gradient next to its mirror image), scrolled by exactly
# its width in 300 frames: frame 300 equals frame 0, so the 10 s file loops without a seam.
make background-tile.png ff -f lavfi -i "gradients=size=640x720:c0=0x1b2a49:c1=0x6a1b9a:c2=0x00897b:c3=0xf9a825:nb_colors=4:seed=7" \
  -filter_complex "[0:v]split[a][b];[b]hflip[m];[a][m]hstack$(text voice-broadcast 72 'white@0.85' '(h-th)/2')" -frames:v 1
make default-background.mp4 ff -loop 1 -framerate 30 -i "$OUT/background-tile.png" \
  -vf "scroll=horizontal=1/300,format=yuv420p" -t 10 -c:v libx264 -preset veryfast -crf 30 \
  -g 30 -keyint_min 30 -sc_threshold 0 -movflags +faststart -f mp4

make fallback.png ff -f lavfi -i "color=c=0x263238:size=1280x720" \
  -vf "null$(text 'voice-broadcast' 72 white '(h-th)/2-50')$(text 'back in a moment' 40 '0xb0bec5' '(h-th)/2+50')" -frames:v 1

log "assets in $(pwd)/$OUT"
