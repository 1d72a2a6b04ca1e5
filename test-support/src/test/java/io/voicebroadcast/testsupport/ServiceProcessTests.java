package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTests {

    /**
     * A stand-in for a Spring Boot service: answers /actuator/health and, as embedded Tomcat
     * does, makes a directory with a file in java.io.tmpdir, then prints where.
     */
    private static final String SERVICE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.file.Files;
            import java.nio.file.Path;

            public class FakeService {
                public static void main(String[] args) throws Exception {
                    Path work = Files.createTempDirectory("tomcat.0.");
                    Files.writeString(work.resolve("session.ser"), "x");
                    System.out.println("work dir " + work.toAbsolutePath());
                    HttpServer server = HttpServer.create(
                            new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SERVER_PORT"))), 0);
                    server.createContext("/actuator/health", exchange -> {
                        byte[] body = "{\\"status\\":\\"UP\\"}".getBytes();
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    if (args.length > 0 && args[0].equals("--with-ffmpeg")) {
                        new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "anullsrc", "-t", "30",
                                "-f", "null", "-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        System.out.println("ffmpeg started");
                    }
                }
            }
            """;

    @TempDir
    Path build;

    @Test
    void aMissingJar_failsAtOnce_sayingHowToBuildIt() {
        assertThatThrownBy(() -> ServiceProcess.start("voice", Path.of("../voice-service/target/nope.jar"), 1, Map.of(), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nope.jar is missing")
                .hasMessageContaining("./mvnw -pl voice-service -am package -DskipTests");
    }

    @Test
    void aServiceKilledWithSigkill_leavesNothingOnDisk_afterClose_andItsLogStaysReadable() throws Exception {
        Path jar = fakeServiceJar();
        ServiceProcess service = ServiceProcess.start("fake-service", jar, NginxRtmpServer.freePort(), Map.of(), List.of());
        Path scratch = service.scratchDir();
        try {
            service.awaitHealthy(Duration.ofSeconds(30));
            Matcher workDir = Pattern.compile("work dir (\\S+)").matcher(service.log());
            assertThat(workDir.find()).as(service.log()).isTrue();
            assertThat(Path.of(workDir.group(1))).as("the child's temp files").startsWith(scratch).isDirectory();

            service.kill(); // no shutdown hook of the child runs
        } finally {
            service.close();
        }

        assertThat(scratch).as("the service's scratch directory (log, java.io.tmpdir)").doesNotExist();
        assertThat(service.log()).contains("work dir ");
    }

    @Test
    void aChildThatOutlivesItsKilledJvm_isFoundByTheTag_andEndedOnClose() throws Exception {
        ServiceProcess service = ServiceProcess.start("fake-service", fakeServiceJar(), NginxRtmpServer.freePort(), Map.of(),
                List.of("--with-ffmpeg"));
        try {
            service.awaitHealthy(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.log().contains("ffmpeg started"));
            List<Processes.Leftover> ffmpeg = service.taggedMediaProcesses();
            assertThat(ffmpeg).as("the service's ffmpeg, by its tag").hasSize(1);

            service.killJvmOnly();
            assertThat(service.awaitExit(Duration.ofSeconds(5))).as("the JVM exited").isTrue();
            assertThat(service.taggedMediaProcesses()).as("re-parented, still found by its tag").isEqualTo(ffmpeg);
        } finally {
            service.close();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(service.taggedMediaProcesses()).isEmpty());
    }

    private Path fakeServiceJar() throws Exception {
        Path source = Files.writeString(build.resolve("FakeService.java"), SERVICE);
        Path classes = Files.createDirectories(build.resolve("classes"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        assertThat(compiled).as("javac").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeService");
        Path jar = Files.createDirectories(build.resolve("target")).resolve("fake-service.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("FakeService.class"));
            out.write(Files.readAllBytes(classes.resolve("FakeService.class")));
            out.closeEntry();
        }
        return jar;
    }
}
