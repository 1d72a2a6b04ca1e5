package io.voicebroadcast.gamesession.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateConfigurationTests {

    @Test
    void aPostgresUrl_isTaken_oneWithAPasswordOrOfAnotherDatabase_isRefusedWithoutShowingIt() {
        assertThat(StateConfiguration.checkedUrl("jdbc:postgresql://127.0.0.1:5432/gamesession"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/gamesession");
        assertThatThrownBy(() -> StateConfiguration.checkedUrl("jdbc:postgresql://db/gs?user=gs&password=hunter2secret"))
                .isInstanceOf(StateSettingException.class).hasMessageContaining("SPRING_DATASOURCE_PASSWORD")
                .hasMessageNotContaining("hunter2secret");
        assertThatThrownBy(() -> StateConfiguration.checkedUrl("jdbc:mysql://db/gs")).hasMessageContaining("SPRING_DATASOURCE_URL must be");
    }
}
