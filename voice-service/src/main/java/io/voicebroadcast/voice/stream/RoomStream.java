package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.EncoderProcess;
import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.ImageLoader;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.SourceCascade;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.SourceUnavailableException;
import io.voicebroadcast.voice.pipeline.StillSource;
import io.voicebroadcast.voice.pipeline.StreamSource;
import io.voicebroadcast.voice.pipeline.VideoSource;
import io.voicebroadcast.voice.room.Room;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's broadcast: the cascade of sources, the frame clock, the room audio input and the
 * encoder. The encoder is the only thing that publishes and is restarted only when its
 * destination changes or it dies; sources come and go behind the clock.
 */
final class RoomStream implements FrameClock.Output {

    private static final Logger log = LoggerFactory.getLogger(RoomStream.class);

    private final Room room;
    private final BroadcastEnvironment env;
    private final String roomTag;
    private final AudioInput audio;
    private final SourceCascade cascade;
    private final FrameClock clock;
    private final AtomicInteger encoderRestarts = new AtomicInteger();
    private final io.voicebroadcast.voice.pipeline.Backoff encoderBackoff;
    private volatile UnaryOperator<String> masker;
    private volatile EncoderProcess encoder;
    private volatile OutputTarget output;
    private volatile String audioBitrate;
    private volatile Instant startedAt;
    private volatile String encoderProblem;
    private volatile boolean stopped;

    RoomStream(Room room, BroadcastEnvironment env, AudioInput audio, UnaryOperator<String> masker) {
        this.room = room;
        this.env = env;
        this.roomTag = room.id().toString();
        this.audio = audio;
        this.masker = masker;
        this.encoderBackoff = env.encoderBackoff().get();
        this.cascade = new SourceCascade(env.inputLossThreshold().toNanos(), StillSource.black(env.encoder().format()),
                retired -> env.scheduler().execute(retired::close));
        this.clock = new FrameClock(roomTag, env.encoder().format(), cascade, audio, this, env.nanoTime(), this::onAirChanged);
    }

    /** Puts the room on air with whatever is ready now; the camera cuts in on its first frame. */
    void start(OutputTarget output, String audioBitrate, MediaInput background, MediaInput fallbackStream, MediaInput image) {
        this.output = output;
        this.audioBitrate = audioBitrate;
        if (image != null) {
            setImage(image);
        } else {
            startDefaultVideo();
        }
        if (fallbackStream != null) {
            cascade.replace(streamSource(SourceKind.FALLBACK_STREAM, fallbackStream));
        }
        if (background != null) {
            cascade.replace(streamSource(SourceKind.PRIMARY_STREAM, background));
        }
        clock.start();
        startedAt = env.clock().instant();
        startEncoder(output);
        log.info("room {} streaming to {} (background {}, fallback stream {}, image {}, audio RTP port {})", roomTag,
                output.masked(), maskedOrNone(background), maskedOrNone(fallbackStream), maskedOrNone(image), audio.port());
    }

    void update(UnaryOperator<String> newMasker, UpdatePlan plan) {
        this.masker = newMasker;
        if (plan.background() != null) {
            plan.background().ifPresentOrElse(
                    in -> cascade.replaceWhenReady(streamSource(SourceKind.PRIMARY_STREAM, in)),
                    () -> cascade.clear(SourceKind.PRIMARY_STREAM));
            log.info("room {} background -> {}", roomTag, plan.background().map(MediaInput::masked).orElse("none"));
        }
        if (plan.fallbackStream() != null) {
            plan.fallbackStream().ifPresentOrElse(
                    in -> cascade.replace(streamSource(SourceKind.FALLBACK_STREAM, in)),
                    () -> cascade.clear(SourceKind.FALLBACK_STREAM));
            log.info("room {} fallback stream -> {}", roomTag, plan.fallbackStream().map(MediaInput::masked).orElse("none"));
        }
        if (plan.image() != null) {
            plan.image().ifPresentOrElse(this::setImage, () -> {
                cascade.clear(SourceKind.FALLBACK_IMAGE);
                startDefaultVideo();
            });
            log.info("room {} fallback image -> {}", roomTag, plan.image().map(MediaInput::masked).orElse("none"));
        }
        if (plan.output() != null && !plan.output().location().equals(output.location())) {
            switchOutput(plan.output());
        }
    }

    private void setImage(MediaInput image) {
        StillSource still = new StillSource(SourceKind.FALLBACK_IMAGE, image.masked());
        cascade.replaceWhenReady(still);
        env.scheduler().execute(() -> {
            try {
                still.set(ImageLoader.load(env.decoder().ffmpegPath(), image, env.encoder().format(), env.imageLoadTimeout(), masker));
                log.info("room {} fallback image {} loaded", roomTag, image.masked());
            } catch (SourceUnavailableException e) {
                still.fail(e.getMessage());
                log.warn("room {} fallback image skipped: {}", roomTag, e.getMessage());
                startDefaultVideo();
            }
        });
    }

    private synchronized void startDefaultVideo() {
        if (stopped || cascade.get(SourceKind.DEFAULT) != null) {
            return;
        }
        env.defaultVideo().ifPresentOrElse(
                in -> cascade.replace(streamSource(SourceKind.DEFAULT, in)),
                () -> log.info("room {} has no default background video (VOICE_DEFAULT_BACKGROUND_VIDEO missing); black is the last fallback", roomTag));
    }

    private StreamSource streamSource(SourceKind kind, MediaInput input) {
        return new StreamSource(roomTag, kind, input, env.decoder(), line -> masker.apply(line), env.scheduler(),
                env.sourceBackoff().get(), env.nanoTime()).start();
    }

    private void startEncoder(OutputTarget target) {
        if (stopped) {
            return;
        }
        EncoderProcess next = new EncoderProcess(roomTag, env.encoder().withAudioBitrate(audioBitrate), target,
                line -> masker.apply(line), env.nanoTime());
        try {
            next.start(this::onEncoderExit);
            encoder = next;
        } catch (IOException e) {
            encoderProblem = "cannot start the encoder: " + masker.apply(String.valueOf(e.getMessage()));
            log.error("room {} {}", roomTag, encoderProblem);
            encoder = next;
            onEncoderExit(next);
        }
    }

    private void switchOutput(OutputTarget target) {
        EncoderProcess old = encoder;
        this.output = target;
        startEncoder(target);
        log.info("room {} output switched to {}; sources stay warm", roomTag, target.masked());
        if (old != null) {
            env.scheduler().execute(old::stop);
        }
    }

    private void onEncoderExit(EncoderProcess exited) {
        if (stopped || exited != encoder) {
            return;
        }
        encoderProblem = "encoder exited: " + exited.lastError();
        if (!env.restartOnFailure()) {
            log.error("room {} {}; VOICE_STREAMING_RESTART_ON_FAILURE=false, so the output stays off", roomTag, encoderProblem);
            return;
        }
        Duration delay = encoderBackoff.next();
        encoderRestarts.incrementAndGet();
        log.warn("room {} {}; restarting the encoder in {} ms (sources stay warm)", roomTag, encoderProblem, delay.toMillis());
        env.scheduler().schedule(() -> {
            if (!stopped && encoder == exited) {
                startEncoder(output);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onAirChanged(VideoSource previous, VideoSource current) {
        if (previous == null) {
            log.info("room {} on air: {}", roomTag, describe(current));
        } else {
            log.info("room {} on air: {} (was {})", roomTag, describe(current), describe(previous));
        }
        if (current.kind() == SourceKind.PRIMARY_STREAM) {
            encoderBackoff.reset();
        }
    }

    @Override
    public void video(byte[] frame) {
        EncoderProcess e = encoder;
        if (e != null) {
            e.video(frame);
        }
    }

    @Override
    public void audio(short[] chunk) {
        EncoderProcess e = encoder;
        if (e != null) {
            e.audio(chunk);
        }
    }

    StreamStatus status() {
        VideoSource onAir = clock.onAir();
        EncoderProcess e = encoder;
        Instant started = startedAt;
        long now = env.nanoTime().getAsLong();
        StreamHealth health;
        String message = null;
        if (e == null || !e.isAlive()) {
            health = StreamHealth.UNHEALTHY;
            message = encoderProblem != null ? encoderProblem : "encoder starting";
        } else if (onAir == null || onAir.kind() != SourceKind.PRIMARY_STREAM) {
            health = StreamHealth.DEGRADED;
            VideoSource primary = cascade.get(SourceKind.PRIMARY_STREAM);
            String kind = onAir == null ? "black" : kindName(onAir.kind());
            message = primary == null ? "fallback on air (" + kind + "): no background stream configured"
                    : "fallback on air (" + kind + "): background stream not delivering"
                    + (primary.problem() != null ? " (" + primary.problem() + ")" : "");
        } else {
            health = StreamHealth.HEALTHY;
        }
        if (health != StreamHealth.UNHEALTHY && !audio.isReceiving(now, Duration.ofSeconds(10).toNanos())) {
            message = (message == null ? "" : message + "; ") + "no room audio received for 10 s";
        }
        return new StreamStatus(room.id(), true, output.masked(),
                onAir == null ? null : onAir.description(), onAir == null ? null : onAir.kind(),
                started, started == null ? null : Duration.between(started, env.clock().instant()).toSeconds(),
                health, message, audio.port(), env.videoCodec(), encoderRestarts.get());
    }

    /** The encoder's process id, for operations and tests. */
    long encoderPid() {
        EncoderProcess e = encoder;
        return e == null ? -1 : e.pid();
    }

    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        clock.close();
        EncoderProcess e = encoder;
        if (e != null) {
            e.stop();
        }
        cascade.all().forEach(VideoSource::close);
        audio.close();
        log.info("room {} stream stopped", roomTag);
    }

    Room room() {
        return room;
    }

    OutputTarget output() {
        return output;
    }

    private static String kindName(SourceKind kind) {
        return kind.name().toLowerCase();
    }

    private static String describe(VideoSource s) {
        return s.kind() == SourceKind.BLACK ? "black" : kindName(s.kind()) + " " + s.description();
    }

    private static String maskedOrNone(MediaInput in) {
        return in == null ? "none" : in.masked();
    }
}
