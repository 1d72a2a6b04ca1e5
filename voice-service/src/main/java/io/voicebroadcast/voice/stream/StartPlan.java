package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.room.RoomTier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A start request validated by form and address: its destinations (each with the request field
 * it came from) and its sources, ready to be probed and put on air. Nothing here starts a process.
 */
record StartPlan(List<RoomStream.Destination> outputs, List<String> outputFields, MediaInput background,
                 MediaInput fallbackStream, MediaInput image) {

    /**
     * @throws InvalidStreamRequestException no destination, more than {@code maxDestinations}, an id
     *                                       or a URL given twice, or a URL that is not valid
     */
    static StartPlan of(StartCommand cmd, UrlValidation urls, int maxDestinations) {
        List<StartCommand.Field> fields = cmd.outputs();
        if (fields.isEmpty()) {
            throw new InvalidStreamRequestException("A broadcast needs a destination: give rtmpOutputUrl or destinations");
        }
        if (fields.size() > maxDestinations) {
            throw new InvalidStreamRequestException("At most " + maxDestinations
                    + " destinations per broadcast (VOICE_STREAMING_MAX_DESTINATIONS); got " + fields.size());
        }
        List<RoomStream.Destination> outputs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> locations = new HashSet<>();
        for (StartCommand.Field f : fields) {
            String id = f.destination().id();
            checkDestinationId(id);
            if (id != null && !ids.add(id)) {
                throw new InvalidStreamRequestException("destinations: the id '" + id + "' is given twice");
            }
            OutputTarget target = urls.output(f.name(), f.destination().url());
            if (!locations.add(target.location())) {
                throw new InvalidStreamRequestException(f.name() + ": " + target.masked() + " is given twice: one publish per stream key");
            }
            outputs.add(new RoomStream.Destination(id, target));
        }
        return new StartPlan(List.copyOf(outputs), fields.stream().map(StartCommand.Field::name).toList(),
                blank(cmd.backgroundVideoUrl()) ? null : urls.background("backgroundVideoUrl", cmd.backgroundVideoUrl()),
                blank(cmd.fallbackStreamUrl()) ? null : urls.fallbackStream("fallbackStreamUrl", cmd.fallbackStreamUrl()),
                blank(cmd.fallbackImageUrl()) ? null : urls.image("fallbackImageUrl", cmd.fallbackImageUrl()));
    }

    /** @throws InvalidStreamRequestException the room cannot broadcast, or the request asks for an audio codec RTMP cannot carry */
    static void checkStartable(Room room, StartCommand cmd) {
        if (room.tier() != RoomTier.SCALED) {
            throw new InvalidStreamRequestException("Room " + room.id() + " is P2P: only scaled rooms have a central audio mix to stream");
        }
        if (cmd.audioCodec() != null && !cmd.audioCodec().equalsIgnoreCase("aac")) {
            throw new InvalidStreamRequestException("audioCodec: only aac can go to RTMP (FLV)");
        }
    }

    /** The schema's pattern for a destination id, checked here too (ids go into logs and metric tags). */
    static void checkDestinationId(String id) {
        if (id != null && !id.matches("[A-Za-z0-9._~-]{1,64}")) {
            throw new InvalidStreamRequestException("destinationId: 1 to 64 of A-Z a-z 0-9 . _ ~ -");
        }
    }

    /**
     * Every destination and every stream source is checked before anything goes on air (a server
     * that accepts and never answers fails within the probe timeout), all at once, so a start
     * waits for the slowest of them, not for each in turn; the first failure in field order is the
     * one reported.
     */
    void probe(UrlValidation urls) {
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String field = outputFields.get(i);
            OutputTarget target = outputs.get(i).target();
            checks.add(checking("probe-" + field, () -> urls.probeOutput(field, target)));
        }
        if (background != null) {
            checks.add(checking("probe-background", () -> urls.probeBackground("backgroundVideoUrl", background)));
        }
        if (fallbackStream != null) {
            checks.add(checking("probe-fallback-stream", () -> urls.probeBackground("fallbackStreamUrl", fallbackStream)));
        }
        for (CompletableFuture<Void> check : checks) {
            try {
                check.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    private static CompletableFuture<Void> checking(String name, Runnable check) {
        return CompletableFuture.runAsync(check, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
