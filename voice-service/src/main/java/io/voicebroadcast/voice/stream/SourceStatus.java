package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.SourceState;

/**
 * One rung of a broadcast's cascade as its status shows it.
 *
 * @param description the source, masked (a URL or a still's description)
 * @param state       its state now; never Closed (a retired source is no longer in its rung)
 */
public record SourceStatus(SourceKind kind, String description, SourceState state, boolean onAir) {
}
