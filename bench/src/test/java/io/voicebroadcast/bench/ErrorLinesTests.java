package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.bench.ErrorLines.Cause;
import io.voicebroadcast.bench.ErrorLines.Disturbance;
import io.voicebroadcast.bench.ErrorLines.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorLinesTests {

    private static final Instant T0 = Instant.parse("2026-11-25T18:30:00Z");
    private static final List<Disturbance> DISTURBANCES = List.of(
            new Disturbance(Cause.DESTINATION_RESTART, T0, T0.plusSeconds(3)),
            new Disturbance(Cause.BROKER_RESTART, T0.plusSeconds(600), T0.plusSeconds(610)));

    private static String line(String time, String level, String logger, String message) {
        return time + " " + level + " 4242 --- [voice-service] [    worker-1] " + logger + " : " + message;
    }

    @Test
    void anErrorFromThePartTheDisturbanceReaches_whileItLastsOrSoonAfter_isExplained() {
        String log = String.join("\n",
                line("2026-11-25T18:30:01.000Z", "INFO", "i.v.v.p.PublisherProcess", "room r destination d1 publisher starting: ffmpeg"),
                line("2026-11-25T18:30:02.500Z", "ERROR", "i.v.v.s.DestinationSupervisor",
                        "room r destination d1 failed: destination unreachable 3 times in a row; giving up"),
                "java.io.IOException: a stack trace line is not a log line",
                "\tat io.voicebroadcast.Foo.bar(Foo.java:1)",
                line("2026-11-25T18:40:30.000Z", "ERROR", "o.s.a.r.c.CachingConnectionFactory", "Shutdown Signal: connection error"));

        List<Verdict> verdicts = ErrorLines.judge(log, DISTURBANCES);

        assertThat(verdicts).extracting(Verdict::cause)
                .containsExactly(Optional.of(Cause.DESTINATION_RESTART), Optional.of(Cause.BROKER_RESTART));
    }

    @Test
    void anErrorAtAnotherTime_orFromAnotherPart_orWithoutATime_isUnexplained() {
        String log = String.join("\n",
                // the publisher, long after the destination restart
                line("2026-11-25T18:35:00.000Z", "ERROR", "i.v.v.s.DestinationSupervisor", "room r destination d1 failed: rejected"),
                // the encoder during the destination restart: it writes to a pipe, the destination's publisher is what reconnects
                line("2026-11-25T18:30:02.000Z", "ERROR", "i.v.v.s.EncoderSupervisor", "room r encoder exited (code 1)"),
                // during the restart, but the frame clock is not what a destination restart reaches
                line("2026-11-25T18:30:02.000Z", "ERROR", "i.v.v.p.FrameClock", "room r frame clock tick failed; continuing"),
                // the broker's client while the broker was up
                line("2026-11-25T18:20:00.000Z", "ERROR", "o.s.a.r.c.CachingConnectionFactory", "Channel shutdown"),
                "18:30:02 ERROR something in another format");

        List<Verdict> verdicts = ErrorLines.judge(log, DISTURBANCES);

        assertThat(verdicts).hasSize(4).noneMatch(Verdict::explained);
    }
}
