package io.voicebroadcast.security.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DashboardFeedTests {

    /** Numbered payloads, so that a test can tell which one a viewer got: broadcasts every second, levels every 200 ms. */
    static final class CountingPayloads {
        final AtomicInteger broadcasts = new AtomicInteger();
        final AtomicInteger levels = new AtomicInteger();

        List<DashboardFeed.Beat> beats() {
            return List.of(new DashboardFeed.Beat("broadcasts", Duration.ofSeconds(1), () -> "b" + broadcasts.incrementAndGet()),
                    new DashboardFeed.Beat("levels", Duration.ofMillis(200), () -> "l" + levels.incrementAndGet()));
        }
    }

    private static DashboardFeed feed(CountingPayloads payloads, int maxViewers) {
        return new DashboardFeed(payloads.beats(), maxViewers, "VOICE_DASHBOARD_MAX_VIEWERS");
    }

    static class RecordingConnection implements Viewer.Connection {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void send(String event, String data) throws IOException {
            sent.add(event + ":" + data);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aNewViewer_getsTheBroadcastsAtOnce_thenLevelsAndBroadcastsOnTheirBeat() {
        try (DashboardFeed feed = feed(new CountingPayloads(), 4)) {
            RecordingConnection c = new RecordingConnection();
            feed.watch(c);
            await().atMost(Duration.ofMillis(500)).until(() -> !c.sent.isEmpty());
            assertThat(c.sent.get(0)).startsWith("broadcasts:");
            await().atMost(Duration.ofSeconds(3)).until(() -> c.sent.stream().filter(s -> s.startsWith("levels:")).count() >= 5
                    && c.sent.stream().filter(s -> s.startsWith("broadcasts:")).count() >= 2);
        }
    }

    @Test
    void changes_arePushedSoon_andABurstMakesOnePush() {
        CountingPayloads payloads = new CountingPayloads();
        try (DashboardFeed feed = feed(payloads, 4)) {
            RecordingConnection c = new RecordingConnection();
            feed.watch(c);
            await().atMost(Duration.ofMillis(500)).until(() -> payloads.broadcasts.get() == 1);
            for (int i = 0; i < 10; i++) {
                feed.changed();
            }
            await().atMost(Duration.ofMillis(500)).until(() -> payloads.broadcasts.get() >= 2);
            assertThat(payloads.broadcasts.get()).as("ten changes within 50 ms, one push (a second only if the 1 s beat fell in)")
                    .isLessThanOrEqualTo(3);
        }
    }

    @Test
    void nothingIsMade_whileNobodyWatches() throws Exception {
        CountingPayloads payloads = new CountingPayloads();
        try (DashboardFeed feed = feed(payloads, 4)) {
            feed.changed();
            TimeUnit.MILLISECONDS.sleep(1300);
            assertThat(payloads.broadcasts.get()).isZero();
            assertThat(payloads.levels.get()).isZero();
        }
    }

    @Test
    void aSlowViewer_skipsToTheNewest_andHoldsNobodyBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingConnection slow = new RecordingConnection() {
            @Override
            public void send(String event, String data) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                super.send(event, data);
            }
        };
        try (DashboardFeed feed = feed(new CountingPayloads(), 4)) {
            feed.watch(slow);
            RecordingConnection fast = new RecordingConnection();
            feed.watch(fast);
            await().atMost(Duration.ofSeconds(3)).until(() -> fast.sent.size() >= 10);
            release.countDown();
            await().atMost(Duration.ofSeconds(2)).until(() -> slow.sent.size() >= 2);
            // one blocked send, then only the newest of each kind: far fewer than the fast viewer got
            assertThat(slow.sent.size()).isLessThan(fast.sent.size());
        }
    }

    @Test
    void aViewerWhoseConnectionFails_isDropped_andMakesRoomForAnother() throws Exception {
        try (DashboardFeed feed = feed(new CountingPayloads(), 1)) {
            RecordingConnection broken = new RecordingConnection() {
                @Override
                public void send(String event, String data) throws IOException {
                    throw new IOException("client gone");
                }
            };
            feed.watch(broken);
            assertThat(broken.closed.await(2, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(1)).until(() -> feed.viewers() == 0);
            RecordingConnection next = new RecordingConnection();
            feed.watch(next);
            assertThatThrownBy(() -> feed.watch(new RecordingConnection())).isInstanceOf(TooManyViewersException.class)
                    .hasMessageContaining("VOICE_DASHBOARD_MAX_VIEWERS");
        }
    }
}
