package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.EncoderProcess;
import io.voicebroadcast.voice.pipeline.SourceKind;
import java.util.List;

/**
 * What the health verdict is decided from, gathered at one instant.
 *
 * @param encoder            where the encoder is in its life (a restart's cause and a failure's reason inside, masked)
 * @param outputStalledMs    how long the output has not grown while the encoder runs
 * @param slowForMs          how long encoding speed has been below {@link EncoderProcess#SLOW_SPEED} (0 if not)
 * @param droppedFrames      frames dropped (encoder or clock backlog) since the previous check
 * @param onAir              the source on air
 * @param primaryConfigured  whether a background stream is configured
 * @param sourceNote         why a higher source is not on air (masked), or null
 * @param audioProblem       why the room's audio input cannot deliver the voices (masked), or null
 * @param destinations       each destination's state, with its last error (masked)
 * @param otherSlots         the layout's slots after slot 0 (whose source the fields above show); empty in the single layout
 */
public record HealthFacts(EncoderState encoder, long outputStalledMs, long slowForMs, long droppedFrames, SourceKind onAir,
                          boolean primaryConfigured, String sourceNote, String audioProblem, List<Destination> destinations,
                          List<Slot> otherSlots) {

    public HealthFacts {
        destinations = List.copyOf(destinations);
        otherSlots = List.copyOf(otherSlots);
    }

    /** One destination as the verdict needs it. */
    public record Destination(String id, DestinationState state) {
    }

    /**
     * One slot of a layout as the verdict needs it: what it shows, whether it has a camera, and
     * why a higher source of its own cascade is not on air (masked), or null.
     */
    public record Slot(int slot, SourceKind onAir, boolean primaryConfigured, String sourceNote) {
    }

    public HealthFacts(EncoderState encoder, long outputStalledMs, long slowForMs, long droppedFrames, SourceKind onAir,
                       boolean primaryConfigured, String sourceNote, String audioProblem, List<Destination> destinations) {
        this(encoder, outputStalledMs, slowForMs, droppedFrames, onAir, primaryConfigured, sourceNote, audioProblem, destinations, List.of());
    }

    public HealthFacts(EncoderState encoder, long outputStalledMs, long slowForMs, long droppedFrames, SourceKind onAir,
                       boolean primaryConfigured, String sourceNote) {
        this(encoder, outputStalledMs, slowForMs, droppedFrames, onAir, primaryConfigured, sourceNote, null, List.of());
    }

    public HealthFacts(EncoderState encoder, long outputStalledMs, long slowForMs, long droppedFrames, SourceKind onAir,
                       boolean primaryConfigured, String sourceNote, String audioProblem) {
        this(encoder, outputStalledMs, slowForMs, droppedFrames, onAir, primaryConfigured, sourceNote, audioProblem, List.of());
    }
}
