package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.DestinationError;
import java.time.Instant;

/**
 * One destination in a broadcast's status; its URL and error masked.
 *
 * @param since         when it entered its state
 * @param bitrateKbps   what it sent over the last few seconds
 * @param reconnects    how often its publisher started again after the first start
 * @param skips         how often it fell too far behind and skipped to the next keyframe
 * @param lastErrorKind its last failure's class, or null
 * @param lastError     its last failure, or null; kept after it recovered
 */
public record DestinationStatus(String id, String maskedUrl, DestinationState.Name state, Instant since, long bytesSent,
                                double bitrateKbps, int reconnects, long skips, DestinationError lastErrorKind,
                                String lastError) {
}
