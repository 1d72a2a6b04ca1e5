package io.voicebroadcast.voice.pipeline.encoder;

import java.util.Objects;
import java.util.Optional;

/**
 * The H.264 encoder the broadcast will use.
 *
 * @param name FFmpeg encoder name, e.g. {@code libx264}
 * @param gpl  the FFmpeg build it runs in is GPL ({@code --enable-gpl})
 * @param note something the operator should read once at start-up, e.g. why a GPL encoder was chosen
 */
public record SelectedEncoder(String name, boolean gpl, Optional<String> note) {

    public SelectedEncoder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(note, "note");
    }
}
