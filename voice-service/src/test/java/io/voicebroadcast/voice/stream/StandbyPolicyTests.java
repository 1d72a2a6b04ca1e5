package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.pipeline.SourceKind;
import org.junit.jupiter.api.Test;

class StandbyPolicyTests {

    @Test
    void warmStandby_decodesTheBackupEvenWhileThePrimaryIsOnAir() {
        for (SourceKind k : SourceKind.values()) {
            assertThat(StandbyPolicy.decodeBackup(true, k)).isTrue();
        }
    }

    @Test
    void coldStandby_decodesTheBackupOnlyWhenThePrimaryIsNotOnAir() {
        assertThat(StandbyPolicy.decodeBackup(false, SourceKind.PRIMARY_STREAM)).isFalse();
        assertThat(StandbyPolicy.decodeBackup(false, SourceKind.FALLBACK_STREAM)).isTrue();
        assertThat(StandbyPolicy.decodeBackup(false, SourceKind.FALLBACK_IMAGE)).isTrue();
        assertThat(StandbyPolicy.decodeBackup(false, SourceKind.BLACK)).isTrue();
    }
}
