package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NginxRtmpServerTests {

    @Test
    void publishToOut_isRecordedAsOneSession_andCounted_andCloseLeavesNoFileBehind() {
        Path dir;
        try (NginxRtmpServer nginx = NginxRtmpServer.start()) {
            dir = nginx.httpRoot().getParent();
            try (ManagedProcess pub = ManagedProcess.start("pub", List.of("ffmpeg", "-hide_banner", "-loglevel", "error",
                    "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-f", "flv", nginx.outputUrl("k1")))) {
                assertThat(pub.waitFor(Duration.ofSeconds(20))).as(pub.tail()).isZero();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> nginx.recordings().size() == 1);
            assertThat(nginx.publishCount("out")).isEqualTo(1);
            assertThat(nginx.publishCount("live")).isZero();
        }
        assertThat(dir).as("nginx's directory (config, logs, recordings)").doesNotExist();
    }
}
