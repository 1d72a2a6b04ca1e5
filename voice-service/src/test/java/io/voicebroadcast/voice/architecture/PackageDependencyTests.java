package io.voicebroadcast.voice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.testsupport.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The service's layering, read from its sources: packages depend on each other one way only; the
 * media engine (pipeline/ with audio/ and retry/ below it) is plain Java that knows no other
 * package of the service; config/ is the edge that wires everything and nothing depends on it.
 */
class PackageDependencyTests {

    private static final PackageDependencies DEPS =
            PackageDependencies.read(Path.of("src/main/java").toAbsolutePath(), "io.voicebroadcast.voice");

    /** The plain-Java engine and what it may use of the service. */
    private static final Set<String> ENGINE = Set.of("pipeline", "audio", "retry");

    @Test
    void packages_dependOnEachOtherOneWayOnly() {
        assertThat(DEPS.packages()).contains("pipeline", "audio", "retry", "stream", "participant", "events", "config", "web");
        assertThat(DEPS.cycles()).as("package cycles").isEmpty();
    }

    @Test
    void theMediaEngine_usesNoOtherPackageOfTheService() {
        for (String pkg : ENGINE) {
            assertThat(DEPS.dependenciesOf(pkg)).as("%s depends on", pkg).isSubsetOf(ENGINE);
        }
        assertThat(DEPS.dependenciesOf("audio")).as("audio depends on").isEmpty();
        assertThat(DEPS.dependenciesOf("retry")).as("retry depends on").isEmpty();
    }

    @Test
    void theMediaEngine_isFreeOfSpring() {
        for (String pkg : ENGINE) {
            assertThat(DEPS.importsOf(pkg)).as("%s imports", pkg)
                    .noneMatch(name -> name.startsWith("org.springframework") || name.startsWith("jakarta."));
        }
    }

    @Test
    void config_isTheEdge_nothingDependsOnIt() {
        for (String pkg : DEPS.packages()) {
            if (!pkg.equals("config")) {
                assertThat(DEPS.dependenciesOf(pkg)).as("%s -> config (%s)", pkg, DEPS.evidence(pkg, "config"))
                        .doesNotContain("config");
            }
        }
    }
}
