package io.voicebroadcast.voice.probe;

/** One reassembled RTMP message. */
record RtmpMessage(int typeId, int streamId, long timestamp, byte[] payload) {

    static final int SET_CHUNK_SIZE = 1;
    static final int ABORT = 2;
    static final int ACKNOWLEDGEMENT = 3;
    static final int USER_CONTROL = 4;
    static final int WINDOW_ACK_SIZE = 5;
    static final int SET_PEER_BANDWIDTH = 6;
    static final int AMF3_COMMAND = 17;
    static final int AMF0_COMMAND = 20;
}
