package io.voicebroadcast.voice.stream;

/**
 * What the FFmpeg children the supervisors' tests drive share: they run once started, end when
 * told (by themselves, killed or stopped), and keep what they printed last.
 */
abstract class FakeChild {

    private final long pid;
    private boolean running;
    boolean started;
    boolean stopped;
    boolean killed;
    String errorTail = "";

    FakeChild(long pid) {
        this.pid = pid;
    }

    /** Started: it runs until it exits, is killed or is stopped. */
    final void begin() {
        started = true;
        running = true;
    }

    final boolean running() {
        return running;
    }

    /** It ends by itself, having printed {@code stderr} (its last line is the last error). */
    final void exits(String stderr) {
        if (!running) {
            return;
        }
        running = false;
        errorTail = stderr;
        ended();
    }

    /** Tells the supervisor that the child ended (not after {@link #stop()}). */
    abstract void ended();

    public String lastError() {
        String[] lines = errorTail.split("\n");
        return lines[lines.length - 1];
    }

    public long pid() {
        return running ? pid : -1;
    }

    /** As FFmpeg killed with SIGKILL: it ends, and says nothing. */
    public void kill() {
        killed = true;
        exits("");
    }

    public void stop() {
        stopped = true;
        running = false;
    }
}
