package io.voicebroadcast.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ERROR lines of a service's log, each explained by a disturbance the soak provoked or not.
 * A line is explained by a disturbance when it was logged while the disturbance lasted or within
 * {@link #AFTERMATH} of its end (a retry's backoff, a health check's interval), and it comes from
 * the part of the service that disturbance reaches: the broker's client and the event outbox for
 * a RabbitMQ restart, the destination's publisher and its supervision for a destination restart
 * (the room's encoder writes to a pipe and never touches the network: an encoder ERROR then is
 * unexplained), the sources for a camera drop, the RTPEngine side for participants leaving.
 * Anything else is unexplained.
 */
final class ErrorLines {

    /** How long after a disturbance its effects may still be logged. */
    static final Duration AFTERMATH = Duration.ofSeconds(60);

    /**
     * Spring Boot's console line: {@code 2026-11-25T18:30:00.123Z ERROR 1234 --- [app] [thread] logger : message}
     * (the application's name in brackets only when it is set).
     */
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)\\s+(ERROR|WARN|INFO|DEBUG|TRACE)\\s+\\d+\\s+---\\s+(?:\\[[^\\]]*\\]\\s+)?\\[[^\\]]*\\]\\s+(\\S+)\\s*:\\s?(.*)$");

    enum Cause {
        CAMERA_DROP("camera drop", Pattern.compile("\\.(StreamSource|SourceCascade|MediaInput|Opener|Opening|StillSource|RoomStream)$"),
                Pattern.compile("(?i)source|decoder|camera|input")),
        DESTINATION_RESTART("destination restart", Pattern.compile("\\.(DestinationSupervisor|PublisherProcess|RoomDestinations)$"),
                Pattern.compile("(?i)publish|destination")),
        BROKER_RESTART("RabbitMQ restart",
                Pattern.compile("^(o\\.s\\.a\\.|org\\.springframework\\.amqp\\.|c\\.r\\.|com\\.rabbitmq\\.)|\\.(EventOutbox|RabbitEventPublisher|RabbitStreamEvents)$"),
                Pattern.compile("")),
        PARTICIPANT_LEAVE("participant leaving", Pattern.compile("\\.(RtpEngineAudioInput|RoomParticipants|NgClient|RtpAudioReceiver)$"),
                Pattern.compile("(?i)participant|rtpengine|subscri|rtp"));

        private final String description;
        private final Pattern logger;
        private final Pattern message;

        Cause(String description, Pattern logger, Pattern message) {
            this.description = description;
            this.logger = logger;
            this.message = message;
        }

        String description() {
            return description;
        }

        boolean reaches(String logger, String message) {
            return this.logger.matcher(logger).find() && this.message.matcher(message).find();
        }
    }

    /** A disturbance the soak provoked, from when it began to when it was over. */
    record Disturbance(Cause cause, Instant from, Instant to) {
    }

    /** One ERROR line and the disturbance that explains it, if any. */
    record Verdict(String line, Optional<Cause> cause) {

        boolean explained() {
            return cause.isPresent();
        }
    }

    private ErrorLines() {
    }

    /** Every ERROR line of the log, judged; in the log's order. */
    static List<Verdict> judge(String log, List<Disturbance> disturbances) {
        List<Verdict> verdicts = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && m.group(2).equals("ERROR")) {
                verdicts.add(new Verdict(line, cause(m.group(1), m.group(3), m.group(4), disturbances)));
            }
        }
        return verdicts;
    }

    private static Optional<Cause> cause(String timestamp, String logger, String message, List<Disturbance> disturbances) {
        Instant at;
        try {
            at = OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty(); // a line we cannot place in time is explained by nothing
        }
        for (Disturbance d : disturbances) {
            boolean during = !at.isBefore(d.from()) && !at.isAfter(d.to().plus(AFTERMATH));
            if (during && d.cause().reaches(logger, message)) {
                return Optional.of(d.cause());
            }
        }
        return Optional.empty();
    }
}
