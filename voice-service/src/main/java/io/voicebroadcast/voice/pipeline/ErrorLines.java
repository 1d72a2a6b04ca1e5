package io.voicebroadcast.voice.pipeline;

import java.util.ArrayDeque;

/**
 * The last log lines an FFmpeg printed that are not its progress report (already masked): what
 * says why it ended, for classifying its exit and for its status. Thread-safe; bounded.
 */
final class ErrorLines {

    private static final int KEPT = 20;

    private final ArrayDeque<String> lines = new ArrayDeque<>(KEPT);

    synchronized void add(String maskedLine) {
        if (lines.size() == KEPT) {
            lines.removeFirst();
        }
        lines.addLast(maskedLine);
    }

    /** Every line kept, oldest first, one a line. */
    synchronized String tail() {
        return String.join("\n", lines);
    }

    /** The last line, or empty. */
    synchronized String last() {
        return lines.isEmpty() ? "" : lines.peekLast();
    }
}
