package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.DestinationError;

/** Counters a broadcast moves; gauges are read from the coordinator's statuses. No URL ever goes into a tag. */
public interface StreamMetrics {

    void sourceSwitched(StreamEvents.ChangeReason reason);

    void encoderRestarted(EncoderExit cause);

    /** A destination's publisher starts again after {@code cause}. */
    void destinationReconnected(DestinationError cause);

    StreamMetrics NONE = new StreamMetrics() {
        @Override
        public void sourceSwitched(StreamEvents.ChangeReason reason) {
        }

        @Override
        public void encoderRestarted(EncoderExit cause) {
        }

        @Override
        public void destinationReconnected(DestinationError cause) {
        }
    };
}
