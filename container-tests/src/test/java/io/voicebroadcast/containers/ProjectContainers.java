package io.voicebroadcast.containers;

import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers of the project's images as every test here runs them: on the host's network (all
 * traffic on loopback, ports set by configuration), never pulled (the images are built locally by
 * provisioning/containers.sh), ready when the image's own HEALTHCHECK says so, and labelled and
 * tagged with the test run so that {@code ./test.sh} finds any container or process a run left.
 */
final class ProjectContainers {

    /** The label every test container carries; its value is the run's tag. */
    static final String RUN_LABEL = "io.voicebroadcast.test-run";
    /** test.sh's tag of the processes of one run (see test.sh); inherited by every process in the containers. */
    static final String RUN_VARIABLE = "VOICE_BROADCAST_TEST_RUN";
    static final String RUN = System.getenv().getOrDefault(RUN_VARIABLE, "manual-" + ProcessHandle.current().pid());
    /** The images' own health checks, run every second here instead of every 5-10 s. */
    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private ProjectContainers() {
    }

    /** The image named by a system property of this module's pom ({@code images.voice}, ...). */
    static String image(String property) {
        String image = System.getProperty(property);
        if (image == null || image.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven (./mvnw -pl container-tests -am verify)");
        }
        return image;
    }

    static GenericContainer<?> of(String imageProperty) {
        return new GenericContainer<>(DockerImageName.parse(image(imageProperty)))
                .withNetworkMode("host")
                .withImagePullPolicy(name -> false)
                .withLabel(RUN_LABEL, RUN)
                .withEnv(RUN_VARIABLE, RUN)
                // An empty test keeps the image's command; only the interval changes.
                .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new HealthCheck().withInterval(HEALTH_CHECK_INTERVAL.toNanos())))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP_TIMEOUT));
    }
}
