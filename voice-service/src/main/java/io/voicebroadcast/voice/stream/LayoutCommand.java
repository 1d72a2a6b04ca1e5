package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.pipeline.layout.LayoutKind;
import java.util.List;

/**
 * A layout as a start, an update or a layout switch asks for it: the layout (null: as it is, or
 * single at a start), the inset's corner (null: bottom right) and each slot's sources, slot 0 first.
 */
public record LayoutCommand(LayoutKind kind, Corner insetCorner, List<SlotCommand> slots) {

    public LayoutCommand {
        slots = slots == null ? List.of() : List.copyOf(slots);
    }

    public boolean isEmpty() {
        return kind == null && insetCorner == null && slots.isEmpty();
    }

    /** The layout asked for, or {@code current} when none is named (its corner changed if one is). */
    Layout layoutOr(Layout current) {
        LayoutKind k = kind == null ? current.kind() : kind;
        Corner c = insetCorner == null ? (kind == null ? current.insetCorner() : Corner.BOTTOM_RIGHT) : insetCorner;
        return new Layout(k, c);
    }
}
