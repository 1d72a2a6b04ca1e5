package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;

/** A validated update. {@code output} is never Clear: the destination is replaced, not removed. */
record UpdatePlan(Change<OutputTarget> output, Change<MediaInput> background, Change<MediaInput> fallbackStream,
                  Change<MediaInput> image) {
}
