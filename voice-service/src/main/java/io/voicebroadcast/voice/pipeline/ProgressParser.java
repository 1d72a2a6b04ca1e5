package io.voicebroadcast.voice.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns FFmpeg's {@code -progress} key=value lines into {@link EncoderProgress} blocks (a block
 * ends with {@code progress=continue} or {@code progress=end}); other lines are log lines.
 */
public final class ProgressParser {

    private final Map<String, String> block = new HashMap<>();
    private final Consumer<EncoderProgress> onBlock;

    public ProgressParser(Consumer<EncoderProgress> onBlock) {
        this.onBlock = onBlock;
    }

    /** @return true when the line was progress output (not to be logged) */
    public boolean accept(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0 || !line.substring(0, eq).matches("[a-z_0-9]+")) {
            return false;
        }
        String key = line.substring(0, eq);
        String value = line.substring(eq + 1).trim();
        if (key.equals("progress")) {
            onBlock.accept(toProgress());
            block.clear();
        } else {
            block.put(key, value);
        }
        return true;
    }

    private EncoderProgress toProgress() {
        return new EncoderProgress(
                longOf("frame"), doubleOf("fps", ""), doubleOf("speed", "x"), longOf("total_size"),
                longOf("drop_frames"), longOf("dup_frames"), doubleOf("bitrate", "kbits/s"), longOf("out_time_us"));
    }

    private long longOf(String key) {
        try {
            return Long.parseLong(block.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private double doubleOf(String key, String suffix) {
        String v = block.getOrDefault(key, "0").replace(suffix, "").trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
