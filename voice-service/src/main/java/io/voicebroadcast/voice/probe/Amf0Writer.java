package io.voicebroadcast.voice.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Encodes the AMF0 values an RTMP command needs: number, boolean, string, null and object. */
final class Amf0Writer {

    static final int NUMBER = 0x00;
    static final int BOOLEAN = 0x01;
    static final int STRING = 0x02;
    static final int OBJECT = 0x03;
    static final int NULL = 0x05;
    static final int UNDEFINED = 0x06;
    static final int ECMA_ARRAY = 0x08;
    static final int OBJECT_END = 0x09;
    static final int STRICT_ARRAY = 0x0A;
    static final int DATE = 0x0B;
    static final int LONG_STRING = 0x0C;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Amf0Writer number(double value) {
        out.write(NUMBER);
        long bits = Double.doubleToLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift));
        }
        return this;
    }

    Amf0Writer bool(boolean value) {
        out.write(BOOLEAN);
        out.write(value ? 1 : 0);
        return this;
    }

    Amf0Writer string(String value) {
        out.write(STRING);
        utf8(value);
        return this;
    }

    Amf0Writer nul() {
        out.write(NULL);
        return this;
    }

    /** An anonymous object; values may be String, Number, Boolean, null or nested maps. */
    Amf0Writer object(Map<String, ?> properties) {
        out.write(OBJECT);
        properties.forEach((key, value) -> {
            utf8(key);
            value(value);
        });
        out.write(0);
        out.write(0);
        out.write(OBJECT_END);
        return this;
    }

    Amf0Writer value(Object value) {
        if (value == null) {
            return nul();
        } else if (value instanceof String s) {
            return string(s);
        } else if (value instanceof Number n) {
            return number(n.doubleValue());
        } else if (value instanceof Boolean b) {
            return bool(b);
        } else if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> properties = (Map<String, ?>) m;
            return object(properties);
        }
        throw new IllegalArgumentException("no AMF0 encoding for " + value.getClass().getSimpleName());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("AMF0 string longer than 65535 bytes");
        }
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
