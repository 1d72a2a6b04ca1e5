package io.voicebroadcast.voice.pipeline.flv;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's encoded program: the FLV its encoder writes, run after run, made into one timeline
 * that every destination's {@link Feed} is handed, tag by tag. The encoder encodes once; nothing
 * here copies a frame.
 * <p>
 * An encoder that is restarted starts its own timeline again at zero, and the publishers must not
 * notice: its tags are dropped until its first keyframe, and from there its timestamps are moved
 * to follow the last tag handed on by the wall time that passed in between (the viewers' player
 * holds the last picture for that time). Its sequence headers are handed on before that keyframe
 * only if they differ from those on air; an encoder restarted with the same settings writes the
 * same ones.
 * <p>
 * It remembers what a publisher that starts later needs before any frame ({@link #headers()}):
 * {@code onMetaData} and the AVC and AAC sequence headers.
 */
public final class Program {

    /** Where the program goes; {@link #offer} is called on the encoder's reader thread and must never block. */
    public interface Feed {
        void offer(FlvTag tag);
    }

    /** What a publisher needs before its first frame; any of them may be null before the encoder wrote it. */
    public record Headers(FlvTag metadata, FlvTag video, FlvTag audio) {

        /**
         * The headers to write before a keyframe at {@code timestampMs}: the sequence headers at its
         * time, {@code onMetaData} at 0. FFmpeg's FLV reader takes {@code onMetaData} as the stream's
         * header only at time 0; at any other time it makes it a packet of a text stream, which a
         * publisher copying every stream would wait for (up to its 10 s interleaving limit) before
         * writing anything.
         */
        public List<FlvTag> at(int timestampMs) {
            List<FlvTag> out = new java.util.ArrayList<>(3);
            if (metadata != null) {
                out.add(metadata.at(0));
            }
            for (FlvTag config : new FlvTag[] {video, audio}) {
                if (config != null) {
                    out.add(config.at(timestampMs));
                }
            }
            return out;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Program.class);

    private final String name;
    private final int frameMs;
    private final LongSupplier nanoTime;
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();
    // guarded by this
    private Run current;
    private int runs;
    private FlvTag metadata;
    private FlvTag videoConfig;
    private FlvTag audioConfig;
    private long lastTimestamp = -1;
    private long lastTagNanos;
    private long tagsOut;

    /** @param frameMs a video frame's duration: the least step between the last tag of a run and the next run's first */
    public Program(String name, int frameMs, LongSupplier nanoTime) {
        this.name = name;
        this.frameMs = Math.max(1, frameMs);
        this.nanoTime = nanoTime;
    }

    /** The input of the next encoder run; an older run's tags (an encoder still flushing) are dropped from now on. */
    public synchronized Run newRun() {
        current = new Run(++runs);
        return current;
    }

    public void attach(Feed feed) {
        feeds.add(feed);
    }

    public void detach(Feed feed) {
        feeds.remove(feed);
    }

    public synchronized Headers headers() {
        return new Headers(metadata, videoConfig, audioConfig);
    }

    /** Media tags handed on so far. */
    public synchronized long tagsOut() {
        return tagsOut;
    }

    /** The timestamp of the last media tag handed on, in ms on the program's timeline; -1 before the first. */
    public synchronized long lastTimestamp() {
        return lastTimestamp;
    }

    /** One encoder's output, from its file header to its end. */
    public final class Run implements Consumer<FlvTag> {

        private final int number;
        private boolean started;
        private long offset;
        private FlvTag pendingVideo;
        private FlvTag pendingAudio;
        private long dropped;

        private Run(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }

        /** Tags dropped before this run's first keyframe. */
        public long droppedBeforeKeyframe() {
            synchronized (Program.this) {
                return dropped;
            }
        }

        @Override
        public void accept(FlvTag tag) {
            synchronized (Program.this) {
                if (this != current) {
                    return;
                }
                if (tag.isScript()) {
                    metadata = tag;
                    return;
                }
                if (!started) {
                    startWith(tag);
                    return;
                }
                if (tag.isSequenceHeader()) {
                    handOnIfNew(tag, timestampOf(tag));
                    return;
                }
                handOn(tag);
            }
        }

        private void startWith(FlvTag tag) {
            if (tag.isSequenceHeader()) {
                if (tag.isVideo()) {
                    pendingVideo = tag;
                } else {
                    pendingAudio = tag;
                }
                return;
            }
            if (!tag.isKeyframe()) {
                dropped++;
                return;
            }
            started = true;
            if (lastTimestamp < 0) {
                offset = 0;
                log.info("{}: encoder run {} on air from its first keyframe at {} ms", name, number, tag.timestamp());
            } else {
                long gapMs = (nanoTime.getAsLong() - lastTagNanos) / 1_000_000;
                offset = lastTimestamp + Math.max(frameMs, gapMs) - tag.timestamp();
                log.info("{}: encoder run {} spliced in {} ms after the last tag, from its first keyframe ({} tags before it dropped)",
                        name, number, gapMs, dropped);
            }
            int at = timestampOf(tag);
            if (pendingVideo != null) {
                handOnIfNew(pendingVideo, at);
            }
            if (pendingAudio != null) {
                handOnIfNew(pendingAudio, at);
            }
            handOn(tag);
        }

        private int timestampOf(FlvTag tag) {
            return (int) Math.max(0, tag.timestamp() + offset);
        }

        private void handOnIfNew(FlvTag header, int at) {
            FlvTag onAir = header.isVideo() ? videoConfig : audioConfig;
            if (header.sameData(onAir)) {
                return;
            }
            header.setTimestamp(at);
            if (header.isVideo()) {
                videoConfig = header;
            } else {
                audioConfig = header;
            }
            for (Feed f : feeds) {
                f.offer(header);
            }
        }

        private void handOn(FlvTag tag) {
            int at = timestampOf(tag);
            tag.setTimestamp(at);
            lastTimestamp = Math.max(lastTimestamp, at);
            lastTagNanos = nanoTime.getAsLong();
            tagsOut++;
            for (Feed f : feeds) {
                f.offer(tag);
            }
        }
    }
}
