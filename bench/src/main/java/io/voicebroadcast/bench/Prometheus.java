package io.voicebroadcast.bench;

/** Values read from a Prometheus text exposition ({@code /actuator/prometheus}). */
final class Prometheus {

    private Prometheus() {
    }

    /** The sum of every series of a metric (any labels); 0 when it has none. */
    static double sum(String exposition, String name) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                total += Double.parseDouble(value);
            }
        }
        return total;
    }
}
