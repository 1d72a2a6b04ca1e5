package io.voicebroadcast.testsupport;

/**
 * A test tool that is one child process ({@link ManagedProcess}): its id, its liveness, its last
 * output and its end are the process's.
 */
public interface ProcessBacked extends AutoCloseable {

    /** The process behind the tool. */
    ManagedProcess process();

    default long pid() {
        return process().pid();
    }

    default boolean isAlive() {
        return process().isAlive();
    }

    /** The process's last output lines, for assertion messages. */
    default String tail() {
        return process().tail();
    }

    /** Ends it abruptly (SIGKILL) with its whole tree, as a crash would: no trailer, no goodbye. */
    default void kill() {
        process().kill();
    }

    /** Stops it with its whole tree (SIGTERM, then SIGKILL). */
    @Override
    default void close() {
        process().close();
    }
}
