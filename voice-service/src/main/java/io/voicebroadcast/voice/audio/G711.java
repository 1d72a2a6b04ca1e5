package io.voicebroadcast.voice.audio;

/**
 * G.711 decoding (ITU-T G.711, as in Sun's reference g711.c): each byte maps to one 16-bit sample,
 * so decoding is a table lookup.
 */
public final class G711 {

    private static final short[] MU_LAW = new short[256];
    private static final short[] A_LAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            MU_LAW[i] = muLawToLinear(i);
            A_LAW[i] = aLawToLinear(i);
        }
    }

    private G711() {
    }

    public static short decodeMuLaw(byte encoded) {
        return MU_LAW[encoded & 0xFF];
    }

    public static short decodeALaw(byte encoded) {
        return A_LAW[encoded & 0xFF];
    }

    private static short muLawToLinear(int encoded) {
        int u = ~encoded & 0xFF;
        int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    private static short aLawToLinear(int encoded) {
        int a = encoded ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        t = switch (segment) {
            case 0 -> t + 8;
            case 1 -> t + 0x108;
            default -> (t + 0x108) << (segment - 1);
        };
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
