package io.voicebroadcast.voice.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * How one FFmpeg process opens one input or output, decided right before it starts: the location
 * it is given (perhaps with the host replaced by the address the egress policy checked) and the
 * options that go just before it ({@code -rtmp_tcurl} with the original name, {@code -headers}).
 *
 * @param options  FFmpeg options for this input or output, in order; no secret among them
 * @param location what FFmpeg opens (may hold a secret: never log it)
 */
public record Opening(List<String> options, String location) {

    public Opening {
        options = List.copyOf(options);
        Objects.requireNonNull(location, "location");
    }

    /** Never the location: a record's default toString would print the key. */
    @Override
    public String toString() {
        return "Opening" + options;
    }
}
