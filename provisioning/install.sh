#!/usr/bin/env bash
# Installs what voice-broadcast's demo and tests need on Debian 12, idempotently:
# FFmpeg, nginx with the RTMP module (run by our scripts and tests, never as a system service),
# RabbitMQ (started if 127.0.0.1:5672 does not answer), PostgreSQL 15 (the GameSession service's
# state, docs/state.md: started if 127.0.0.1:5432 does not answer, user postgres trusted on loopback
# only), JDK 17, curl, and headless Chromium with its WebDriver for the dashboard's browser tests.
# Runs as root or through sudo; apt-get runs only when a package is missing.
set -euo pipefail

RABBITMQ_WAIT_SECONDS=${RABBITMQ_WAIT_SECONDS:-60}
POSTGRES_WAIT_SECONDS=${POSTGRES_WAIT_SECONDS:-60}
# Debian 12's PostgreSQL.
POSTGRES_VERSION=15
RTMP_MODULE=/usr/lib/nginx/modules/ngx_rtmp_module.so

log() { printf 'install: %s\n' "$*"; }
die() { printf 'install: ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=provisioning/common.sh
. "$(dirname "$0")/common.sh"

missing=()
# rtpengine-daemon: userspace only (never its kernel module or dkms); tests and the demo run
# their own daemon on loopback, never the package's service.
# iproute2: ss, with which the demo checks its UDP ports.
# chromium, chromium-driver: the dashboard tests drive Debian's browser through /usr/bin/chromedriver
# (never a downloaded one); fonts-dejavu-core gives its screenshots readable text.
for pkg in ffmpeg libnginx-mod-rtmp rabbitmq-server postgresql rtpengine-daemon openjdk-17-jdk-headless curl ca-certificates iproute2 \
           chromium chromium-driver fonts-dejavu-core; do
  if installed "$pkg"; then log "$pkg: present"; else missing+=("$pkg"); fi
done
# Any nginx flavour with dynamic modules will do; nginx-light is the smallest.
nginx_flavour=""
for pkg in nginx-light nginx-core nginx-full nginx-extras; do
  if installed "$pkg"; then nginx_flavour=$pkg; break; fi
done
if [ -n "$nginx_flavour" ]; then log "nginx: present ($nginx_flavour)"; else missing+=(nginx-light); fi

# Debian's nginx service writes /run/nginx.pid; our nginx and the tests' never do.
system_nginx_before=no
[ -s /run/nginx.pid ] && system_nginx_before=yes

if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  # Debian's postinst would start nginx on port 80 (and enable it at boot). A policy-rc.d that
  # answers 101 ("action forbidden") for nginx stops invoke-rc.d/deb-systemd-invoke from
  # starting it. An existing policy (Docker images ship one) is left untouched.
  policy=/usr/sbin/policy-rc.d
  own_policy=no
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# written by voice-broadcast provisioning/install.sh for one apt-get run\ncase "$1" in nginx|rtpengine-daemon|ngcp-rtpengine-daemon) exit 101;; esac\nexit 0\n' \
      | "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod 755 "$policy"
    own_policy=yes
  fi
  cleanup_policy() { if [ "$own_policy" = yes ]; then "${SUDO[@]}" rm -f "$policy"; fi; }
  trap cleanup_policy EXIT
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  cleanup_policy
  trap - EXIT
  # The units may have been enabled for the next boot; we never want nginx or rtpengine as services.
  for unit in nginx rtpengine-daemon; do
    if [ -d /run/systemd/system ] && systemctl is-enabled "$unit" >/dev/null 2>&1; then
      "${SUDO[@]}" systemctl disable "$unit" >/dev/null 2>&1 && log "$unit: system service disabled"
    fi
  done
  # If a policy we did not write let the postinst start nginx, stop what we started.
  if [ "$system_nginx_before" = no ] && [ -s /run/nginx.pid ]; then
    "${SUDO[@]}" nginx -s stop 2>/dev/null || true
    log "nginx: stopped the system service the package started"
  fi
else
  log "nothing to install"
fi

[ -f "$RTMP_MODULE" ] || die "$RTMP_MODULE not found (libnginx-mod-rtmp)"
java_version=$(java -version 2>&1 | head -n1)
case "$java_version" in
  *'"17.'*|*'"2'[1-9]'.'*) log "java: $java_version" ;;
  *) log "warning: default java is not 17+ ($java_version); see update-alternatives --config java" ;;
esac

answers() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

if answers 5672; then
  log "rabbitmq: answering on 127.0.0.1:5672"
else
  log "rabbitmq: starting (rabbitmq-server -detached)"
  "${SUDO[@]}" rabbitmq-server -detached
  for ((i = 0; i < RABBITMQ_WAIT_SECONDS; i++)); do
    answers 5672 && break
    sleep 1
  done
  answers 5672 || die "rabbitmq did not answer on 127.0.0.1:5672 within ${RABBITMQ_WAIT_SECONDS}s"
  log "rabbitmq: answering on 127.0.0.1:5672 after ${i}s"
fi

# PostgreSQL: the tests and the demo create a database of their own as user postgres over
# 127.0.0.1 and drop it after; that user is trusted on loopback only (a line of ours, added once,
# before Debian's own host lines).
pg_etc=/etc/postgresql/$POSTGRES_VERSION/main
if [ ! -d "$pg_etc" ]; then
  log "postgresql: creating cluster $POSTGRES_VERSION/main"
  "${SUDO[@]}" pg_createcluster "$POSTGRES_VERSION" main
fi
hba=$pg_etc/pg_hba.conf
if ! "${SUDO[@]}" grep -Eq '^host[[:space:]]+all[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
  "${SUDO[@]}" sed -i '0,/^host/s//# voice-broadcast tests and demo (provisioning\/install.sh): user postgres trusted on loopback\nhost    all    postgres    127.0.0.1\/32    trust\nhost/' "$hba"
  log "postgresql: user postgres trusted on 127.0.0.1 ($hba)"
  pg_reload=yes
fi
if answers 5432; then
  if [ "${pg_reload:-no}" = yes ]; then "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$POSTGRES_VERSION" main reload; fi
  log "postgresql: answering on 127.0.0.1:5432"
else
  log "postgresql: starting (pg_ctlcluster $POSTGRES_VERSION main start)"
  "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$POSTGRES_VERSION" main start
  for ((i = 0; i < POSTGRES_WAIT_SECONDS; i++)); do
    answers 5432 && break
    sleep 1
  done
  answers 5432 || die "postgresql did not answer on 127.0.0.1:5432 within ${POSTGRES_WAIT_SECONDS}s"
  log "postgresql: answering on 127.0.0.1:5432 after ${i}s"
fi
log "done"
