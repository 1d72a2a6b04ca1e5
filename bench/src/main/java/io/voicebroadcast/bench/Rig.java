package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What every scenario shares: nginx, our services (started once), the cameras, the settings. */
final class Rig implements AutoCloseable {

    /** The broadcast format of the CPU, density and timing scenarios: the service's defaults. */
    static final VideoFormat FORMAT = new VideoFormat(Media.WIDTH, Media.HEIGHT, Media.FPS);
    static final String BITRATE = "2500k";
    static final int TONE_HZ = 440;

    final NginxRtmpServer nginx;
    final Path jar;
    final Media media;
    final Path runDir;
    final boolean quick;
    private Ours main;
    private Ours fastLoss;
    private final Map<Colour, ManagedProcess> cameras = new EnumMap<>(Colour.class);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    Rig(NginxRtmpServer nginx, Path jar, Media media, Path runDir, boolean quick) {
        this.nginx = nginx;
        this.jar = jar;
        this.media = media;
        this.runDir = runDir;
        this.quick = quick;
    }

    int reps(int n) {
        return quick ? Math.min(n, 2) : n;
    }

    /** The service with default settings (loss threshold 1000 ms). */
    synchronized Ours main() {
        if (main == null) {
            main = Ours.start("voice-main", jar, media.fallbackImage().getParent(), 42000, 42099, Map.of());
            log("voice service (defaults) up, pid " + main.pid());
        }
        return main;
    }

    /** The service with the input-loss threshold at 300 ms. */
    synchronized Ours fastLoss() {
        if (fastLoss == null) {
            fastLoss = Ours.start("voice-loss-300", jar, media.fallbackImage().getParent(), 42100, 42199,
                    Map.of("VOICE_STREAMING_INPUT_LOSS_THRESHOLD_MS", "300"));
            log("voice service (loss threshold 300 ms) up, pid " + fastLoss.pid());
        }
        return fastLoss;
    }

    /** A camera that publishes the whole run: live/cam-red or live/cam-blue. */
    synchronized String camera(Colour colour) {
        String url = nginx.liveUrl("cam-" + colour.name().toLowerCase());
        if (!cameras.containsKey(colour)) {
            cameras.put(colour, Media.publish(media.camera(colour), url));
            awaitPlayable(url);
        }
        return url;
    }

    /** A camera of its own (to be killed): the red clip on live/NAME. */
    ManagedProcess ownCamera(String name) {
        ManagedProcess p = Media.publish(media.camera(Colour.RED), nginx.liveUrl(name));
        awaitPlayable(nginx.liveUrl(name));
        return p;
    }

    static void awaitPlayable(String url) {
        for (int i = 0; i < 20; i++) {
            try (ManagedProcess probe = ManagedProcess.start("probe", List.of("ffprobe", "-v", "error", "-rw_timeout", "3000000",
                    "-probesize", "500000", "-analyzeduration", "1000000", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url))) {
                if (probe.waitFor(Duration.ofSeconds(10)) == 0 && probe.tail().contains("h264")) {
                    return;
                }
            }
            Bench.sleep(250);
        }
        throw new IllegalStateException(url + " did not become playable");
    }

    static String key(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String out(String key) {
        return nginx.outputUrl(key);
    }

    /** The room's voice: a tone as Opus RTP, as the SFU sends a room's mix. */
    RtpTone tone(int port) {
        return RtpTone.start(port, TONE_HZ, RtpTone.Codec.OPUS);
    }

    static int freeUdpPort() {
        return NginxRtmpServer.freeUdpPort();
    }

    Baseline baseline(String key, int audioPort) {
        return baseline(key, audioPort, FORMAT, BITRATE);
    }

    Baseline baseline(String key, int audioPort, VideoFormat format, String bitrate) {
        Baseline b = new Baseline(runDir, key, out(key), audioPort, format, bitrate);
        synchronized (closeables) {
            closeables.add(b);
        }
        return b;
    }

    static void log(String message) {
        Bench.log(message);
    }

    @Override
    public void close() {
        synchronized (closeables) {
            closeables.forEach(Rig::closeQuietly);
        }
        cameras.values().forEach(ManagedProcess::close);
        if (main != null) {
            main.close();
        }
        if (fastLoss != null) {
            fastLoss.close();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            Bench.log("closing " + c + ": " + e);
        }
    }
}
