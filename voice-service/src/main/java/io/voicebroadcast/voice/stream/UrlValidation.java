package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;

/**
 * Turns request URLs into validated pipeline inputs and checks that they answer. Every method
 * throws {@link InvalidStreamRequestException} (400) with a masked message.
 */
public interface UrlValidation {

    /** rtmp/rtmps with an application, or srt://host:port with only the allowed options. */
    OutputTarget output(String field, String url);

    /** rtmp/rtmps/http/https or a file under an allowed directory. */
    MediaInput background(String field, String url);

    /** rtmp/rtmps/http/https. */
    MediaInput fallbackStream(String field, String url);

    /** A PNG/JPG by http/https or a file under an allowed directory. */
    MediaInput image(String field, String url);

    /** RTMP handshake and {@code connect} to the application; never plays or publishes. SRT: its address only. */
    void probeOutput(String field, OutputTarget output);

    /** Reads the stream information of a background stream. */
    void probeBackground(String field, MediaInput input);
}
