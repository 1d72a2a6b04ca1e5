package io.voicebroadcast.voice.audio;

/** A datagram that is not a usable RTP packet; the message says which rule it broke. */
public class MalformedRtpException extends Exception {

    public MalformedRtpException(String reason) {
        super(reason);
    }
}
