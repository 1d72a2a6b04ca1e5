#!/usr/bin/env bash
# The benchmark: our pipeline and the restart-per-change baseline, side by side in one run on this
# machine (docs/benchmarks.md). Sets up its own nginx RTMP server, cameras and RTP tones on
# loopback; prints a markdown table and writes it to bench/results/latest.md. About 40 minutes (density three times over).
#   bench/run.sh                  everything
#   bench/run.sh --quick          fewer repetitions, shorter windows (to try it out; not for quoting)
#   bench/run.sh --only=start,switch,loss,cpu,shared,density,destinations,drift,audio,picture,preview,layouts,fuzz,fleet
#                                (some scenarios; writes latest-partial.md)
#   bench/run.sh --only=soak [--quick]   the soak: one room on air for 60 min (--quick: 5 min) while its camera drops, participants
#                                        come and go, the destination and RabbitMQ restart; only when named
#   BENCH_JAVA_OPTS=-Dfuzz.seed=N bench/run.sh --only=fuzz   replays a bad-input run (its seed is in the table)
# Not part of the test suite (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

export VOICE_BROADCAST_TEST_RUN="bench-$$-$(date +%s%N)"
provisioning/install.sh >/dev/null
provisioning/make-assets.sh >/dev/null

echo "bench: building the voice service and the bench, and testing the bench's own logic"
./mvnw -q -B -DskipTests -pl stream-security,test-support,voice-service,gamesession-service package
# Before the package phase the reactor hands the bench voice-service's (and gamesession-service's) classes (after it, the
# repackaged Spring Boot jar, which cannot be compiled against). Only the bench's unit tests run.
./mvnw -q -B -Pbench -pl stream-security,test-support,voice-service,gamesession-service,bench test \
  -Dtest='io.voicebroadcast.bench.*Tests' -Dsurefire.failIfNoSpecifiedTests=false \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

status=0
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.voicebroadcast.bench.Bench "$@" || status=$?

# Nothing of ours may outlive the bench.
for pid in $(pgrep -x ffmpeg; pgrep -x nginx; pgrep -x ffprobe; pgrep -x rtpengine) ; do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "VOICE_BROADCAST_TEST_RUN=$VOICE_BROADCAST_TEST_RUN"; then
    echo "bench: killing leftover $(tr '\0' ' ' <"/proc/$pid/cmdline")" >&2
    kill -KILL "$pid" 2>/dev/null || true
    status=1
  fi
done
exit "$status"
