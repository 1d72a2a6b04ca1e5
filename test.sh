#!/usr/bin/env bash
# The README's test command: provisioning (idempotent), the background assets, the container
# engine and base image, every module's tests with `./mvnw -B verify` (container-tests builds the
# images from the jars first), then a check that the run left no media process, no container and
# no temporary file behind.
set -euo pipefail
cd "$(dirname "$0")"

WATCHED=(ffmpeg ffprobe nginx rtpengine chromium chromedriver)
LEFTOVER_GRACE_SECONDS=5

# Every process this run starts inherits the tag (orphans too, whoever their parent becomes);
# processes of other runs or users (e.g. tests running in parallel) do not carry it.
export VOICE_BROADCAST_TEST_RUN="test.sh-$$-$(date +%s%N)"
# The tests' temporary directories (test-support ScratchDir) carry the tag in their names too.
TMP_MARK="run-$VOICE_BROADCAST_TEST_RUN-"
# What tests make in /tmp (ScratchDir prefixes, embedded Tomcat, JUnit's @TempDir): an untagged one
# is reported, not failed, as it may be a run beside this one's. An in-process test's embedded
# Tomcat keeps its directories in a tagged ScratchDir (test-support ScratchTomcat).
TMP_PATTERNS='^(nginx-rtmp-|chromium-profile-|chromium-tmp-|tls-proxy-|tomcat\.|tomcat-docbase\.|[a-z]+-e2e-assets-|images-e2e-rec-|voice-service-|gamesession-service-|junit-?[0-9])'

tmp_entries() {
  ls -A /tmp | sort
}

watched_pids() {
  local name
  for name in "${WATCHED[@]}"; do pgrep -x "$name" || true; done | sort -n
}

# New since the start of the run and tagged with this run.
leftovers() {
  local pid
  for pid in $(comm -13 <(printf '%s\n' "$before" | sort) <(watched_pids | sort)); do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "VOICE_BROADCAST_TEST_RUN=$VOICE_BROADCAST_TEST_RUN"; then
      echo "$pid"
    fi
  done
}

before=$(watched_pids)
tmp_before=$(tmp_entries)

provisioning/install.sh
provisioning/make-assets.sh
provisioning/containers.sh base

status=0
./mvnw -B verify || status=$?

# Containers of this run (container-tests label each one with the run's tag); removing one also
# ends its processes, which the check below would otherwise report too.
containers=$(docker ps -aq --filter "label=io.voicebroadcast.test-run=$VOICE_BROADCAST_TEST_RUN")
if [ -n "$containers" ]; then
  echo "test.sh: FAILED: the run left these containers behind:" >&2
  # shellcheck disable=SC2086
  docker ps -a --filter "label=io.voicebroadcast.test-run=$VOICE_BROADCAST_TEST_RUN" >&2
  # shellcheck disable=SC2086
  docker rm -f -v $containers >/dev/null
  echo "test.sh: removed them" >&2
  [ "$status" -ne 0 ] || status=1
else
  echo "test.sh: no container left behind"
fi

# Processes stopped at the very end of a test may take a moment to exit.
for ((i = 0; i < LEFTOVER_GRACE_SECONDS * 10; i++)); do
  left=$(leftovers)
  [ -z "$left" ] && break
  sleep 0.1
done

if [ -n "$left" ]; then
  echo "test.sh: FAILED: the run left these processes behind:" >&2
  # shellcheck disable=SC2086
  ps -o pid,ppid,etime,args -p $(echo $left | tr ' ' ',') >&2 || true
  for pid in $left; do kill -KILL "$pid" 2>/dev/null || true; done
  echo "test.sh: killed them" >&2
  [ "$status" -ne 0 ] || status=1
else
  echo "test.sh: no ${WATCHED[*]} process left behind"
fi
new_tmp=$(comm -13 <(printf '%s\n' "$tmp_before") <(tmp_entries))
ours_tmp=$(printf '%s\n' "$new_tmp" | grep -F -- "$TMP_MARK" || true)
untagged_tmp=$(printf '%s\n' "$new_tmp" | grep -v -- "run-" | grep -E "$TMP_PATTERNS" || true)
if [ -n "$ours_tmp" ]; then
  echo "test.sh: FAILED: the run left these in /tmp:" >&2
  printf '  %s\n' $ours_tmp >&2
  for entry in $ours_tmp; do rm -rf -- "/tmp/$entry"; done
  echo "test.sh: removed them" >&2
  [ "$status" -ne 0 ] || status=1
else
  echo "test.sh: nothing left behind in /tmp"
fi
if [ -n "$untagged_tmp" ]; then
  echo "test.sh: new in /tmp, not tagged with this run (a run beside it, or an in-process server of this one):" >&2
  printf '  %s\n' $untagged_tmp >&2
fi
exit "$status"
