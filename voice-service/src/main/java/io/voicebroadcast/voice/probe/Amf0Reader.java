package io.voicebroadcast.voice.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values from a command payload: numbers as Double, booleans, strings, null and
 * undefined as null, objects and ECMA arrays as ordered maps, strict arrays as lists, dates as
 * their milliseconds. Malformed or truncated input is an {@link RtmpProtocolException}.
 */
final class Amf0Reader {

    private static final int MAX_DEPTH = 16;

    private final byte[] data;
    private int pos;

    Amf0Reader(byte[] data) {
        this.data = data;
    }

    boolean hasMore() {
        return pos < data.length;
    }

    Object read() throws RtmpProtocolException {
        return read(0);
    }

    private Object read(int depth) throws RtmpProtocolException {
        if (depth > MAX_DEPTH) {
            throw new RtmpProtocolException("AMF0 nesting deeper than " + MAX_DEPTH);
        }
        int type = u8();
        return switch (type) {
            case Amf0Writer.NUMBER -> Double.longBitsToDouble(u64());
            case Amf0Writer.BOOLEAN -> u8() != 0;
            case Amf0Writer.STRING -> utf8(u16());
            case Amf0Writer.OBJECT -> properties(depth);
            case Amf0Writer.NULL, Amf0Writer.UNDEFINED -> null;
            case Amf0Writer.ECMA_ARRAY -> {
                u32(); // approximate count; the end marker is what counts
                yield properties(depth);
            }
            case Amf0Writer.STRICT_ARRAY -> {
                long count = u32();
                if (count > data.length - pos) {
                    throw new RtmpProtocolException("AMF0 array longer than its message");
                }
                List<Object> items = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    items.add(read(depth + 1));
                }
                yield items;
            }
            case Amf0Writer.DATE -> {
                double millis = Double.longBitsToDouble(u64());
                u16(); // time zone, unused
                yield millis;
            }
            case Amf0Writer.LONG_STRING -> {
                long length = u32();
                if (length > Integer.MAX_VALUE) {
                    throw new RtmpProtocolException("AMF0 long string too long");
                }
                yield utf8((int) length);
            }
            default -> throw new RtmpProtocolException("unsupported AMF0 type 0x" + Integer.toHexString(type));
        };
    }

    private Map<String, Object> properties(int depth) throws RtmpProtocolException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            int keyLength = u16();
            if (keyLength == 0) {
                if (u8() != Amf0Writer.OBJECT_END) {
                    throw new RtmpProtocolException("AMF0 object without end marker");
                }
                return map;
            }
            String key = utf8(keyLength);
            map.put(key, read(depth + 1));
        }
    }

    private void need(int n) throws RtmpProtocolException {
        if (n < 0 || pos + n > data.length) {
            throw new RtmpProtocolException("AMF0 value truncated");
        }
    }

    private int u8() throws RtmpProtocolException {
        need(1);
        return data[pos++] & 0xFF;
    }

    private int u16() throws RtmpProtocolException {
        return (u8() << 8) | u8();
    }

    private long u32() throws RtmpProtocolException {
        return ((long) u16() << 16) | u16();
    }

    private long u64() throws RtmpProtocolException {
        return (u32() << 32) | u32();
    }

    private String utf8(int length) throws RtmpProtocolException {
        need(length);
        String s = new String(data, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }
}
