package io.voicebroadcast.voice.probe;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Small media made with FFmpeg for the probe tests, and a test camera publishing to nginx. */
final class TestMedia {

    static final String FFMPEG = "/usr/bin/ffmpeg";
    static final String FFPROBE = "/usr/bin/ffprobe";
    private static final Duration ENCODE_TIMEOUT = Duration.ofSeconds(30);

    private TestMedia() {
    }

    /** One second of 320x240 H.264 video with AAC audio. */
    static Path videoFile(Path dir, String name) {
        return encode(dir.resolve(name), List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine",
                "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"));
    }

    /** One second of AAC audio, no video. */
    static Path audioFile(Path dir, String name) {
        return encode(dir.resolve(name), List.of("-f", "lavfi", "-i", "sine", "-t", "1", "-c:a", "aac"));
    }

    private static Path encode(Path out, List<String> args) {
        List<String> argv = new java.util.ArrayList<>(List.of(FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
        argv.addAll(args);
        argv.add(out.toString());
        try (ManagedProcess p = ManagedProcess.start("encode " + out.getFileName(), argv)) {
            if (p.waitFor(ENCODE_TIMEOUT) != 0 || !Files.isRegularFile(out)) {
                throw new IllegalStateException("cannot make " + out + ": " + p.tail());
            }
        }
        return out;
    }

    /** A 720p30 camera with a 1 s keyframe interval, publishing live to nginx. */
    static ManagedProcess camera(NginxRtmpServer nginx, String name) {
        return ManagedProcess.start("camera " + name, List.of(FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
                "-re", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
                "-f", "flv", nginx.liveUrl(name)));
    }
}
