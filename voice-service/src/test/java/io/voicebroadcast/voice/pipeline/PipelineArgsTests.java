package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineArgsTests {

    private static final VideoFormat HD = new VideoFormat(1280, 720, 30);

    @Test
    void liveCamera_isReadWithReadTimeoutInMicroseconds_neverRtmpListenTimeout() {
        MediaInput cam = new MediaInput("rtmp://cam/live/secret", "rtmp://cam/live/****", true, "rtmp,tcp", Opener.LOCAL_FILE);
        List<String> argv = DecoderArgs.build("/usr/bin/ffmpeg", cam, cam.open(), HD, 5000);

        assertThat(argv).containsSequence("-protocol_whitelist", "rtmp,tcp")
                .containsSequence("-rw_timeout", "5000000")
                .containsSequence("-analyzeduration", "100000")
                // nobuffer drops the probed packets: the first keyframe would be lost
                .doesNotContain("-timeout", "-re", "-stream_loop", "nobuffer")
                // 720p30 is one thread's work, whatever the machine
                .containsSequence("-threads", "1", "-filter_threads", "1")
                .containsSequence("-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1");
        assertThat(argv.get(argv.indexOf("-i") + 1)).isEqualTo("rtmp://cam/live/secret");
    }

    @Test
    void videoFile_isLoopedAtItsOwnRate_withoutNetworkTimeout() {
        MediaInput file = MediaInput.localFile("/opt/bg/default.mp4", false);
        List<String> argv = DecoderArgs.build("ffmpeg", file, file.open(), HD, 5000);

        assertThat(argv).containsSequence("-re", "-stream_loop", "-1").doesNotContain("-rw_timeout");
        assertThat(argv.get(argv.indexOf("-vf") + 1)).as("a looped file's timeline is its own").isEqualTo(DecoderArgs.normaliseFilter(HD));
    }

    @Test
    void liveCamera_timelineIsMadeContinuous_beforeTheFpsFilter_soThatAReconnectedPublisherIsNotDropped() {
        MediaInput cam = new MediaInput("rtmp://cam/live/secret", "rtmp://cam/live/****", true, "rtmp,tcp", Opener.LOCAL_FILE);
        List<String> argv = DecoderArgs.build("ffmpeg", cam, cam.open(), HD, 5000);

        assertThat(argv.get(argv.indexOf("-vf") + 1)).isEqualTo(
                "setpts='if(isnan(PREV_OUTPTS),PTS,PREV_OUTPTS+if(between(PTS-PREV_INPTS,0,1/TB),PTS-PREV_INPTS,1/(30*TB)))',"
                        + DecoderArgs.normaliseFilter(HD));
    }

    @Test
    void decoder_opensWhatTheOpenerDecided_withItsOptionsJustBeforeTheInput() {
        Opener pinned = location -> new Opening(List.of("-rtmp_tcurl", "rtmp://cam:1935/live"), "rtmp://10.0.0.5/live/secret");
        MediaInput cam = new MediaInput("rtmp://cam/live/secret", "rtmp://cam/live/****", true, "rtmp,tcp", pinned);

        List<String> argv = DecoderArgs.build("ffmpeg", cam, cam.open(), HD, 5000);

        assertThat(argv).containsSequence("-rtmp_tcurl", "rtmp://cam:1935/live", "-i", "rtmp://10.0.0.5/live/secret")
                .doesNotContain("rtmp://cam/live/secret");
    }

    @Test
    void imageLoader_opensWhatTheOpenerDecided() {
        Opener pinned = location -> new Opening(List.of("-headers", "Host: cdn\r\n", "-max_redirects", "0"), "http://10.0.0.7/a.png");
        MediaInput image = new MediaInput("http://cdn/a.png", "http://cdn/a.png", false, "http,tcp", pinned);

        List<String> argv = ImageLoader.args("ffmpeg", image, image.open(), HD, 5000);

        assertThat(argv).containsSequence("-max_redirects", "0", "-i", "http://10.0.0.7/a.png").doesNotContain("http://cdn/a.png");
    }

    @Test
    void anOpenerThatRefuses_isRefusedBeforeAnyArgvIsBuilt() {
        MediaInput cam = new MediaInput("rtmp://cam/live/secret", "rtmp://cam/live/****", true, "rtmp,tcp", location -> {
            throw new EgressException.NotAllowed("host cam resolves to 169.254.169.254, which is a link-local address, always refused");
        });

        org.assertj.core.api.Assertions.assertThatThrownBy(cam::open).isInstanceOf(EgressException.NotAllowed.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void decoderNormalises_toTheRoomFormat() {
        assertThat(DecoderArgs.normaliseFilter(HD))
                .isEqualTo("scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=30,format=yuv420p");
    }

    @Test
    void encoder_readsAudioFirstThenRawVideo_andWritesFlvToStdout_neverTheNetwork() {
        EncoderSettings s = new EncoderSettings("ffmpeg", HD, List.of("-c:v", "libx264"), "128k", Duration.ofSeconds(3), Duration.ofSeconds(10));
        List<String> argv = EncoderArgs.build(s, 40123);

        assertThat(argv).containsSequence("-f", "s16le", "-ar", "48000", "-ch_layout", "stereo")
                .containsSequence("-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", "1280x720", "-framerate", "30")
                .containsSequence("-map", "1:v:0", "-map", "0:a:0")
                .containsSequence("-c:a", "aac", "-b:a", "128k");
        assertThat(argv.indexOf("tcp://127.0.0.1:40123")).isLessThan(argv.indexOf("pipe:0"));
        // raw inputs are not probed: each -i is preceded by the smallest probe
        assertThat(String.join(" ", argv)).contains("-probesize 32 -analyzeduration 100000 -f s16le")
                .contains("-probesize 32 -analyzeduration 100000 -f rawvideo");
        assertThat(argv.subList(argv.size() - 9, argv.size() - 1))
                .containsExactly("-protocol_whitelist", "pipe", "-flush_packets", "1", "-f", "flv", "-flvflags", "no_duration_filesize")
                .doesNotContain("rtmp,tcp");
        assertThat(argv.get(argv.size() - 1)).isEqualTo("pipe:1");
    }

    @Test
    void publisher_copiesTheProgramFromStdin_toItsDestination_withTheCheckedAddress() {
        OutputTarget out = new OutputTarget("rtmp://h/app/key", "rtmp://h/app/****", "rtmp,tcp", "flv",
                location -> new Opening(List.of("-rtmp_tcurl", "rtmp://h:1935/app"), "rtmp://10.1.2.3/app/key"));
        List<String> argv = PublisherArgs.build("ffmpeg", out, out.open());

        // the program's FLV carries its own headers: no probing for a frame rate the metadata gives
        assertThat(String.join(" ", argv)).contains("-protocol_whitelist pipe -fpsprobesize 0 -analyzeduration 0 -f flv -i pipe:0")
                .contains("-map 0:v -map 0:a -c copy").doesNotContain("-tls_verify");
        assertThat(argv.subList(argv.size() - 9, argv.size())).containsExactly("-protocol_whitelist", "rtmp,tcp",
                "-rtmp_tcurl", "rtmp://h:1935/app", "-f", "flv", "-flvflags", "no_duration_filesize", "rtmp://10.1.2.3/app/key");
    }

    @Test
    void publisher_toRtmps_verifiesTheCertificate_andToSrt_writesMpegTs() {
        OutputTarget rtmps = new OutputTarget("rtmps://h/app/key", "rtmps://h/app/****", "rtmps,tls,tcp", "flv",
                location -> new Opening(List.of(), location));
        assertThat(PublisherArgs.build("ffmpeg", rtmps, rtmps.open())).containsSequence("-tls_verify", "1");

        OutputTarget srt = new OutputTarget("srt://h:9000?streamid=s3cret", "srt://h:9000?****", "srt", "mpegts",
                location -> new Opening(List.of(), "srt://10.1.2.3:9000?streamid=s3cret"));
        List<String> argv = PublisherArgs.build("ffmpeg", srt, srt.open());
        assertThat(argv.subList(argv.size() - 5, argv.size()))
                .containsExactly("-protocol_whitelist", "srt", "-f", "mpegts", "srt://10.1.2.3:9000?streamid=s3cret");
    }

    @Test
    void progressBlocks_areParsed_andOtherLinesAreLeftForTheLog() {
        List<EncoderProgress> blocks = new ArrayList<>();
        ProgressParser parser = new ProgressParser(blocks::add);
        for (String line : List.of("frame=90", "fps=30.00", "bitrate=2496.3kbits/s", "total_size=1048576",
                "out_time_us=3000000", "dup_frames=1", "drop_frames=2", "speed=1.01x", "progress=continue")) {
            assertThat(parser.accept(line)).isTrue();
        }
        assertThat(parser.accept("[flv @ 0x55d] Failed to update header with correct duration.")).isFalse();
        assertThat(parser.accept("speed=   1x")).isTrue();

        assertThat(blocks).singleElement().satisfies(p -> {
            assertThat(p.frame()).isEqualTo(90);
            assertThat(p.fps()).isEqualTo(30.0);
            assertThat(p.speed()).isEqualTo(1.01);
            assertThat(p.totalSize()).isEqualTo(1048576);
            assertThat(p.dropFrames()).isEqualTo(2);
            assertThat(p.dupFrames()).isEqualTo(1);
            assertThat(p.bitrateKbps()).isEqualTo(2496.3);
        });
    }

    @Test
    void black_isLimitedRangeYuv() {
        byte[] black = StillSource.blackFrame(new VideoFormat(16, 16, 30));
        assertThat(black).hasSize(16 * 16 * 3 / 2);
        assertThat(black[0]).isEqualTo((byte) 16);
        assertThat(black[black.length - 1]).isEqualTo((byte) 128);
    }
}
