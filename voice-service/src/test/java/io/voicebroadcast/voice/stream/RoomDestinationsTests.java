package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.voice.pipeline.Opener;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.PublisherProcess;
import io.voicebroadcast.voice.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broadcast's set of destinations: ids, limits, conflicts, the first one, and the end when all have failed. */
class RoomDestinationsTests {

    private static final String REJECTED = "rtmp://127.0.0.1/deny/****: Input/output error";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Map<String, List<FakePublisher>> launched = new LinkedHashMap<>();
    private final List<String> told = new ArrayList<>();
    private final List<String> allFailed = new ArrayList<>();
    private final RoomDestinations destinations = new RoomDestinations(
            new SupervisorContext("room", line -> line, scheduler, scheduler.nanoTime(), StreamMetrics.NONE),
            new DestinationSettings(3, new PublisherProcess.Settings("ffmpeg", Duration.ofSeconds(1), Duration.ofSeconds(4), 1 << 20),
                    () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), 1.5, () -> 0.0), 1, Duration.ofSeconds(10)),
            (id, target) -> {
                FakePublisher p = new FakePublisher(target, null);
                launched.computeIfAbsent(id, k -> new ArrayList<>()).add(p);
                return p;
            }, new RoomDestinations.Listener() {
                @Override
                public void destinationChanged(String id, DestinationState previous, DestinationState now,
                                               DestinationSupervisor.Snapshot figures) {
                    told.add(id + " " + now.name());
                }

                @Override
                public void allFailed(String maskedReason) {
                    allFailed.add(maskedReason);
                }
            });

    private static OutputTarget out(String key) {
        return new OutputTarget("rtmp://127.0.0.1/app/" + key, "rtmp://127.0.0.1/app/****", "rtmp,tcp", "flv", Opener.LOCAL_FILE);
    }

    private FakePublisher publisher(String id) {
        List<FakePublisher> runs = launched.get(id);
        return runs.get(runs.size() - 1);
    }

    @Test
    void idsNotGiven_areD1D2InOrder_skippingTheCallersOwn() {
        assertThat(destinations.add(null, out("k1"))).isEqualTo("d1");
        assertThat(destinations.add("d2", out("k2"))).isEqualTo("d2");
        assertThat(destinations.add(null, out("k3"))).isEqualTo("d3");
        assertThat(destinations.snapshots()).extracting(DestinationSupervisor.Snapshot::id).containsExactly("d1", "d2", "d3");
        assertThat(launched.keySet()).containsExactly("d1", "d2", "d3");
    }

    @Test
    void idsAssigned_skipTheIdsAStartNamesLater_andAreNeverUsedTwice() {
        destinations.reserve(java.util.Arrays.asList(null, "d1"));
        assertThat(destinations.add(null, out("k1"))).as("rtmpOutputUrl, while d1 is named next").isEqualTo("d2");
        assertThat(destinations.add("d1", out("k2"))).isEqualTo("d1");
        destinations.remove("d2");
        assertThat(destinations.add(null, out("k3"))).as("a removed id is not given again").isEqualTo("d3");
    }

    @Test
    void theLimit_aTakenId_andATakenUrl_areConflicts_andStartNothing() {
        destinations.add("youtube", out("k1"));
        assertThatThrownBy(() -> destinations.add("youtube", out("k2"))).isInstanceOf(DestinationConflictException.class)
                .hasMessage("The broadcast already has a destination 'youtube'");
        assertThatThrownBy(() -> destinations.add("twitch", out("k1"))).isInstanceOf(DestinationConflictException.class)
                .hasMessage("Destination 'youtube' already publishes to rtmp://127.0.0.1/app/****: one publish per stream key");
        destinations.add(null, out("k2"));
        destinations.add(null, out("k3"));
        assertThatThrownBy(() -> destinations.add(null, out("k4"))).isInstanceOf(DestinationConflictException.class)
                .hasMessageContaining("maximum of 3 destinations (VOICE_STREAMING_MAX_DESTINATIONS)");
        assertThat(launched).hasSize(3);
    }

    @Test
    void removing_endsThatPublishSessionOnly_butNeverTheLastDestination() {
        destinations.add(null, out("k1"));
        destinations.add(null, out("k2"));
        destinations.remove("d1");

        assertThat(publisher("d1").stopped).isTrue();
        assertThat(publisher("d2").stopped).isFalse();
        assertThat(told).contains("d1 REMOVED");
        assertThatThrownBy(() -> destinations.remove("d2")).isInstanceOf(DestinationConflictException.class)
                .hasMessage("'d2' is the broadcast's last destination: stop the stream instead");
        assertThatThrownBy(() -> destinations.remove("nope")).isInstanceOf(DestinationNotFoundException.class);
    }

    @Test
    void replacingTheFirst_keepsItsId_andLeavesTheOthersAlone() {
        destinations.add("main", out("k1"));
        destinations.add(null, out("k2"));
        FakePublisher other = publisher("d1");

        destinations.replaceFirst(out("k9"));

        assertThat(launched.get("main")).hasSize(2);
        assertThat(publisher("main").target.location()).endsWith("/k9");
        assertThat(launched.get("d1")).containsExactly(other);
        assertThatThrownBy(() -> destinations.replaceFirst(out("k2"))).isInstanceOf(DestinationConflictException.class);
    }

    @Test
    void whenEveryDestinationHasFailed_theBroadcastIsTold_onceTheLastFails() {
        destinations.add(null, out("k1"));
        destinations.add(null, out("k2"));
        publisher("d1").goesLive(scheduler.now(), 10);
        publisher("d2").exits(REJECTED);
        assertThat(allFailed).isEmpty();
        assertThatThrownBy(() -> destinations.remove("d1")).as("d2 failed: d1 is the last that can publish")
                .isInstanceOf(DestinationConflictException.class);

        publisher("d1").exits(""); // dropped: reconnects
        scheduler.advance(Duration.ofSeconds(2));
        publisher("d1").exits(REJECTED);

        assertThat(allFailed).singleElement().asString().startsWith("every destination failed; last: destination rejected the publish");
    }
}
