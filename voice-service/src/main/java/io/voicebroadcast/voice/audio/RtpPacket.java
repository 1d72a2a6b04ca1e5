package io.voicebroadcast.voice.audio;

/**
 * One RTP packet (RFC 3550 section 5.1) as a view on the datagram's bytes: the payload is
 * {@code data[payloadOffset, payloadOffset + payloadLength)}. The bytes are not copied, so the
 * datagram buffer must not be reused while the packet is alive.
 *
 * @param sequenceNumber 0..65535
 * @param timestamp      unsigned 32-bit, in the payload format's clock rate
 * @param ssrc           unsigned 32-bit
 */
public record RtpPacket(boolean padding, boolean extension, int csrcCount, boolean marker, int payloadType,
                        int sequenceNumber, long timestamp, long ssrc,
                        byte[] data, int payloadOffset, int payloadLength) {

    public static final int VERSION = 2;
    private static final int FIXED_HEADER_BYTES = 12;

    public static RtpPacket parse(byte[] data, int offset, int length) throws MalformedRtpException {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside a buffer of " + data.length);
        }
        if (length < FIXED_HEADER_BYTES) {
            throw new MalformedRtpException("too short for an RTP header: " + length + " bytes, need 12");
        }
        int b0 = data[offset] & 0xFF;
        int b1 = data[offset + 1] & 0xFF;
        int version = b0 >>> 6;
        if (version != VERSION) {
            throw new MalformedRtpException("RTP version " + version + ", expected 2");
        }
        if (looksLikeRtcp(data, offset, length)) {
            throw new MalformedRtpException("RTCP packet (type " + b1 + "), not RTP");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int headerLength = FIXED_HEADER_BYTES + 4 * csrcCount;
        if (length < headerLength) {
            throw new MalformedRtpException("CSRC count " + csrcCount + " needs " + headerLength + " bytes, packet has " + length);
        }
        if (extension) {
            if (length < headerLength + 4) {
                throw new MalformedRtpException("extension bit set but no room for the extension header");
            }
            int extensionWords = readUnsigned16(data, offset + headerLength + 2);
            headerLength += 4 + 4 * extensionWords;
            if (length < headerLength) {
                throw new MalformedRtpException("header extension of " + extensionWords + " words runs past the end of the packet");
            }
        }
        int payloadLength = length - headerLength;
        if (padding) {
            int paddingLength = payloadLength == 0 ? 0 : data[offset + length - 1] & 0xFF;
            if (paddingLength == 0 || paddingLength > payloadLength) {
                throw new MalformedRtpException("padding count " + paddingLength + " invalid for " + payloadLength
                        + " bytes after the header");
            }
            payloadLength -= paddingLength;
        }
        return new RtpPacket(padding, extension, csrcCount, (b1 & 0x80) != 0, b1 & 0x7F,
                readUnsigned16(data, offset + 2), readUnsigned32(data, offset + 4), readUnsigned32(data, offset + 8),
                data, offset + headerLength, payloadLength);
    }

    /**
     * With rtcp-mux, RTCP (SR/RR/SDES/BYE/APP) shares the RTP port; its second byte is the RTCP
     * packet type 200..204, which as RTP would be a marker bit plus payload type 72..76.
     */
    public static boolean looksLikeRtcp(byte[] data, int offset, int length) {
        if (length < 2) {
            return false;
        }
        int type = data[offset + 1] & 0xFF;
        return (data[offset] & 0xC0) == 0x80 && type >= 200 && type <= 204;
    }

    public int version() {
        return VERSION;
    }

    private static int readUnsigned16(byte[] data, int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    private static long readUnsigned32(byte[] data, int at) {
        return ((long) readUnsigned16(data, at) << 16) | readUnsigned16(data, at + 2);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc=" + ssrc
                + ", marker=" + marker + ", payload=" + payloadLength + " bytes]";
    }
}
