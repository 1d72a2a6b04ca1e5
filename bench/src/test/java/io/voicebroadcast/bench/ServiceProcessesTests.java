package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voicebroadcast.bench.ServiceProcesses.Kind;
import io.voicebroadcast.bench.ServiceProcesses.Snapshot;
import io.voicebroadcast.bench.ServiceProcesses.Usage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessesTests {

    static final String DECODER = "ffmpeg -hide_banner -nostdin -loglevel warning -protocol_whitelist rtmp,tcp -rw_timeout 5000000"
            + " -threads 1 -filter_threads 1 -i rtmp://127.0.0.1:1935/live/cam-red -map 0:v:0 -an -sn -dn -vf fps=30,format=yuv420p"
            + " -f rawvideo -pix_fmt yuv420p pipe:1";
    static final String ENCODER = "ffmpeg -hide_banner -nostdin -f s16le -i tcp://127.0.0.1:40001 -f rawvideo -pix_fmt yuv420p"
            + " -video_size 1280x720 -framerate 30 -thread_queue_size 8 -i pipe:0 -map 1:v:0 -map 0:a:0 -c:v libx264 -c:a aac"
            + " -flush_packets 1 -f flv -flvflags no_duration_filesize pipe:1";
    static final String PUBLISHER = "ffmpeg -hide_banner -nostdin -protocol_whitelist pipe -fpsprobesize 0 -analyzeduration 0"
            + " -f flv -i pipe:0 -map 0:v -map 0:a -c copy -protocol_whitelist tcp,rtmp -f flv -flvflags no_duration_filesize"
            + " rtmp://127.0.0.1:1935/out/key-1";

    @Test
    void theServicesFfmpegs_areToldApart_byTheirCommandLines() {
        assertThat(ServiceProcesses.kind(DECODER)).isEqualTo(Kind.DECODER);
        assertThat(ServiceProcesses.kind(ENCODER)).isEqualTo(Kind.ENCODER);
        assertThat(ServiceProcesses.kind(PUBLISHER)).isEqualTo(Kind.PUBLISHER);
        assertThat(ServiceProcesses.kind("ffprobe -v error -show_streams rtmp://127.0.0.1/live/x")).isEqualTo(Kind.OTHER);
    }

    @Test
    void usage_countsWhatEachProcessUsedInTheWindow_aNewOneAllOfIt_anEndedOneNothing() {
        Map<Long, Snapshot> before = Map.of(
                1L, new Snapshot(Kind.JVM, "java", 10.0),
                2L, new Snapshot(Kind.DECODER, DECODER, 4.0),
                3L, new Snapshot(Kind.ENCODER, ENCODER, 20.0),
                4L, new Snapshot(Kind.PUBLISHER, PUBLISHER, 1.0));
        Map<Long, Snapshot> after = Map.of(
                1L, new Snapshot(Kind.JVM, "java", 10.5),
                2L, new Snapshot(Kind.DECODER, DECODER, 5.0),
                3L, new Snapshot(Kind.ENCODER, ENCODER, 22.5),
                5L, new Snapshot(Kind.PUBLISHER, PUBLISHER, 0.1));

        Usage u = ServiceProcesses.usage(before, after, 10.0);

        assertThat(u.of(Kind.JVM)).isCloseTo(0.05, within(1e-9));
        assertThat(u.of(Kind.DECODER)).isCloseTo(0.10, within(1e-9));
        assertThat(u.of(Kind.ENCODER)).isCloseTo(0.25, within(1e-9));
        assertThat(u.of(Kind.PUBLISHER)).as("the new publisher; the ended one not at all").isCloseTo(0.01, within(1e-9));
        assertThat(u.count(Kind.PUBLISHER)).isEqualTo(1);
        assertThat(u.total()).isCloseTo(0.41, within(1e-9));
        assertThat(u.describe()).isEqualTo("JVM 0.050, decoder 0.100 (1), encoder 0.250 (1), publisher 0.010 (1)");
    }

    @Test
    void fourRoomsOnOneCamera_mayCostOneDecode_andFourTimesTheRestOfARoom() {
        Usage one = new Usage(Map.of(Kind.JVM, 0.02, Kind.DECODER, 0.08, Kind.ENCODER, 0.25, Kind.PUBLISHER, 0.01), Map.of());

        assertThat(SharedCamera.bound(one, 4)).isCloseTo(0.08 + 4 * 0.28, within(1e-9));
    }
}
