package io.voicebroadcast.voice.audio;

/**
 * Test support: the amplitude of one frequency in a block of samples (the Goertzel algorithm,
 * one DFT bin). Choose block lengths holding a whole number of cycles so the tone does not leak.
 */
final class Goertzel {

    private Goertzel() {
    }

    /** Amplitude (in sample units) of {@code frequency} in {@code samples[from, from + count)}. */
    static double amplitude(double[] samples, int from, int count, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = from; i < from + count; i++) {
            double current = samples[i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return 2 * Math.sqrt(Math.max(0, power)) / count;
    }

    static double meanSquare(double[] samples, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += samples[i] * samples[i];
        }
        return sum / count;
    }
}
