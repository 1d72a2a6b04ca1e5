# The two services' images, one target each:
#   docker build --target voice-service       -t voice-broadcast/voice-service:local .
#   docker build --target gamesession-service -t voice-broadcast/gamesession-service:local .
# The jars come from the host's Maven build (./mvnw package; Maven's own cache holds the
# dependencies), never from Maven inside Docker: the build copies a jar in and splits it into
# Spring Boot's layers, so a code change rebuilds only the small application layer.
# BASE_IMAGE: the official image by default; provisioning/containers.sh passes a local one made
# with debootstrap where no registry is reachable (both are Debian 12).
ARG BASE_IMAGE=debian:bookworm-slim

# ---- Java runtime shared by both services: Debian's JRE, curl for the health check, tini as PID 1.
FROM ${BASE_IMAGE} AS java-runtime
# The JRE's post-install links its manual page into man1, which -slim images leave out.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin app
# tini reaps what the JVM does not (an orphaned child) and passes SIGTERM on to the JVM, which
# then stops every broadcast cleanly (each encoder closes its publish session).
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-XX:MaxRAMPercentage=50", "-jar", "/app/application.jar"]
WORKDIR /app
# provisioning/containers.sh removes this project's dangling images (older builds, the layer stages) by this label.
LABEL io.voicebroadcast.project=voice-broadcast

# ---- The jars split into layers: dependencies, spring-boot-loader, snapshot-dependencies, application.
FROM java-runtime AS voice-layers
COPY voice-service/target/voice-service-*.jar /tmp/service.jar
RUN java -Djarmode=tools -jar /tmp/service.jar extract --layers --application-filename application.jar --destination /layers

FROM java-runtime AS gamesession-layers
COPY gamesession-service/target/gamesession-service-*.jar /tmp/service.jar
RUN java -Djarmode=tools -jar /tmp/service.jar extract --layers --application-filename application.jar --destination /layers

# ---- voice-service: FFmpeg, setpriv (util-linux: every FFmpeg dies with the JVM), a font for the
# overlays' text (Java2D draws it; named, not left to FFmpeg's dependencies), the default backgrounds.
FROM java-runtime AS voice-service
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg util-linux fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
# provisioning/make-assets.sh makes them; VOICE_DEFAULT_BACKGROUND_VIDEO and VOICE_ALLOWED_FILE_DIRS default to this directory.
COPY provisioning/assets/generated/default-background.mp4 /opt/bannou/backgrounds/default.mp4
COPY provisioning/assets/generated/fallback.png provisioning/assets/generated/test-card.png /opt/bannou/backgrounds/
COPY --from=voice-layers /layers/dependencies/ /app/
COPY --from=voice-layers /layers/spring-boot-loader/ /app/
COPY --from=voice-layers /layers/snapshot-dependencies/ /app/
COPY --from=voice-layers /layers/application/ /app/
COPY voice-service/jvm.options /app/jvm.options
ENV SERVER_PORT=8080 VOICE_STREAMING_ENABLED=true
USER app
EXPOSE 8080
# SERVER_ADDRESS / SERVER_PORT: where the service listens (host networking may move both).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://${SERVER_ADDRESS:-127.0.0.1}:${SERVER_PORT}/actuator/health" || exit 1
# The service's JVM options (voice-service/jvm.options), as on the host.
ENTRYPOINT ["/usr/bin/tini", "--", "java", "@/app/jvm.options", "-jar", "/app/application.jar"]

# ---- gamesession-service, and publish-camera-event for game-engine teams and the compose race example.
FROM java-runtime AS gamesession-service
COPY --from=gamesession-layers /layers/dependencies/ /app/
COPY --from=gamesession-layers /layers/spring-boot-loader/ /app/
COPY --from=gamesession-layers /layers/snapshot-dependencies/ /app/
COPY --from=gamesession-layers /layers/application/ /app/
RUN printf '%s\n' '#!/bin/sh' \
      '# Publishes one camera discovery event; see gamesession-service/publish-camera-event.sh.' \
      'exec java -cp /app/application.jar io.voicebroadcast.gamesession.publisher.PublishCameraEventCommand "$@"' \
      >/usr/local/bin/publish-camera-event \
 && chmod 755 /usr/local/bin/publish-camera-event
ENV SERVER_PORT=8081
USER app
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://${SERVER_ADDRESS:-127.0.0.1}:${SERVER_PORT}/actuator/health" || exit 1
