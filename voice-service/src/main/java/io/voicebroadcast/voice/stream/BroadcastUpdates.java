package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.StreamSource;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broadcast's updates: a destination added, or its own sources and first destination
 * changed. Each validated and probed as on start, then applied to the stream.
 */
final class BroadcastUpdates {

    /** Logged as the coordinator, as before these were apart. */
    private static final Logger log = LoggerFactory.getLogger(StreamingCoordinator.class);

    private final UrlValidation urls;
    private final Redaction redaction;

    BroadcastUpdates(UrlValidation urls, Redaction redaction) {
        this.urls = urls;
        this.redaction = redaction;
    }

    /** Adds a destination to {@code entry}'s stream (the encoder and the other destinations untouched). */
    void addDestination(UUID roomId, StreamEntry entry, String destinationId, String url) {
        StartPlan.checkDestinationId(destinationId);
        OutputTarget target = urls.output("url", url);
        entry.stream.checkRoomFor(destinationId, target);
        urls.probeOutput("url", target);
        entry.urls.add(url);
        String id = entry.stream.addDestination(redaction.forUrls(entry.urls), destinationId, target);
        entry.config = entry.config.withDestination(new StartCommand.DestinationRequest(id, url));
        log.info("room {} destination {} added: {}", roomId, id, target.masked());
    }

    /**
     * Applies {@code cmd} to {@code entry}'s stream (a new camera's decoder starts while it is
     * probed), and records the merged configuration.
     */
    void apply(UpdateCommand cmd, StreamEntry entry) {
        if (cmd.isEmpty()) {
            throw new InvalidStreamRequestException("Nothing to update: give rtmpOutputUrl, backgroundVideoUrl, fallbackStreamUrl or fallbackImageUrl");
        }
        if (cmd.rtmpOutputUrl() instanceof Change.Clear) {
            throw new InvalidStreamRequestException("rtmpOutputUrl: the destination can be replaced, not removed");
        }
        Change<OutputTarget> output = cmd.rtmpOutputUrl().map(u -> urls.output("rtmpOutputUrl", u));
        Change<MediaInput> background = cmd.backgroundVideoUrl().map(u -> urls.background("backgroundVideoUrl", u));
        Change<MediaInput> fallbackStream = cmd.fallbackStreamUrl().map(u -> urls.fallbackStream("fallbackStreamUrl", u));
        Change<MediaInput> image = cmd.fallbackImageUrl().map(u -> urls.image("fallbackImageUrl", u));
        if (output instanceof Change.Set<OutputTarget> out) {
            entry.stream.checkFirstCanBe(out.value());
            urls.probeOutput("rtmpOutputUrl", out.value());
        }
        if (fallbackStream instanceof Change.Set<MediaInput> backup) {
            urls.probeBackground("fallbackStreamUrl", backup.value());
        }
        StartCommand old = entry.config;
        // The masker keeps the old secrets too: a stopping process may still print them.
        entry.urls.addAll(StreamEntry.present(Arrays.asList(cmd.rtmpOutputUrl().applyTo(null), cmd.backgroundVideoUrl().applyTo(null),
                cmd.fallbackStreamUrl().applyTo(null), cmd.fallbackImageUrl().applyTo(null))));
        UnaryOperator<String> masker = redaction.forUrls(entry.urls);
        StreamSource prewarmed = null;
        if (background instanceof Change.Set<MediaInput> camera) {
            // A new camera's decoder starts while ffprobe checks it, rather than after: a switch
            // then waits for one of them, not both in turn. It goes on air only once the check passed.
            prewarmed = camera.value().live() ? entry.stream.prewarmBackground(masker, camera.value()) : null;
            try {
                urls.probeBackground("backgroundVideoUrl", camera.value());
            } catch (RuntimeException e) {
                if (prewarmed != null) {
                    prewarmed.close();
                }
                throw e;
            }
        }
        StartCommand merged = new StartCommand(old.roomId(), cmd.rtmpOutputUrl().applyTo(old.rtmpOutputUrl()), old.destinations(),
                cmd.backgroundVideoUrl().applyTo(old.backgroundVideoUrl()), cmd.fallbackStreamUrl().applyTo(old.fallbackStreamUrl()),
                cmd.fallbackImageUrl().applyTo(old.fallbackImageUrl()), old.audioCodec(), old.audioBitrate());
        entry.stream.update(masker, new UpdatePlan(output, background, fallbackStream, image), prewarmed);
        entry.config = merged;
    }
}
