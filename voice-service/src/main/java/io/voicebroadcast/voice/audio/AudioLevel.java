package io.voicebroadcast.voice.audio;

/**
 * Loudness of a chunk as RMS in dBFS, relative to a full-scale square wave: a full-scale sine
 * reads -3.0 dBFS, FFmpeg's default {@code sine} source (amplitude 1/8) -21.1 dBFS, the same as
 * FFmpeg's {@code volumedetect} mean_volume.
 */
public final class AudioLevel {

    /** Reported for digital silence instead of minus infinity. */
    public static final double SILENCE_DBFS = -120.0;

    private AudioLevel() {
    }

    public static double rmsDbfs(short[] samples) {
        return rmsDbfs(samples, 0, samples.length);
    }

    public static double rmsDbfs(short[] samples, int offset, int length) {
        if (length <= 0) {
            return SILENCE_DBFS;
        }
        double sumOfSquares = 0;
        for (int i = offset; i < offset + length; i++) {
            double s = samples[i] / 32768.0;
            sumOfSquares += s * s;
        }
        double rms = Math.sqrt(sumOfSquares / length);
        return rms == 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 20 * Math.log10(rms));
    }
}
