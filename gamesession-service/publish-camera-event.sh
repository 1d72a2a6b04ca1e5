#!/usr/bin/env bash
# Publishes one camera discovery event (schemas/camera-events.yaml) to RabbitMQ, as a game engine
# would: the same validation as the GameSession service's consumer, then a confirmed publish.
#   gamesession-service/publish-camera-event.sh started --camera-id race-cam-main \
#     --game-instance-id 7d0c...  --session-id 2b4e... --rtmp-url rtmp://game-server-1:1935/cameras/race-cam-main
#   gamesession-service/publish-camera-event.sh ended --camera-id race-cam-main --game-instance-id 7d0c... --reason game_ended
# Run without arguments for every option. Needs the built jar (./mvnw -pl gamesession-service -am package -DskipTests).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${GAMESESSION_JAR:-$HERE/target/gamesession-service-0.1.0-SNAPSHOT.jar}
if [ ! -f "$JAR" ]; then
  echo "publish-camera-event: $JAR is missing; build it: ./mvnw -pl gamesession-service -am package -DskipTests" >&2
  exit 1
fi
# The Spring Boot jar's own launcher runs another main class from it.
exec java -Dloader.main=io.voicebroadcast.gamesession.publisher.PublishCameraEventCommand \
  -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
