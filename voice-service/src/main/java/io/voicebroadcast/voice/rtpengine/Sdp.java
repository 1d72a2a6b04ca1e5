package io.voicebroadcast.voice.rtpengine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SDP body (RFC 8866) as lines, split into the session part and one part per {@code m=} line.
 * Only the structure is checked here; what a section must contain is the caller's rule.
 */
record Sdp(List<Line> session, List<Section> sections) {

    /** One {@code type=value} line. */
    record Line(char type, String value) {
    }

    /**
     * One media section: its {@code m=} line split into fields, and the lines up to the next
     * {@code m=}.
     */
    record Section(int index, String media, int port, String protocol, List<String> formats, List<Line> lines) {

        /** Values of {@code a=name:value} (or {@code a=name} as the empty string). */
        List<String> attributes(String name) {
            List<String> values = new ArrayList<>();
            for (Line line : lines) {
                if (line.type() == 'a') {
                    String v = line.value();
                    if (v.equals(name)) {
                        values.add("");
                    } else if (v.startsWith(name + ":")) {
                        values.add(v.substring(name.length() + 1));
                    }
                }
            }
            return values;
        }

        Optional<String> attribute(String name) {
            List<String> values = attributes(name);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        Optional<String> connection() {
            return lines.stream().filter(l -> l.type() == 'c').map(Line::value).findFirst();
        }
    }

    /** Thrown for text that is not SDP; the message names the line. */
    static final class MalformedSdpException extends IllegalArgumentException {

        MalformedSdpException(String message) {
            super(message);
        }
    }

    static Sdp parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedSdpException("empty SDP");
        }
        String[] raw = text.split("\r?\n", -1);
        List<Line> session = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<Line> current = session;
        String[] mFields = null;
        int lineNumber = 0;
        for (String s : raw) {
            lineNumber++;
            if (s.isEmpty()) {
                // Only a trailing line break may leave an empty line.
                if (lineNumber == raw.length) {
                    continue;
                }
                throw new MalformedSdpException("line " + lineNumber + " is empty");
            }
            if (lineNumber == 1 && !s.equals("v=0")) {
                throw new MalformedSdpException("SDP must start with v=0, starts with " + abbreviate(s));
            }
            if (s.length() < 2 || s.charAt(1) != '=' || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
                throw new MalformedSdpException("line " + lineNumber + " is not <letter>=<value>: " + abbreviate(s));
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\0' || c == '\r') {
                    throw new MalformedSdpException("line " + lineNumber + " contains a control character");
                }
            }
            char type = s.charAt(0);
            String value = s.substring(2);
            if (type == 'm') {
                if (mFields != null) {
                    sections.add(section(sections.size(), mFields, current));
                }
                mFields = value.split(" +");
                if (mFields.length < 4) {
                    throw new MalformedSdpException("line " + lineNumber + ": m= needs <media> <port> <proto> <fmt>...: "
                            + abbreviate(s));
                }
                parsePort(mFields[1], lineNumber);
                current = new ArrayList<>();
            } else {
                current.add(new Line(type, value));
            }
        }
        if (mFields != null) {
            sections.add(section(sections.size(), mFields, current));
        }
        return new Sdp(List.copyOf(session), List.copyOf(sections));
    }

    Optional<String> sessionConnection() {
        return session.stream().filter(l -> l.type() == 'c').map(Line::value).findFirst();
    }

    boolean hasSessionLine(char type) {
        return session.stream().anyMatch(l -> l.type() == type);
    }

    private static Section section(int index, String[] m, List<Line> lines) {
        return new Section(index, m[0], parsePort(m[1], -1), m[2], List.of(m).subList(3, m.length), List.copyOf(lines));
    }

    /** {@code <port>} or {@code <port>/<count>}. */
    private static int parsePort(String field, int lineNumber) {
        String p = field.contains("/") ? field.substring(0, field.indexOf('/')) : field;
        try {
            int port = Integer.parseInt(p);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedSdpException("line " + lineNumber + ": m= port " + abbreviate(field) + " is not 0..65535");
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
