package io.voicebroadcast.voice.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service's external processes so that none can outlive the JVM. Each one runs under
 * util-linux's {@code setpriv --pdeathsig KILL}, so the kernel kills it the moment the JVM dies,
 * even by SIGKILL, when no shutdown hook runs. Without it, the encoder ends on end of input, but
 * a decoder blocked reading a stalled camera only notices when its {@code -rw_timeout} ends the
 * read (up to two minutes as configured), or when it next writes a frame into the dead pipe.
 * KILL, not TERM: once FFmpeg is transcoding, a single SIGTERM does not abort a blocked read.
 * <p>
 * Linux sends the parent-death signal when the parent <em>thread</em> ends, not the process, and
 * pools retire idle threads. So every process is started from one thread that lives as long as
 * the JVM.
 * <p>
 * Where setpriv is missing (not Linux, util-linux before 2.33), processes are started directly
 * and a warning says what that costs.
 */
public final class ProcessLauncher {

    private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);
    private static final List<String> SETPRIV_LOCATIONS = List.of("/usr/bin/setpriv", "/bin/setpriv");
    private static final List<String> PDEATHSIG_KILL = List.of("--pdeathsig", "KILL", "--");
    private static final Duration SETPRIV_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private record Launch(List<String> argv, CompletableFuture<Process> process) {
    }

    private static final BlockingQueue<Launch> LAUNCHES = new LinkedBlockingQueue<>();

    static {
        Thread launcher = new Thread(ProcessLauncher::serve, "process-launcher");
        launcher.setDaemon(true);
        launcher.start();
    }

    private ProcessLauncher() {
    }

    /**
     * Starts argv (stdin, stdout and stderr are pipes, as with {@code new ProcessBuilder(argv)})
     * bound to the life of this JVM.
     *
     * @throws IOException as {@link ProcessBuilder#start()} would, e.g. when the program is missing
     */
    public static Process start(List<String> argv) throws IOException {
        Launch launch = new Launch(List.copyOf(argv), new CompletableFuture<>());
        LAUNCHES.add(launch);
        try {
            // not interruptible on purpose: the process may already run, and its caller must get it to stop it
            return launch.process().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** The launcher thread: never ends while the JVM runs, since its children's lives hang on it. */
    private static void serve() {
        Optional<String> setpriv = setprivWithPdeathsig();
        setpriv.ifPresentOrElse(
                path -> log.info("external processes run under {} --pdeathsig KILL: none outlives this JVM", path),
                () -> log.warn("setpriv (util-linux 2.33+) not found: if this JVM is killed, an FFmpeg process "
                        + "blocked on a stalled input may outlive it until its read timeout"));
        while (true) {
            Launch launch;
            try {
                launch = LAUNCHES.take();
            } catch (InterruptedException e) {
                continue; // nobody may end this thread
            }
            try {
                launch.process().complete(new ProcessBuilder(command(setpriv, launch.argv())).start());
            } catch (Throwable e) {
                launch.process().completeExceptionally(e);
            }
        }
    }

    /**
     * argv under setpriv, unless the program cannot be found: then argv as is, so that the caller
     * gets ProcessBuilder's own IOException instead of a setpriv that exits with an error.
     */
    static List<String> command(Optional<String> setpriv, List<String> argv) {
        if (setpriv.isEmpty() || resolve(argv.get(0)).isEmpty()) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(argv.size() + 4);
        wrapped.add(setpriv.get());
        wrapped.addAll(PDEATHSIG_KILL);
        wrapped.addAll(argv);
        return wrapped;
    }

    private static Optional<Path> resolve(String program) {
        if (program.contains(File.separator)) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }

    /** The first setpriv that accepts --pdeathsig, checked by running it once. */
    private static Optional<String> setprivWithPdeathsig() {
        for (String candidate : SETPRIV_LOCATIONS) {
            if (!Files.isExecutable(Path.of(candidate))) {
                continue;
            }
            List<String> check = new ArrayList<>(List.of(candidate));
            check.addAll(PDEATHSIG_KILL);
            check.add("true");
            try {
                Process p = new ProcessBuilder(check).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                if (p.waitFor(SETPRIV_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // try the next one
            } catch (InterruptedException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
