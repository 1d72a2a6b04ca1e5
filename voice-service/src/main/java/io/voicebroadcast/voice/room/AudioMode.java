package io.voicebroadcast.voice.room;

/** Where a room's broadcast gets its audio from, chosen per room at creation. */
public enum AudioMode {
    /** One RTP stream, already mixed by someone else, on the stream's {@code audioRtpPort}. */
    DIRECT,
    /** Every publisher of the room's RTPEngine call, subscribed one port each and mixed here. */
    RTPENGINE
}
