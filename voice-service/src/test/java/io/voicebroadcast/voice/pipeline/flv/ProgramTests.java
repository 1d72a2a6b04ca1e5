package io.voicebroadcast.voice.pipeline.flv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The room's program across encoder runs: what is handed on, and the timeline it is handed on with. */
class ProgramTests {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final Program program = new Program("test", 33, nanos::get);
    private final List<String> out = new ArrayList<>();

    {
        program.attach(tag -> out.add((tag.isSequenceHeader() ? "config " : tag.isKeyframe() ? "key " : tag.isVideo() ? "frame " : "audio ")
                + tag.timestamp()));
    }

    private void encoderStartsAndWrites(Program.Run run, int from, int to) {
        Tags.headers().forEach(run);
        for (int ts = from; ts <= to; ts += 33) {
            run.accept(ts % 990 == from % 990 ? Tags.keyframe(ts) : Tags.frame(ts));
        }
    }

    @Test
    void theFirstRun_goesOnAsTheEncoderWroteIt_fromItsFirstKeyframe() {
        Program.Run run = program.newRun();
        Tags.headers().forEach(run);
        run.accept(Tags.audio(0));
        run.accept(Tags.keyframe(21));
        run.accept(Tags.audio(23));
        run.accept(Tags.frame(54));

        assertThat(out).containsExactly("config 21", "config 21", "key 21", "audio 23", "frame 54");
        assertThat(run.droppedBeforeKeyframe()).isEqualTo(1);
        Program.Headers h = program.headers();
        assertThat(h.metadata()).isNotNull();
        assertThat(h.video().sameData(Tags.videoConfig(0, 1))).isTrue();
        assertThat(h.audio().sameData(Tags.audioConfig(0))).isTrue();
    }

    @Test
    void aRestartedEncoder_followsTheLastTag_byTheWallTimeBetween_withoutItsUnchangedHeaders() {
        encoderStartsAndWrites(program.newRun(), 0, 990);
        out.clear();
        nanos.addAndGet(1_400_000_000L); // the encoder died, and its successor wrote its first frame 1.4 s later

        Program.Run second = program.newRun();
        Tags.headers().forEach(second);
        second.accept(Tags.audio(0));
        second.accept(Tags.keyframe(21));
        second.accept(Tags.frame(54));

        assertThat(out).containsExactly("key 2390", "frame 2423");
        assertThat(program.lastTimestamp()).isEqualTo(2423);
    }

    @Test
    void aRestartWithinAFrame_stillStepsForward_byOneFrame() {
        encoderStartsAndWrites(program.newRun(), 0, 99);
        out.clear();
        Program.Run second = program.newRun();
        second.accept(Tags.keyframe(0));
        assertThat(out).containsExactly("key 132");
    }

    @Test
    void changedHeaders_areHandedOnBeforeTheRestartedEncodersFirstKeyframe() {
        encoderStartsAndWrites(program.newRun(), 0, 99);
        out.clear();
        nanos.addAndGet(1_000_000_000L);

        Program.Run second = program.newRun();
        second.accept(Tags.videoConfig(0, 2));
        second.accept(Tags.audioConfig(0));
        second.accept(Tags.keyframe(0));

        assertThat(out).containsExactly("config 1099", "key 1099");
        assertThat(program.headers().video().sameData(Tags.videoConfig(0, 2))).isTrue();
    }

    @Test
    void anOldRunStillFlushing_isNotHandedOn() {
        Program.Run first = program.newRun();
        encoderStartsAndWrites(first, 0, 99);
        program.newRun();
        out.clear();

        first.accept(Tags.frame(132));
        assertThat(out).isEmpty();
    }

    @Test
    void aFeedDetached_getsNothingMore() {
        List<FlvTag> second = new ArrayList<>();
        Program.Feed feed = second::add;
        program.attach(feed);
        Program.Run run = program.newRun();
        run.accept(Tags.keyframe(0));
        program.detach(feed);
        run.accept(Tags.frame(33));

        assertThat(second).hasSize(1);
        assertThat(out).hasSize(2);
    }
}
