package io.voicebroadcast.voice.rtpengine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Bencode (BEP 3) as RTPEngine's ng protocol speaks it.
 *
 * <p>Decoding is strict about structure and lenient where RTPEngine departs from the spec:
 * dictionary keys may come in any order (RTPEngine sends {@code sdp} before {@code result}), and the
 * order is kept ({@link LinkedHashMap}). Byte strings become {@link String}s decoded as UTF-8 (SDP
 * and tags are text; invalid sequences become U+FFFD), integers become {@link Long}. A declared
 * string length is checked against the bytes left before anything is allocated, so a short, broken
 * reply cannot ask for gigabytes; nesting is capped so it cannot exhaust the stack.
 *
 * <p>We do not use {@code com.dampcake:bencode} (1.4.2): it decodes RTPEngine's replies, but it
 * allocates whatever length a string claims (a 20-byte reply claiming 2 GB ends in an
 * OutOfMemoryError), zero-fills a truncated string instead of failing, reads {@code i1.5e} as 1
 * and ignores trailing bytes.
 */
public final class Bencode {

    /** Deeper than any RTPEngine reply (a {@code query} reply nests six levels). */
    public static final int MAX_DEPTH = 64;

    private Bencode() {
    }

    /**
     * Encodes a {@link Map} with {@link String} keys, a {@link List}, a {@link String} (as UTF-8), a
     * {@code byte[]} or an integral {@link Number} ({@link Long}, {@link Integer}, {@link Short},
     * {@link Byte}). Dictionary keys are written sorted by their UTF-8 bytes, as the spec asks.
     *
     * @throws IllegalArgumentException for any other type (RTPEngine has no booleans or fractions:
     *                                  flags are a list of strings)
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value, 0);
        return out.toByteArray();
    }

    /** Decodes exactly one value filling all of {@code data}. */
    public static Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Decodes exactly one value filling {@code data[offset, offset + length)}. */
    public static Object decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        Reader reader = new Reader(data, offset, offset + length);
        Object value = reader.value(0);
        if (reader.position != offset + length) {
            throw new BencodeException((offset + length - reader.position) + " bytes after the end of the value",
                    reader.position, false);
        }
        return value;
    }

    /**
     * The length of the one complete value that starts at {@code data[offset]}, for reading values
     * off a stream (ng over TCP has no other framing).
     *
     * @throws BencodeException with {@link BencodeException#truncated()} when more bytes are needed
     */
    public static int valueLength(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        Reader reader = new Reader(data, offset, offset + length);
        reader.value(0);
        return reader.position - offset;
    }

    /** Decodes a value that must be a dictionary, as every ng message is. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeDictionary(byte[] data, int offset, int length) {
        if (length > 0 && data[offset] != 'd') {
            throw new BencodeException("expected a dictionary ('d'), found " + describe(data[offset]), offset, false);
        }
        return (Map<String, Object>) decode(data, offset, length);
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value instanceof String s) {
            writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof byte[] bytes) {
            writeBytes(out, bytes);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            writeAscii(out, "i" + ((Number) value).longValue() + "e");
        } else if (value instanceof List<?> list) {
            out.write('l');
            for (Object item : list) {
                write(out, item, depth + 1);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            List<byte[][]> entries = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("dictionary keys must be strings, got " + typeName(e.getKey()));
                }
                ByteArrayOutputStream item = new ByteArrayOutputStream();
                write(item, e.getValue(), depth + 1);
                entries.add(new byte[][] {key.getBytes(StandardCharsets.UTF_8), item.toByteArray()});
            }
            entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
            out.write('d');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0 && Arrays.equals(entries.get(i - 1)[0], entries.get(i)[0])) {
                    throw new IllegalArgumentException("duplicate dictionary key " + new String(entries.get(i)[0], StandardCharsets.UTF_8));
                }
                writeBytes(out, entries.get(i)[0]);
                out.writeBytes(entries.get(i)[1]);
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("bencode has no " + typeName(value)
                    + "; use a String, byte[], integral Number, List or Map<String, ?>");
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeAscii(out, bytes.length + ":");
        out.writeBytes(bytes);
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    private static String describe(byte b) {
        return b >= 0x21 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xFF);
    }

    private static final class Reader {

        private final byte[] data;
        private final int end;
        private int position;

        Reader(byte[] data, int start, int end) {
            this.data = data;
            this.position = start;
            this.end = end;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new BencodeException("nested deeper than " + MAX_DEPTH + " levels", position, false);
            }
            byte b = peek("a value");
            return switch (b) {
                case 'i' -> integer();
                case 'l' -> list(depth);
                case 'd' -> dictionary(depth);
                default -> {
                    if (b >= '0' && b <= '9') {
                        yield string();
                    }
                    throw new BencodeException("expected 'i', 'l', 'd' or a string length, found " + describe(b), position, false);
                }
            };
        }

        private byte peek(String expected) {
            if (position >= end) {
                throw new BencodeException("input ends where " + expected + " was expected", position, true);
            }
            return data[position];
        }

        private long integer() {
            int start = position;
            position++; // 'i'
            long value = digits('e', "integer", true);
            position++; // 'e'
            if (value == 0 && data[start + 1] == '-') {
                throw new BencodeException("negative zero", start, false);
            }
            return value;
        }

        private String string() {
            int start = position;
            long length = digits(':', "string length", false);
            position++; // ':'
            if (length > end - position) {
                // Checked before allocating: a broken reply must not ask for gigabytes.
                throw new BencodeException("string of " + length + " bytes declared, only " + (end - position) + " left",
                        start, true);
            }
            String s = new String(data, position, (int) length, StandardCharsets.UTF_8);
            position += (int) length;
            return s;
        }

        /** Reads [-]digits up to {@code terminator} (left unconsumed); no leading zeros, fits a long. */
        private long digits(char terminator, String what, boolean signed) {
            int start = position;
            boolean negative = false;
            if (signed && peek(what) == '-') {
                negative = true;
                position++;
            }
            int firstDigit = position;
            long value = 0;
            while (true) {
                byte b = peek("'" + terminator + "' ending the " + what);
                if (b == terminator) {
                    break;
                }
                if (b < '0' || b > '9') {
                    throw new BencodeException(what + " has " + describe(b) + " where a digit or '" + terminator
                            + "' belongs", position, false);
                }
                int digit = b - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    throw new BencodeException(what + " does not fit in 64 bits", start, false);
                }
                value = value * 10 + digit;
                position++;
            }
            int count = position - firstDigit;
            if (count == 0) {
                throw new BencodeException(what + " has no digits", start, false);
            }
            if (count > 1 && data[firstDigit] == '0') {
                throw new BencodeException(what + " has a leading zero", start, false);
            }
            return negative ? -value : value;
        }

        private List<Object> list(int depth) {
            position++; // 'l'
            List<Object> list = new ArrayList<>();
            while (peek("a list item or 'e'") != 'e') {
                list.add(value(depth + 1));
            }
            position++;
            return list;
        }

        private Map<String, Object> dictionary(int depth) {
            position++; // 'd'
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                byte b = peek("a dictionary key or 'e'");
                if (b == 'e') {
                    break;
                }
                if (b < '0' || b > '9') {
                    throw new BencodeException("dictionary key must be a string, found " + describe(b), position, false);
                }
                String key = string();
                // Keys are not sorted in RTPEngine's replies; a repeated key keeps its last value.
                map.put(key, value(depth + 1));
            }
            position++;
            return map;
        }
    }
}
