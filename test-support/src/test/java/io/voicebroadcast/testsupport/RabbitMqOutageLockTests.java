package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RabbitMqOutageLockTests {

    /** Another test run: a JVM that takes the lock for an outage, says so, and holds it until its stdin closes. */
    private static final String OTHER_RUN = """
            import java.nio.channels.FileChannel;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public class OtherRun {
                public static void main(String[] args) throws Exception {
                    try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)) {
                        c.lock(0, Long.MAX_VALUE, args[1].equals("shared"));
                        System.out.println("locked");
                        System.in.read();
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    private ManagedProcess otherRun(Path lock, String mode) throws Exception {
        Path source = Files.writeString(dir.resolve("OtherRun.java"), OTHER_RUN);
        ManagedProcess p = ManagedProcess.start("other-run", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString(), lock.toString(), mode));
        await().atMost(Duration.ofSeconds(20)).until(() -> p.tail().contains("locked"));
        return p;
    }

    @Test
    void holdingOutagesOff_waitsForAnOutageInProgress() throws Exception {
        Path lock = dir.resolve("outage.lock");
        try (ManagedProcess outage = otherRun(lock, "exclusive")) {
            CompletableFuture<RabbitMqOutageLock> held = CompletableFuture.supplyAsync(() -> RabbitMqOutageLock.take(lock, true));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !held.isDone());

            outage.stdin().close();
            assertThat(outage.waitFor(Duration.ofSeconds(10))).isZero();
            held.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void runsThatHoldOutagesOff_shareTheLock_andAnOutageWaitsForThem() throws Exception {
        Path lock = dir.resolve("outage.lock");
        try (ManagedProcess run = otherRun(lock, "shared")) {
            RabbitMqOutageLock.take(lock, true).close(); // shared with the other run: at once
            CompletableFuture<RabbitMqOutageLock> outage = CompletableFuture.supplyAsync(() -> RabbitMqOutageLock.take(lock, false));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !outage.isDone());

            run.stdin().close();
            assertThat(run.waitFor(Duration.ofSeconds(10))).isZero();
            outage.get(10, TimeUnit.SECONDS).close();
        }
    }
}
