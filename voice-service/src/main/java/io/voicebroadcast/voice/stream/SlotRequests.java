package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import java.util.ArrayList;
import java.util.List;

/**
 * The slots a start or a layout switch asks for, validated: each URL checked under the egress
 * policy now, and each stream's probe (a network check) kept to run after every cheap check passed.
 */
final class SlotRequests {

    /** A check that reaches the network (ffprobe of a camera), run after every cheap check passed. */
    interface Probe {
        void run();
    }

    private final UrlValidation urls;

    SlotRequests(UrlValidation urls) {
        this.urls = urls;
    }

    /**
     * A start's slots: the layout request's, or the single slot of the request's own sources
     * ({@code layout} null or without slots). Streams that are set are added to {@code probes}.
     */
    List<SlotInputs> forStart(StartPlan plan, LayoutCommand layout, Layout chosen, List<Probe> probes) {
        if (layout != null && !layout.slots().isEmpty()) {
            checkSlotZeroOnce(plan.background() != null || plan.fallbackStream() != null || plan.image() != null, layout.slots());
            return resolve(chosen, layout.slots(), List.of(), probes);
        }
        return List.of(new SlotInputs(plan.background(), plan.fallbackStream(), plan.image()));
    }

    /** @throws InvalidStreamRequestException slot 0's sources are given both in {@code slots} and as the request's own */
    static void checkSlotZeroOnce(boolean ownSources, List<SlotCommand> slots) {
        if (ownSources && !slots.isEmpty()) {
            throw new InvalidStreamRequestException("slots: give slot 0's sources either in slots[0] or in the request's own "
                    + "backgroundVideoUrl, fallbackStreamUrl and fallbackImageUrl, not both");
        }
    }

    /**
     * Each slot of {@code layout} validated: what {@code given} asks of it (a slot or field not given
     * keeps {@code current}'s, "" clears). Streams that are set are added to {@code probes}.
     */
    List<SlotInputs> resolve(Layout layout, List<SlotCommand> given, List<SlotInputs> current, List<Probe> probes) {
        if (given.size() > layout.slotCount()) {
            throw new InvalidStreamRequestException("slots: the " + layout.kind().apiName() + " layout has " + layout.slotCount()
                    + (layout.slotCount() == 1 ? " slot" : " slots") + ", " + given.size() + " given");
        }
        List<SlotInputs> slots = new ArrayList<>();
        for (int i = 0; i < layout.slotCount(); i++) {
            SlotCommand c = i < given.size() && given.get(i) != null ? given.get(i) : SlotCommand.KEEP;
            SlotInputs now = i < current.size() ? current.get(i) : SlotInputs.NONE;
            String at = "slots[" + i + "].";
            Change<MediaInput> background = c.backgroundVideoUrl().map(u -> urls.background(at + "backgroundVideoUrl", u));
            Change<MediaInput> backup = c.fallbackStreamUrl().map(u -> urls.fallbackStream(at + "fallbackStreamUrl", u));
            Change<MediaInput> image = c.fallbackImageUrl().map(u -> urls.image(at + "fallbackImageUrl", u));
            if (background instanceof Change.Set<MediaInput> b) {
                probes.add(() -> urls.probeBackground(at + "backgroundVideoUrl", b.value()));
            }
            if (backup instanceof Change.Set<MediaInput> b) {
                probes.add(() -> urls.probeBackground(at + "fallbackStreamUrl", b.value()));
            }
            slots.add(new SlotInputs(background.applyTo(now.background()), backup.applyTo(now.fallbackStream()),
                    image.applyTo(now.image())));
        }
        return slots;
    }

    /** Every URL a layout request names (for the masker). */
    static List<String> urlsOf(LayoutCommand cmd) {
        if (cmd == null) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        for (SlotCommand c : cmd.slots()) {
            if (c != null) {
                all.add(c.backgroundVideoUrl().applyTo(null));
                all.add(c.fallbackStreamUrl().applyTo(null));
                all.add(c.fallbackImageUrl().applyTo(null));
            }
        }
        return StreamEntry.present(all);
    }
}
