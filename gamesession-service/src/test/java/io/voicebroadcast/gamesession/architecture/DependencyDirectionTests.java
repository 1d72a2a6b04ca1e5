package io.voicebroadcast.gamesession.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The design's one-way dependency: GameSession knows the voice service through its HTTP contract
 * (schemas/voice-api.yaml) only, and the voice service knows nothing of GameSession.
 */
class DependencyDirectionTests {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();

    @Test
    void voiceService_neverMentionsGameSession() {
        assertThat(filesUnder(ROOT.resolve("voice-service/src"))).as("voice-service sources").isNotEmpty()
                .allSatisfy(f -> assertThat(read(f)).as(f.toString())
                        .doesNotContain("io.voicebroadcast.gamesession").doesNotContainIgnoringCase("gamesession-service"));
        assertThat(read(ROOT.resolve("voice-service/pom.xml"))).doesNotContainIgnoringCase("gamesession");
        assertThat(read(ROOT.resolve("schemas/voice-api.yaml"))).doesNotContainIgnoringCase("gamesession");
    }

    @Test
    void gameSession_usesTheVoiceServiceOnlyThroughItsGeneratedClient() {
        assertThat(read(MODULE.resolve("pom.xml"))).doesNotContain("<artifactId>voice-service</artifactId>");
        assertThat(filesUnder(MODULE.resolve("src/main"))).isNotEmpty()
                .allSatisfy(f -> assertThat(read(f)).as(f.toString()).doesNotContain("io.voicebroadcast.voice."));
    }

    private static List<Path> filesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(java|yml|yaml|properties|xml)$")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
