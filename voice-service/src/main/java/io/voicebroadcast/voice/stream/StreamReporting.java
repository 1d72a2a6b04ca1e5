package io.voicebroadcast.voice.stream;

/** Where a broadcast tells what happens: the room's client events and the node's metrics. */
public record StreamReporting(StreamEvents events, StreamMetrics metrics) {
}
