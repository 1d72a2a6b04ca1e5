package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.layout.Rect;
import java.util.List;

/**
 * One slot of a broadcast's layout as its status shows it.
 *
 * @param rect               where it is in the picture
 * @param currentVideoSource what it shows now, masked (null before the first frame)
 * @param problem            why a higher source of its own cascade is not on air, or its image was skipped
 *                           (masked); null when neither, or before the first frame
 * @param sources            every rung of its cascade that has a source, highest first (black last)
 */
public record SlotStatus(int slot, Rect rect, String currentVideoSource, SourceKind videoSourceType, String problem,
                         List<SourceStatus> sources) {

    public SlotStatus {
        sources = List.copyOf(sources);
    }
}
