package io.voicebroadcast.voice.pipeline.flv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one publisher is written: an FLV of its own from a keyframe, and skips when it falls behind. */
class DestinationFeedTests {

    private final Program program = new Program("test", 33, System::nanoTime);
    private final Program.Run run = program.newRun();

    private List<String> written(DestinationFeed feed) throws IOException, InterruptedException {
        return written(feed, false);
    }

    /** What the feed writes now, as tags; {@code continued}: it wrote its file header before. */
    private List<String> written(DestinationFeed feed, boolean continued) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (continued) {
            out.write(FlvReader.FILE_HEADER);
        }
        while (feed.writeNext(out, Duration.ZERO)) {
            // all that is queued
        }
        FlvReader reader = new FlvReader(new ByteArrayInputStream(out.toByteArray()));
        List<String> tags = new ArrayList<>();
        FlvTag t;
        while ((t = reader.next()) != null) {
            tags.add((t.isScript() ? "meta " : t.isSequenceHeader() ? "config " : t.isKeyframe() ? "key " : t.isVideo() ? "frame " : "audio ")
                    + t.timestamp());
        }
        return tags;
    }

    private void startEncoder() {
        Tags.headers().forEach(run);
        run.accept(Tags.keyframe(0));
        run.accept(Tags.frame(33));
        run.accept(Tags.audio(40));
    }

    @Test
    void aPublisherThatStartsLate_getsTheHeaders_thenTheStream_fromTheNextKeyframe() throws Exception {
        startEncoder();
        DestinationFeed feed = new DestinationFeed(program, Duration.ofSeconds(4), 1 << 20, System::nanoTime);
        program.attach(feed);
        run.accept(Tags.frame(66));
        run.accept(Tags.audio(70));
        run.accept(Tags.keyframe(2000));
        run.accept(Tags.audio(2010));

        assertThat(written(feed)).containsExactly("meta 0", "config 2000", "config 2000", "key 2000", "audio 2010");
        assertThat(feed.skips()).isZero();
    }

    @Test
    void theHeadersAreWrittenOnce_andTheFileHeaderFirst() throws Exception {
        DestinationFeed feed = new DestinationFeed(program, Duration.ofSeconds(4), 1 << 20, System::nanoTime);
        program.attach(feed);
        startEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (feed.writeNext(out, Duration.ZERO)) {
            // all
        }
        byte[] bytes = out.toByteArray();
        assertThat(java.util.Arrays.copyOf(bytes, 13)).isEqualTo(FlvReader.FILE_HEADER);
        run.accept(Tags.keyframe(2000));
        assertThat(written(feed, true)).as("what follows: the stream only").containsExactly("key 2000");
    }

    @Test
    void aDestinationFallingTooFarBehind_skipsToTheNextKeyframe_andCountsIt() throws Exception {
        DestinationFeed feed = new DestinationFeed(program, Duration.ofMillis(500), 1 << 20, System::nanoTime);
        program.attach(feed);
        startEncoder();
        // nobody writes: the destination takes nothing while the program goes on
        for (int ts = 66; ts < 1000; ts += 33) {
            run.accept(Tags.frame(ts));
        }
        assertThat(feed.skips()).isEqualTo(1);
        run.accept(Tags.frame(1023));
        run.accept(Tags.keyframe(1056));
        run.accept(Tags.audio(1060));

        assertThat(written(feed)).containsExactly("meta 0", "config 1056", "config 1056", "key 1056", "audio 1060");
    }

    @Test
    void aClosedFeed_writesWhatWasQueued_thenEnds() throws Exception {
        DestinationFeed feed = new DestinationFeed(program, Duration.ofSeconds(4), 1 << 20, System::nanoTime);
        program.attach(feed);
        startEncoder();
        feed.close();
        run.accept(Tags.frame(66));

        assertThat(written(feed)).containsExactly("meta 0", "config 0", "config 0", "key 0", "frame 33", "audio 40");
    }
}
