package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessTests {

    @Test
    void aMissingJar_failsAtOnce_sayingHowToBuildIt() {
        assertThatThrownBy(() -> ServiceProcess.start("voice", Path.of("../voice-service/target/nope.jar"), 1, Map.of(), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nope.jar is missing")
                .hasMessageContaining("./mvnw -pl voice-service -am package -DskipTests");
    }
}
