package io.voicebroadcast.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compose files as Debian's docker-compose (1.29) reads them: valid together and alone, and
 * every service of the streaming test on the host's network.
 */
class ComposeFilesTests {

    static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    static final Map<String, String> TOKENS = Map.of("VOICE_ADMIN_TOKEN", "compose-config-voice", "GAMESESSION_ADMIN_TOKEN", "compose-config-gs");
    static final long TIMEOUT_SECONDS = 60;

    record Result(int exit, String output) {
    }

    @Test
    void bothFilesTogether_passConfig_withEveryServiceOnTheHostNetwork() throws Exception {
        Result config = compose(TOKENS, "-f", "docker-compose.yml", "-f", "docker-compose.streaming-test.yml", "config");

        assertThat(config.exit()).as(config.output()).isZero();
        List<String> services = config.output().lines()
                .dropWhile(l -> !l.equals("services:")).skip(1)
                .takeWhile(l -> l.startsWith(" ") || l.isEmpty())
                .filter(l -> l.matches("  [a-z][a-z0-9-]*:")).map(l -> l.strip().replace(":", "")).toList();
        assertThat(services).contains("rabbitmq", "voice-service", "gamesession-service", "rtpengine", "postgres", "rtmp-server", "test-camera", "race", "room-tone");
        assertThat(config.output().lines().filter(l -> l.strip().equals("network_mode: host")).count())
                .as("network_mode: host in every service").isEqualTo(services.size());
    }

    @Test
    void mainFileAlone_passesConfig() throws Exception {
        Result config = compose(TOKENS, "-f", "docker-compose.yml", "config", "-q");

        assertThat(config.exit()).as(config.output()).isZero();
    }

    @Test
    void withoutTheAdminTokens_configFails_namingThem() throws Exception {
        Result config = compose(Map.of(), "-f", "docker-compose.yml", "config", "-q");

        assertThat(config.exit()).isNotZero();
        assertThat(config.output()).contains("VOICE_ADMIN_TOKEN");
    }

    private static Result compose(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("docker-compose"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().remove("VOICE_ADMIN_TOKEN");
        pb.environment().remove("GAMESESSION_ADMIN_TOKEN");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("docker-compose " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), output);
    }
}
