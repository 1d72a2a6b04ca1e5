package io.voicebroadcast.voice.room;

/** The RTP format of the room's mixed audio. */
public record RoomAudioFormat(Codec codec, int payloadType, int sampleRate, int channels) {

    public enum Codec {
        OPUS,
        PCMU,
        PCMA
    }

    public static final RoomAudioFormat DEFAULT = new RoomAudioFormat(Codec.OPUS, 111, 48000, 2);

    public RoomAudioFormat {
        if (payloadType < 0 || payloadType > 127) {
            throw new InvalidRoomException("payloadType must be 0..127");
        }
        if (channels < 1 || channels > 2) {
            throw new InvalidRoomException("channels must be 1 or 2");
        }
        if (codec == Codec.OPUS && !java.util.Set.of(8000, 12000, 16000, 24000, 48000).contains(sampleRate)) {
            throw new InvalidRoomException("Opus sample rate must be 8000, 12000, 16000, 24000 or 48000");
        }
        if (codec != Codec.OPUS && (sampleRate != 8000 || channels != 1)) {
            throw new InvalidRoomException("G.711 (" + codec.name().toLowerCase() + ") is 8000 Hz mono");
        }
    }
}
