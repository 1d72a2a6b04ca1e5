package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that test runs on one machine take around the local RabbitMQ: exclusively for an
 * outage (a test that stops the broker), shared for a run that needs the broker up throughout
 * (the bad-input run judges every log line), so that neither happens under the other. The file
 * stays in /tmp: deleting a lock file another process may be waiting on would split the lock.
 */
public final class RabbitMqOutageLock implements AutoCloseable {

    public static final Path PATH = Path.of(System.getProperty("java.io.tmpdir"), "voice-broadcast-rabbitmq-outage.lock");

    private final FileChannel channel;
    private final FileLock lock;

    private RabbitMqOutageLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits until no outage is in progress, then holds one off until closed. */
    public static RabbitMqOutageLock holdOffOutages() {
        return take(PATH, true);
    }

    /** Waits until no other outage and no run that holds them off is in progress; held for the outage. */
    public static RabbitMqOutageLock forOutage() {
        return take(PATH, false);
    }

    static RabbitMqOutageLock take(Path file, boolean shared) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new RabbitMqOutageLock(channel, channel.lock(0, Long.MAX_VALUE, shared));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
