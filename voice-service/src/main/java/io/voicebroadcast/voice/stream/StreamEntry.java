package io.voicebroadcast.voice.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A room's slot on this node: reserved while the start validates, then holding the running stream. */
final class StreamEntry {
    volatile RoomStream stream;
    volatile StartCommand config;
    /** Every URL the broadcast was ever given: a stopping process may still print an old secret. */
    final List<String> urls = new CopyOnWriteArrayList<>();

    /** The URLs given, without the absent or blank ones. */
    static List<String> present(List<String> urls) {
        return urls.stream().filter(u -> u != null && !u.isBlank()).toList();
    }
}
