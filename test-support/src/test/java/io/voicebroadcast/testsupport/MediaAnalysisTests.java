package io.voicebroadcast.testsupport;

import static io.voicebroadcast.testsupport.MediaAnalysis.Colour.BLUE;
import static io.voicebroadcast.testsupport.MediaAnalysis.Colour.GREEN;
import static io.voicebroadcast.testsupport.MediaAnalysis.Colour.OTHER;
import static io.voicebroadcast.testsupport.MediaAnalysis.Colour.RED;
import static io.voicebroadcast.testsupport.MediaAnalysis.Colour.TEST_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voicebroadcast.testsupport.MediaAnalysis.ColourSample;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
import io.voicebroadcast.testsupport.MediaAnalysis.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaAnalysisTests {

    @TempDir
    Path dir;

    /** ffmpeg -v error -y ARGS... OUT, failing the test with ffmpeg's stderr. */
    private Path make(String name, String... args) {
        Path out = dir.resolve(name);
        List<String> argv = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        argv.addAll(List.of(args));
        argv.add(out.toString());
        MediaTools.run(argv);
        return out;
    }

    private Path redThenBlueFlv() {
        return make("red-blue.flv",
                "-f", "lavfi", "-i", "color=c=red:size=320x180:rate=25:duration=1",
                "-f", "lavfi", "-i", "color=c=blue:size=320x180:rate=25:duration=1",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2",
                // pan copies the mono tone to both channels at full level (FFmpeg's upmix would scale it by 1/sqrt 2)
                "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v];[2:a]pan=stereo|c0=c0|c1=c0[a]", "-map", "[v]", "-map", "[a]",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac");
    }

    @Test
    void streams_ofFlvWithH264AndAac_reportsCodecsSizeRateAudioAndDuration() {
        MediaInfo info = MediaAnalysis.streams(redThenBlueFlv());

        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.width()).isEqualTo(320);
        assertThat(info.height()).isEqualTo(180);
        assertThat(info.frameRate()).isCloseTo(25.0, within(0.01));
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.sampleRate()).isEqualTo(48_000);
        assertThat(info.channels()).isEqualTo(2);
        assertThat(info.durationSec()).isCloseTo(2.0, within(0.1));
    }

    @Test
    void flvLayout_ofCompleteFile_endsCleanly_andCountsVideoAndAudioTags() throws Exception {
        MediaAnalysis.FlvLayout layout = MediaAnalysis.flvLayout(redThenBlueFlv());

        assertThat(layout.endsCleanly()).isTrue();
        assertThat(layout.endOfSequence()).isTrue();
        assertThat(layout.videoTags()).isEqualTo(52); // 50 frames, the AVC sequence header and end of sequence
        assertThat(layout.audioTags()).isGreaterThan(90); // 2 s of 1024-sample AAC frames, plus the config
        assertThat(layout.lastTimestampMs()).isBetween(1900L, 2100L);
        assertThat(MediaAnalysis.decodeErrors(redThenBlueFlv())).isEmpty();
    }

    @Test
    void flvLayout_ofFileCutInsideATag_reportsTheTrailingBytes() throws Exception {
        byte[] whole = java.nio.file.Files.readAllBytes(redThenBlueFlv());
        Path cut = java.nio.file.Files.write(dir.resolve("cut.flv"), java.util.Arrays.copyOf(whole, whole.length - 100));

        MediaAnalysis.FlvLayout layout = MediaAnalysis.flvLayout(cut);

        assertThat(layout.endsCleanly()).isFalse();
        assertThat(layout.endOfSequence()).as("the trailer's end of sequence was cut off").isFalse();
        assertThat(layout.trailingBytes()).isPositive();
    }

    @Test
    void streams_ofImage_hasVideoButNoAudio() {
        Path png = make("card.png", "-f", "lavfi", "-i", "smptehdbars=size=1280x720", "-frames:v", "1");

        MediaInfo info = MediaAnalysis.streams(png);

        assertThat(info.hasVideo()).isTrue();
        assertThat(info.width()).isEqualTo(1280);
        assertThat(info.hasAudio()).isFalse();
    }

    @Test
    void colourTimeline_redThenBlue_namesRedForTheFirstSecondAndBlueForTheNext() {
        List<ColourSample> samples = MediaAnalysis.colourTimeline(redThenBlueFlv(), 10);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(samples);

        assertThat(samples).hasSize(20);
        assertThat(spans).as(MediaAnalysis.describe(spans)).extracting(ColourSpan::colour).containsExactly(RED, BLUE);
        assertThat(spans.get(1).fromSec()).isCloseTo(1.0, within(0.11));
        assertThat(samples.get(0).meanRgb()[0]).isGreaterThan(240);
    }

    @Test
    void colourTimeline_smpteBarsWithCaption_isTheTestCard_andAMovingPatternIsOther() {
        Path card = make("card.mp4", "-f", "lavfi", "-i", "smptehdbars=size=1280x720:rate=30:duration=1",
                "-vf", "drawbox=x=380:y=50:w=520:h=60:color=black@0.6:t=fill",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        Path pattern = make("pattern.mp4", "-f", "lavfi", "-i", "mandelbrot=size=320x180:rate=10", "-t", "1",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

        assertThat(MediaAnalysis.colourTimeline(card, 5)).allSatisfy(s -> assertThat(s.nearest()).as(s.toString()).isEqualTo(TEST_CARD));
        assertThat(MediaAnalysis.colourTimeline(pattern, 5)).allSatisfy(s -> assertThat(s.nearest()).as(s.toString()).isEqualTo(OTHER));
    }

    @Test
    void colour_ffmpegNames_readBackAsTheSameColour() {
        Path green = make("green.mp4", "-f", "lavfi", "-i", "color=c=" + GREEN.ffmpegName() + ":size=160x90:rate=10:duration=0.5",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

        assertThat(MediaAnalysis.colourTimeline(green, 10)).extracting(ColourSample::nearest).containsOnly(GREEN);
    }

    @Test
    void videoFrameTimes_fileWithOneSecondHole_showsTheGap() {
        // frames 0..0.96 s, then the same frame rate from 2.0 s: a 1 s hole in the timestamps.
        Path gap = make("gap.flv", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=2",
                "-vf", "setpts='if(gte(T,1),PTS+1/TB,PTS)'", "-fps_mode", "passthrough",
                "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0");
        Path steady = make("steady.flv", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=2",
                "-c:v", "libx264", "-preset", "ultrafast");

        List<Double> times = MediaAnalysis.videoFrameTimes(gap);

        assertThat(times).hasSize(50).isSorted();
        assertThat(MediaAnalysis.largestGap(times)).isCloseTo(1.04, within(0.005));
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(steady))).isCloseTo(0.04, within(0.005));
    }

    @Test
    void toneLevelDb_440HzSine_isPresentAtItsLevel_andAbsentAtOtherFrequencies() {
        // FFmpeg's sine has amplitude 1/8: -18.1 dBFS; AAC keeps it within a fraction of a dB.
        Path tone = redThenBlueFlv();

        assertThat(MediaAnalysis.toneLevelDb(tone, 440, 0.2, 1.8)).isCloseTo(-18.1, within(1.0));
        assertThat(MediaAnalysis.toneLevelDb(tone, 1000, 0.2, 1.8)).isLessThan(-60);
        assertThat(MediaAnalysis.rmsDb(tone, 0.2, 1.8)).isCloseTo(-21.1, within(1.0));
    }

    @Test
    void rmsDb_silence_isAtTheFloor_andHasNoTone() {
        Path silence = make("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t", "1");

        assertThat(MediaAnalysis.rmsDb(silence, 0, 1)).isEqualTo(MediaAnalysis.SILENCE_FLOOR_DB);
        assertThat(MediaAnalysis.toneLevelDb(silence, 440, 0, 1)).isEqualTo(MediaAnalysis.SILENCE_FLOOR_DB);
    }

    @Test
    void toneLevelDb_monoPcmuAt8kHz_isMeasuredAfterResamplingTo48kHz() {
        Path mulaw = make("tone.wav", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
                "-c:a", "pcm_mulaw", "-ar", "8000", "-ac", "1");

        assertThat(MediaAnalysis.toneLevelDb(mulaw, 440, 0.1, 0.9)).isCloseTo(-18.1, within(1.0));
    }
}
