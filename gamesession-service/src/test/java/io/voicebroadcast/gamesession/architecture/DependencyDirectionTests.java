package io.voicebroadcast.gamesession.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.testsupport.PackageDependencies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The design's one-way dependencies: GameSession knows the voice service through its HTTP contract
 * (schemas/voice-api.yaml) only, and the voice service knows nothing of GameSession; inside
 * GameSession the packages depend on each other one way only.
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

    @Test
    void packages_dependOnEachOtherOneWayOnly() {
        PackageDependencies deps = mainPackages();

        assertThat(deps.packages()).contains("broadcast", "camera", "config", "events", "voice", "web");
        assertThat(deps.cycles()).as("package cycles").isEmpty();
    }

    /**
     * config/ binds the settings (their defaults included) and wires the services; events/ reads
     * its settings from there and owns every name derived from them. config/ never reaches back.
     */
    @Test
    void config_neverDependsOnEvents_whichOwnsTheQueueNaming() {
        PackageDependencies deps = mainPackages();

        assertThat(deps.dependenciesOf("events")).contains("config");
        assertThat(deps.dependenciesOf("config")).as("config -> events (%s)", deps.evidence("config", "events"))
                .doesNotContain("events");
    }

    private static PackageDependencies mainPackages() {
        return PackageDependencies.read(MODULE.resolve("src/main/java"), "io.voicebroadcast.gamesession");
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
