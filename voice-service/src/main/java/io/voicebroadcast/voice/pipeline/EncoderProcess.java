package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.audio.AudioFormat;
import io.voicebroadcast.voice.pipeline.flv.FlvReader;
import io.voicebroadcast.voice.pipeline.flv.FlvTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FFmpeg encoder of a room's program. It reads raw video on stdin and the room audio over a
 * loopback TCP connection that it opens to us, and writes FLV (H.264 and AAC) to stdout, read here
 * tag by tag into the room's program: it never opens a network connection, so no destination can
 * make it fail or wait. Both writers start together
 * once that connection is accepted, and each tick of the {@link FrameClock} is owed to the
 * encoder exactly once: if FFmpeg is briefly slow, the video writer catches up by writing the
 * newest frame for each owed tick, so the encoder's timeline stays equal to wall time.
 * Past {@value #MAX_BACKLOG_SECONDS} s of backlog the encoder is stalled; ticks are dropped
 * and counted rather than buffered without bound.
 * <p>
 * Video goes through a triple buffer of three frames allocated once: the clock copies each
 * tick's frame into the spare one and swaps it with the newest, and the writer swaps the newest
 * into the one it writes. Nothing is allocated per frame, and the writer never writes a frame
 * that is being filled.
 */
public final class EncoderProcess implements RoomEncoder {

    /** Where the process is in its life. */
    public enum Phase {
        /** Launched; FFmpeg has not connected for the room's audio yet, so nothing is written. */
        STARTING,
        /** Both writers feed it. */
        FLOWING,
        /** {@link #stop()} was asked: the writers end and its exit is expected. */
        STOPPING,
        /** It ended by itself, or was killed. */
        EXITED
    }

    private static final Logger log = LoggerFactory.getLogger(EncoderProcess.class);
    private static final int MAX_BACKLOG_SECONDS = 2;
    /**
     * Encoding below this speed (1.0 = real time), measured over one progress interval, is slow:
     * just under real time, so that the jitter of a one-second window is not counted.
     */
    public static final double SLOW_SPEED = 0.97;

    private final String room;
    private final EncoderSettings settings;
    private final Consumer<FlvTag> program;
    private final UnaryOperator<String> masker;
    private final LongSupplier nanoTime;
    private final Semaphore owedFrames = new Semaphore(0);
    private final BlockingQueue<byte[]> audioChunks;
    private final BlockingQueue<byte[]> freeAudioChunks;
    private final AtomicLong droppedTicks = new AtomicLong();
    private final int maxOwedFrames;
    private final ProgressParser progressParser;
    private final Object frameSwap = new Object();
    private byte[] filling; // the clock's thread only
    private byte[] newest; // guarded by frameSwap
    /**
     * Whether {@code newest} holds a frame the writer has not taken yet (guarded by frameSwap). It
     * is part of the triple buffer, not of the process's life: when it is false the writer writes
     * the frame it has again, which keeps the encoder's timeline at wall time.
     */
    private boolean fresh;
    private byte[] writing; // the video writer only
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private volatile EncoderProgress progress = EncoderProgress.NONE;
    private volatile long lastOutputGrowthNanos;
    private volatile boolean hasOutput;
    private volatile long lastProgressNanos;
    private volatile double windowSpeed;
    private volatile double windowFps;
    private volatile long slowSinceNanos;
    private static final int ERROR_LINES = 20;
    private final java.util.ArrayDeque<String> errorLines = new java.util.ArrayDeque<>();
    private ChildProcess child;
    private ServerSocket audioServer;
    private Socket audioSocket;

    /** @param program where its FLV tags go, on its reader thread (a run of the room's program) */
    public EncoderProcess(String room, EncoderSettings settings, Consumer<FlvTag> program, UnaryOperator<String> masker,
                          LongSupplier nanoTime) {
        this.room = room;
        this.settings = settings;
        this.program = program;
        this.masker = masker;
        this.nanoTime = nanoTime;
        this.maxOwedFrames = settings.format().fps() * MAX_BACKLOG_SECONDS;
        this.audioChunks = new ArrayBlockingQueue<>(MAX_BACKLOG_SECONDS * 1000 / AudioFormat.CHUNK_MILLIS);
        this.freeAudioChunks = new ArrayBlockingQueue<>(MAX_BACKLOG_SECONDS * 1000 / AudioFormat.CHUNK_MILLIS + 1);
        this.progressParser = new ProgressParser(this::onProgress);
        int frameBytes = settings.format().frameBytes();
        this.filling = new byte[frameBytes];
        this.newest = new byte[frameBytes];
        this.writing = new byte[frameBytes];
    }

    /** Starts FFmpeg; {@code onExit} is told if it ends without {@link #stop()}. */
    @Override
    public synchronized void start(Runnable onExit) throws IOException {
        audioServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        audioServer.setSoTimeout((int) settings.startTimeout().toMillis());
        var argv = EncoderArgs.build(settings, audioServer.getLocalPort());
        log.info("room {} encoder starting: {}", room, masker.apply(String.join(" ", argv)));
        lastOutputGrowthNanos = nanoTime.getAsLong();
        child = ChildProcess.start("encoder-" + room, argv, masker, this::onStderr);
        child.onExit().thenRun(() -> {
            if (phase.getAndUpdate(p -> p == Phase.STOPPING ? p : Phase.EXITED) != Phase.STOPPING) {
                log.warn("room {} encoder exited with code {}: {}", room, child.exitValueOr(-1), lastError());
                onExit.run();
            }
        });
        Thread acceptor = new Thread(this::acceptAudioAndFlow, "encoder-accept-" + room);
        acceptor.setDaemon(true);
        acceptor.start();
        ChildProcess c = child;
        Thread reader = new Thread(() -> readProgram(c.stdout()), "encoder-flv-" + room);
        reader.setDaemon(true);
        reader.start();
    }

    /** The reader thread: every FLV tag the encoder writes, into the program, until its output ends. */
    private void readProgram(InputStream stdout) {
        FlvReader flv = new FlvReader(stdout);
        try {
            FlvTag tag;
            while ((tag = flv.next()) != null) {
                lastOutputGrowthNanos = nanoTime.getAsLong();
                hasOutput = true;
                program.accept(tag);
            }
        } catch (IOException e) {
            if (phase.get() == Phase.FLOWING) {
                log.error("room {} encoder output unreadable ({}); killing it", room, e.getMessage());
                child.kill();
            }
        } catch (RuntimeException e) {
            log.error("room {} encoder output could not be handed on; killing the encoder", room, e);
            child.kill();
        }
    }

    public Phase phase() {
        return phase.get();
    }

    private void acceptAudioAndFlow() {
        try {
            Socket s = audioServer.accept();
            s.setTcpNoDelay(true);
            synchronized (this) {
                audioSocket = s;
            }
            if (phase.compareAndSet(Phase.STARTING, Phase.FLOWING)) {
                startWriter("encoder-audio-" + room, () -> writeAudio(s.getOutputStream()));
                startWriter("encoder-video-" + room, () -> writeVideo(child.stdin()));
            }
        } catch (IOException e) {
            if (phase.get() != Phase.STOPPING) {
                log.warn("room {} encoder did not connect for audio within {} ms; stopping it", room, settings.startTimeout().toMillis());
                child.kill();
            }
        } finally {
            closeQuietly(audioServer);
        }
    }

    private interface Writer {
        void run() throws IOException, InterruptedException;
    }

    private void startWriter(String name, Writer body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException e) {
                // FFmpeg closed its input: it is ending, and onExit reports why.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void writeVideo(OutputStream out) throws IOException, InterruptedException {
        while (phase.get() == Phase.FLOWING) {
            if (owedFrames.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                synchronized (frameSwap) {
                    if (fresh) {
                        byte[] t = writing;
                        writing = newest;
                        newest = t;
                        fresh = false;
                    }
                }
                // In pipe-sized pieces, as StreamSource reads (the JDK copies each write through a native buffer of its size).
                for (int off = 0; off < writing.length; off += StreamSource.PIPE_CHUNK) {
                    out.write(writing, off, Math.min(StreamSource.PIPE_CHUNK, writing.length - off));
                }
                out.flush();
            }
        }
    }

    private void writeAudio(OutputStream out) throws IOException, InterruptedException {
        while (phase.get() == Phase.FLOWING) {
            byte[] chunk = audioChunks.poll(200, TimeUnit.MILLISECONDS);
            if (chunk != null) {
                out.write(chunk);
                freeAudioChunks.offer(chunk);
            }
        }
    }

    @Override
    public void video(byte[] frame) {
        if (phase.get() != Phase.FLOWING) {
            return;
        }
        System.arraycopy(frame, 0, filling, 0, filling.length);
        synchronized (frameSwap) {
            byte[] t = newest;
            newest = filling;
            filling = t;
            fresh = true;
        }
        if (owedFrames.availablePermits() < maxOwedFrames) {
            owedFrames.release();
        } else {
            droppedTicks.incrementAndGet();
        }
    }

    @Override
    public void audio(short[] chunk) {
        if (phase.get() != Phase.FLOWING) {
            return;
        }
        byte[] bytes = freeAudioChunks.poll();
        if (bytes == null || bytes.length != chunk.length * 2) {
            bytes = new byte[chunk.length * 2];
        }
        for (int i = 0; i < chunk.length; i++) {
            bytes[2 * i] = (byte) chunk[i];
            bytes[2 * i + 1] = (byte) (chunk[i] >> 8);
        }
        if (!audioChunks.offer(bytes)) {
            droppedTicks.incrementAndGet();
            freeAudioChunks.offer(bytes);
        }
    }

    private void onStderr(String line) {
        if (!progressParser.accept(line)) {
            log.warn("room {} encoder: {}", room, line);
            synchronized (errorLines) {
                if (errorLines.size() == ERROR_LINES) {
                    errorLines.removeFirst();
                }
                errorLines.addLast(line);
            }
        }
    }

    private void onProgress(EncoderProgress p) {
        long now = nanoTime.getAsLong();
        // FFmpeg's own speed and fps are averages since the start, so a slow start would weigh on
        // them for minutes; measure both over the last progress interval instead.
        if (lastProgressNanos != 0 && now > lastProgressNanos) {
            double wallSeconds = (now - lastProgressNanos) / 1e9;
            windowSpeed = (p.outTimeMicros() - progress.outTimeMicros()) / 1e6 / wallSeconds;
            windowFps = (p.frame() - progress.frame()) / wallSeconds;
            if (windowSpeed < SLOW_SPEED) {
                if (slowSinceNanos == 0) {
                    slowSinceNanos = now;
                }
            } else {
                slowSinceNanos = 0;
            }
        }
        lastProgressNanos = now;
        progress = p;
    }

    /** Encoding speed over the last progress interval (1.0 = real time), 0 before two reports. */
    @Override
    public double speed() {
        return windowSpeed;
    }

    @Override
    public double fps() {
        return windowFps;
    }

    @Override
    public long slowForNanos(long nowNanos) {
        long since = slowSinceNanos;
        return since == 0 ? 0 : nowNanos - since;
    }

    @Override
    public boolean hasOutput() {
        return hasOutput;
    }

    @Override
    public void kill() {
        ChildProcess c = child;
        if (c != null) {
            c.kill();
        }
    }

    @Override
    public long lastOutputGrowthNanos() {
        return lastOutputGrowthNanos;
    }

    @Override
    public boolean isFlowing() {
        return phase.get() == Phase.FLOWING && child.isAlive();
    }

    @Override
    public long droppedFrames() {
        return droppedTicks.get() + progress.dropFrames();
    }

    @Override
    public String lastError() {
        synchronized (errorLines) {
            return errorLines.isEmpty() ? "" : errorLines.peekLast();
        }
    }

    @Override
    public long pid() {
        return child == null ? -1 : child.pid();
    }

    /** Ends the stream cleanly: end of input makes FFmpeg flush and close the publish session. */
    @Override
    public void stop() {
        ChildProcess c;
        Socket s;
        synchronized (this) {
            phase.set(Phase.STOPPING);
            c = child;
            s = audioSocket;
        }
        closeQuietly(audioServer);
        if (s != null) {
            closeQuietly(s);
        }
        if (c != null) {
            c.stop(settings.stopTimeout());
            log.info("room {} encoder stopped (exit {})", room, c.exitValueOr(-1));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
