package io.voicebroadcast.voice.pipeline.flv;

import java.io.IOException;

/** What was read is not the FLV an encoder writes. */
public final class FlvFormatException extends IOException {

    public FlvFormatException(String message) {
        super(message);
    }
}
