package io.voicebroadcast.voice.probe;

import java.io.IOException;

/** Bytes from the peer that are not RTMP (or not AMF0 where a command was due). */
final class RtmpProtocolException extends IOException {

    RtmpProtocolException(String message) {
        super(message);
    }
}
