package io.voicebroadcast.containers;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers of the project's images as every test here runs them: on the host's network (all
 * traffic on loopback, ports set by configuration), never pulled (the images are built locally by
 * provisioning/containers.sh), ready when the image's own HEALTHCHECK says so (the services: when
 * Spring Boot says it started, see {@link #service}), and labelled and tagged with the test run so
 * that {@code ./test.sh} finds any container or process a run left.
 */
final class ProjectContainers {

    /** The label every test container carries; its value is the run's tag. */
    static final String RUN_LABEL = "io.voicebroadcast.test-run";
    /** test.sh's tag of the processes of one run (see test.sh); inherited by every process in the containers. */
    static final String RUN_VARIABLE = "VOICE_BROADCAST_TEST_RUN";
    static final String RUN = System.getenv().getOrDefault(RUN_VARIABLE, "manual-" + ProcessHandle.current().pid());
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
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP_TIMEOUT));
    }

    /**
     * A Spring Boot service, ready once it logged its start. Not its HEALTHCHECK: every check is a
     * {@code docker exec}, which costs the engine more CPU than a 2-core machine can spare at
     * 1 s intervals, and at the image's 10 s it would add seconds to every start. The test asserts
     * the HEALTHCHECK's verdict later instead.
     */
    static GenericContainer<?> service(String imageProperty) {
        return of(imageProperty).waitingFor(Wait.forLogMessage(".*Started \\w+Application in .*", 1).withStartupTimeout(STARTUP_TIMEOUT));
    }
}
