#!/usr/bin/env bash
# Prepares Docker for the container tests and the compose files, idempotently (Debian 12, root or sudo):
#   engine  installs docker.io, docker-compose and debootstrap when missing; starts dockerd when
#           its socket does not answer (there may be no systemd) and waits for `docker info`
#   base    builds the local base image $BASE_IMAGE once (debootstrap --variant=minbase from this
#           machine's own apt mirror, then `docker import`); no registry is needed
#   images  builds the project's images on that base: voice-service and gamesession-service (from
#           the jars in */target, built by ./mvnw package) and, from provisioning/, rabbitmq,
#           rtmp-server, rtpengine and postgres. Docker's layer cache makes a rebuild cheap.
#   all     engine, base, images (the default)
# Settings: BASE_IMAGE (voice-broadcast/base:bookworm), DOCKERD_LOG (/var/log/voice-broadcast-dockerd.log).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=${BASE_IMAGE:-voice-broadcast/base:bookworm}
SUITE=bookworm
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/voice-broadcast-dockerd.log}
DOCKERD_WAIT_SECONDS=60
# The images this script builds; the compose files and the container tests use the same names.
IMAGE_TAG=local
VOICE_IMAGE=voice-broadcast/voice-service:$IMAGE_TAG
GAMESESSION_IMAGE=voice-broadcast/gamesession-service:$IMAGE_TAG
RABBITMQ_IMAGE=voice-broadcast/rabbitmq:$IMAGE_TAG
RTMP_IMAGE=voice-broadcast/rtmp-server:$IMAGE_TAG
RTPENGINE_IMAGE=voice-broadcast/rtpengine:$IMAGE_TAG
POSTGRES_IMAGE=voice-broadcast/postgres:$IMAGE_TAG

log() { printf 'containers: %s\n' "$*"; }
die() { printf 'containers: ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=provisioning/common.sh
. provisioning/common.sh
engine_answers() { docker info >/dev/null 2>&1; }
seconds_since() { echo $(($(date +%s) - $1)); }

engine() {
  local missing=() pkg
  for pkg in docker.io docker-compose debootstrap; do
    installed "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    "${SUDO[@]}" apt-get update -q
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  if engine_answers; then
    log "engine: answering ($(docker version --format '{{.Server.Version}}, API {{.Server.APIVersion}}'))"
    return
  fi
  log "engine: starting dockerd (log: $DOCKERD_LOG)"
  # Its own session, so that it outlives this script; without the test run's tag (test.sh), which
  # is for the processes a run must end, not for the engine that serves every run.
  "${SUDO[@]}" env -u VOICE_BROADCAST_TEST_RUN setsid dockerd </dev/null >>"$DOCKERD_LOG" 2>&1 &
  local i
  for ((i = 0; i < DOCKERD_WAIT_SECONDS; i++)); do
    engine_answers && break
    sleep 1
  done
  engine_answers || die "dockerd did not answer within ${DOCKERD_WAIT_SECONDS}s; see $DOCKERD_LOG"
  log "engine: answering after ${i}s"
}

# The URI of this machine's Debian archive for a suite (e.g. bookworm, bookworm-security), as apt
# itself is configured: never a hard-coded host.
mirror_for() {
  apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null \
    | awk -v suite="$1" '$2 == suite && $3 == "main" { sub(/\/$/, "", $1); print $1; exit }'
}

base() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "base: $BASE_IMAGE exists"
    return
  fi
  local mirror security started dir
  mirror=$(mirror_for "$SUITE")
  [ -z "$mirror" ] && mirror=$(mirror_for "$SUITE-updates")
  [ -n "$mirror" ] || die "no Debian mirror for $SUITE in this machine's apt sources (apt-get indextargets)"
  security=$(mirror_for "$SUITE-security")
  started=$(date +%s)
  dir=$(mktemp -d /var/tmp/voice-broadcast-base.XXXXXX)
  # shellcheck disable=SC2064
  trap "${SUDO[*]} rm -rf '$dir'" EXIT
  log "base: debootstrap --variant=minbase $SUITE from $mirror"
  "${SUDO[@]}" debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" >"$dir.log" 2>&1 \
    || die "debootstrap failed: $(tail -n 5 "$dir.log")"
  rm -f "$dir.log"
  {
    echo "deb $mirror $SUITE main"
    echo "deb $mirror $SUITE-updates main"
    [ -n "$security" ] && echo "deb $security $SUITE-security main"
  } | "${SUDO[@]}" tee "$dir/etc/apt/sources.list" >/dev/null
  # As in Debian's official images: no service starts while a package installs (there is no init
  # system in a build, and with --network host a started nginx or epmd would take the host's ports).
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$dir/usr/sbin/policy-rc.d" >/dev/null
  "${SUDO[@]}" chmod 755 "$dir/usr/sbin/policy-rc.d"
  # As in the official -slim images: no documentation, manual pages or translations get installed.
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/locale/*' 'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/linda/*' \
    | "${SUDO[@]}" tee "$dir/etc/dpkg/dpkg.cfg.d/docker-slim" >/dev/null
  "${SUDO[@]}" rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
    "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/locale/*
  "${SUDO[@]}" tar -C "$dir" --numeric-owner -c . \
    | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  "${SUDO[@]}" rm -rf "$dir"
  trap - EXIT
  log "base: $BASE_IMAGE built in $(seconds_since "$started")s ($(image_size "$BASE_IMAGE"))"
}

image_size() {
  docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'
}

# build IMAGE [docker build arguments...]: apt inside the build reaches the mirror through the host's network.
build() {
  local image=$1 started build_log
  shift
  started=$(date +%s)
  # The build's output goes to a file of its own, removed afterwards; a failure shows its tail.
  build_log=$(mktemp)
  if ! docker build --network host --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$image" "$@" >"$build_log" 2>&1; then
    local tail_lines
    tail_lines=$(tail -n 30 "$build_log")
    rm -f "$build_log"
    die "building $image failed:
$tail_lines"
  fi
  rm -f "$build_log"
  log "images: $image in $(seconds_since "$started")s ($(image_size "$image"))"
}

images() {
  local jar
  for jar in voice-service/target/voice-service-*.jar gamesession-service/target/gamesession-service-*.jar; do
    [ -f "$jar" ] || die "$jar is missing: build the jars first (./mvnw package -DskipTests)"
  done
  [ -s provisioning/assets/generated/default-background.mp4 ] || provisioning/make-assets.sh
  build "$VOICE_IMAGE" --target voice-service .
  build "$GAMESESSION_IMAGE" --target gamesession-service .
  build "$RABBITMQ_IMAGE" provisioning/rabbitmq
  build "$RTMP_IMAGE" -f provisioning/rtmp-server/Dockerfile provisioning
  build "$RTPENGINE_IMAGE" provisioning/rtpengine
  build "$POSTGRES_IMAGE" provisioning/postgres
  # Superseded builds and the jar-splitting stages stay behind as untagged images; only ours go.
  docker image prune -f --filter label=io.voicebroadcast.project=voice-broadcast >/dev/null
}

case "${1:-all}" in
  engine) engine ;;
  base) engine; base ;;
  images) engine; base; images ;;
  all) engine; base; images ;;
  *) echo "usage: $0 [engine|base|images|all]" >&2; exit 2 ;;
esac
