package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;

/**
 * What one slot of a layout shows, validated: its camera, its backup stream and its still image,
 * each null when it has none (the default video and black are every slot's own last rungs).
 */
record SlotInputs(MediaInput background, MediaInput fallbackStream, MediaInput image) {

    static final SlotInputs NONE = new SlotInputs(null, null, null);

    /** These inputs after a slot-0 update. */
    SlotInputs updated(UpdatePlan plan) {
        return new SlotInputs(plan.background().applyTo(background), plan.fallbackStream().applyTo(fallbackStream),
                plan.image().applyTo(image));
    }
}
