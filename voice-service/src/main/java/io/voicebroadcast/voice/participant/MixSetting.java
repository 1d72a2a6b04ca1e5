package io.voicebroadcast.voice.participant;

/** A participant's place in the broadcast mix: left out or not, and its gain. */
public record MixSetting(boolean excluded, double gainDb) {

    public static final MixSetting DEFAULT = new MixSetting(false, 0.0);

    public MixSetting {
        if (Double.isNaN(gainDb) || gainDb < -60 || gainDb > 24) {
            throw new IllegalArgumentException("gainDb must be -60..24, got " + gainDb);
        }
    }

    /** This setting with the given changes; null keeps the current value. */
    public MixSetting with(Boolean excluded, Double gainDb) {
        return new MixSetting(excluded != null ? excluded : this.excluded, gainDb != null ? gainDb : this.gainDb);
    }
}
