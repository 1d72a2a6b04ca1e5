package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.SourceKind;

/** Whether the backup stream should be decoding right now. */
final class StandbyPolicy {

    private StandbyPolicy() {
    }

    /**
     * Warm standby keeps the backup decoding all the time, so a failover shows it on the next
     * frame. Without it, the backup decodes only while the primary is not on air (saving a decoder
     * per room at the cost of a slower failover).
     */
    static boolean decodeBackup(boolean warmStandby, SourceKind onAir) {
        return warmStandby || onAir != SourceKind.PRIMARY_STREAM;
    }
}
