package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import java.util.Optional;

/**
 * A validated update. For each source: null = unchanged, empty = cleared, present = new.
 * {@code output} null = unchanged.
 */
record UpdatePlan(OutputTarget output, Optional<MediaInput> background, Optional<MediaInput> fallbackStream,
                  Optional<MediaInput> image) {
}
