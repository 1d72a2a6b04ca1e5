package io.voicebroadcast.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test or a fixture started and closes when it ends: the last one first, each of them even
 * when another fails. {@link #close()} then throws the first failure (the others suppressed in it);
 * {@link #closeQuietly()} is for a final sweep that must not stop halfway.
 */
public final class Cleanup implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** {@code resource}, to be closed on {@link #close()}; the last one added is closed first. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Closes everything added (and forgets it), the last one first, each even when another fails;
     * then throws the first failure, unchecked (a checked one wrapped in an IllegalStateException).
     */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (this) {
            all = new ArrayList<>(resources);
            resources.clear();
        }
        RuntimeException failed = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                RuntimeException unchecked = e instanceof RuntimeException r ? r : new IllegalStateException("cannot close " + all.get(i), e);
                if (failed == null) {
                    failed = unchecked;
                } else {
                    failed.addSuppressed(unchecked);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** As {@link #close()}, its failures ignored. */
    public void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // keep cleaning: what follows must run too
        }
    }
}
