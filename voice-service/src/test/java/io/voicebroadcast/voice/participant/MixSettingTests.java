package io.voicebroadcast.voice.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MixSettingTests {

    @Test
    void with_changesOnlyWhatIsGiven() {
        MixSetting s = MixSetting.DEFAULT.with(true, null).with(null, -6.0);
        assertThat(s).isEqualTo(new MixSetting(true, -6.0));
    }

    @Test
    void gainOutsideMinus60To24_isRefused() {
        assertThatThrownBy(() -> MixSetting.DEFAULT.with(null, 30.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MixSetting.DEFAULT.with(null, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
