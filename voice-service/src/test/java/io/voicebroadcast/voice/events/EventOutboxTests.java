package io.voicebroadcast.voice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventOutboxTests {

    private static final UUID ROOM_A = UUID.fromString("0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10");
    private static final UUID ROOM_B = UUID.fromString("7d2f9a40-3c1b-4e8f-b6a2-91c5e0d4f7a3");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakePublisher publisher = new FakePublisher();
    private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    private EventOutbox outbox;

    @AfterEach
    void close() {
        publisher.open();
        if (outbox != null) {
            outbox.close();
        }
    }

    private EventOutbox outbox(int capacity, Duration drainTimeout) {
        // Jitter 0 makes the backoff exact; the pause records and waits only a millisecond.
        outbox = new EventOutbox(publisher, new OutboxSettings(capacity, Duration.ofMillis(200), Duration.ofSeconds(5), drainTimeout),
                registry, d -> {
                    pauses.add(d);
                    Thread.sleep(1);
                }, () -> 0.0, System::nanoTime);
        outbox.start();
        return outbox;
    }

    private static OutboundEvent event(UUID room, int n) {
        return new OutboundEvent(UUID.randomUUID(), n % 2 == 0 ? "voice.stream_health" : "voice.stream_source_changed", room,
                Instant.EPOCH, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> bodies(List<OutboundEvent> events) {
        return events.stream().map(OutboundEvent::jsonText).toList();
    }

    private double published(String event) {
        var counter = registry.find("voice.events.published").tag("event", event).counter();
        return counter == null ? 0 : counter.count();
    }

    private double buffered() {
        return registry.get("voice.events.buffered").gauge().value();
    }

    @Test
    void events_areDeliveredInOfferOrder_byOneDispatcherThread() throws Exception {
        outbox(10_000, Duration.ofSeconds(5));
        List<OutboundEvent> offered = IntStream.range(0, 1000).mapToObj(n -> event(n % 3 == 0 ? ROOM_A : ROOM_B, n)).toList();

        offered.forEach(outbox::offer);

        assertThat(outbox.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(publisher.delivered()).containsExactlyElementsOf(offered);
        assertThat(publisher.threads()).containsOnly("voice-events-dispatcher");
        assertThat(published("voice.stream_health") + published("voice.stream_source_changed")).isEqualTo(1000);
        assertThat(published("voice.stream_health")).isEqualTo(500);
        assertThat(buffered()).isZero();
    }

    @Test
    void failedDelivery_keepsTheEventAtTheHead_andRetriesWithDoublingBackoffCappedAt5s() throws Exception {
        outbox(100, Duration.ofSeconds(5));
        publisher.failNext(8);
        List<OutboundEvent> offered = List.of(event(ROOM_A, 1), event(ROOM_A, 2), event(ROOM_B, 3));

        offered.forEach(outbox::offer);

        assertThat(outbox.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(publisher.delivered()).containsExactlyElementsOf(offered);
        assertThat(publisher.attempts().subList(0, 9)).as("the head is retried, nothing overtakes it").containsOnly(offered.get(0));
        assertThat(pauses).extracting(Duration::toMillis).containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(registry.get("voice.events.publish.failures").counter().count()).isEqualTo(8);

        publisher.failNext(1);
        outbox.offer(event(ROOM_A, 4));
        assertThat(outbox.awaitEmpty(Duration.ofSeconds(5))).isTrue();
        assertThat(pauses.get(pauses.size() - 1)).as("a success starts the backoff again").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void failureWarnings_sayWhatIsBuffered_andNeverEchoBrokerCredentials() throws Exception {
        try (LogCapture logs = new LogCapture(EventOutbox.class)) {
            outbox(100, Duration.ofSeconds(5));
            publisher.failNext(3);
            outbox.offer(event(ROOM_A, 1));
            assertThat(outbox.awaitEmpty(Duration.ofSeconds(5))).isTrue();

            assertThat(logs.lines(Level.WARN)).singleElement().asString()
                    .contains("fake publisher failed", "1 buffered", "retrying")
                    .doesNotContain("secret");
            assertThat(logs.lines(Level.INFO)).singleElement().asString()
                    .contains("takes events again after 3 failed attempts", "0 buffered");
        }
    }

    @Test
    void offer_neverWaitsForThePublisher() throws Exception {
        outbox(20_000, Duration.ofSeconds(5));
        publisher.hold();
        outbox.offer(event(ROOM_A, 0));
        publisher.awaitFirstAttempt();

        long[] nanos = new long[10_000];
        long start = System.nanoTime();
        for (int n = 1; n <= 10_000; n++) {
            long t0 = System.nanoTime();
            outbox.offer(event(ROOM_A, n));
            nanos[n - 1] = System.nanoTime() - t0;
        }

        // The publisher is held shut: an offer that waited for it would never return.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        Arrays.sort(nanos);
        // Generous: what matters is that no offer waits for the (held) publisher, not its speed.
        assertThat(Duration.ofNanos(nanos[9_899])).as("99th percentile").isLessThan(Duration.ofMillis(50));
        assertThat(buffered()).isEqualTo(10_001);
        publisher.open();
        assertThat(outbox.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(publisher.delivered()).hasSize(10_001);
    }

    @Test
    void overflow_dropsTheOldestWaiting_neverTheOneInFlight_countsAndWarns() throws Exception {
        try (LogCapture logs = new LogCapture(EventOutbox.class)) {
            outbox(3, Duration.ofSeconds(5));
            publisher.hold();
            OutboundEvent inFlight = event(ROOM_A, 0);
            outbox.offer(inFlight);
            publisher.awaitFirstAttempt();
            List<OutboundEvent> more = IntStream.rangeClosed(1, 6).mapToObj(n -> event(ROOM_A, n)).toList();

            more.forEach(outbox::offer);

            assertThat(buffered()).as("3 waiting + 1 in flight").isEqualTo(4);
            assertThat(registry.get("voice.events.dropped").counter().count()).isEqualTo(3);
            assertThat(outbox.dropped()).isEqualTo(3);
            assertThat(logs.lines(Level.WARN)).as("the first drop warns at once").singleElement().asString()
                    .contains("buffer full (3 waiting", "dropped the 1 oldest", "1 in total");

            publisher.open();
            assertThat(outbox.awaitEmpty(Duration.ofSeconds(5))).isTrue();
            assertThat(bodies(publisher.delivered())).containsExactly("{\"n\":0}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}");
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(logs.lines(Level.WARN)).as("the rest are reported once delivery resumes")
                    .hasSize(2).last().asString().contains("dropped the 2 oldest", "3 in total"));
        }
    }

    @Test
    void aPublisherThatThrowsUnchecked_doesNotStopTheDispatcher() throws Exception {
        outbox(100, Duration.ofSeconds(5));
        publisher.throwUnchecked(true).failNext(2);

        outbox.offer(event(ROOM_A, 1));
        outbox.offer(event(ROOM_A, 2));

        assertThat(outbox.awaitEmpty(Duration.ofSeconds(5))).isTrue();
        assertThat(bodies(publisher.delivered())).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(registry.get("voice.events.publish.failures").counter().count()).isEqualTo(2);
    }

    @Test
    void close_deliversWhatIsBuffered_whenThePublisherTakesIt() {
        outbox(100, Duration.ofSeconds(5));
        publisher.hold();
        IntStream.range(0, 5).forEach(n -> outbox.offer(event(ROOM_A, n)));
        new Thread(() -> {
            sleep(100);
            publisher.open();
        }).start();

        outbox.close();

        assertThat(publisher.delivered()).hasSize(5);
        assertThat(registry.get("voice.events.dropped").counter().count()).isZero();
    }

    @Test
    void close_givesUpAfterTheDrainTimeout_andReportsWhatWasNotDelivered() {
        try (LogCapture logs = new LogCapture(EventOutbox.class)) {
            outbox(100, Duration.ofMillis(300));
            publisher.failForever(true);
            IntStream.range(0, 5).forEach(n -> outbox.offer(event(ROOM_A, n)));

            long t0 = System.nanoTime();
            outbox.close();

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(registry.get("voice.events.dropped").counter().count()).isEqualTo(5);
            assertThat(outbox.dropped()).isEqualTo(5);
            assertThat(logs.lines(Level.WARN)).anySatisfy(line -> assertThat(line).contains("5 client events not delivered at shutdown"));

            outbox.offer(event(ROOM_A, 99));
            assertThat(registry.get("voice.events.dropped").counter().count()).as("after close: counted, not queued").isEqualTo(6);
            assertThat(logs.lines(Level.WARN)).anySatisfy(line -> assertThat(line).contains("after shutdown began"));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
