package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTests {

    @Test
    void prometheusSums_everySeriesOfAMetric_andNoOtherMetric() {
        String exposition = """
                # HELP voice_events_dropped_total Client events dropped
                voice_events_dropped_total{application="voice-service"} 2.0
                voice_events_dropped_total{application="other"} 1.0
                voice_events_dropped_totally 5.0
                voice_events_buffered 0.0
                """;

        assertThat(Prometheus.sum(exposition, "voice_events_dropped_total")).isEqualTo(3.0);
        assertThat(Prometheus.sum(exposition, "voice_events_buffered")).isZero();
        assertThat(Prometheus.sum(exposition, "voice_events_missing")).isZero();
    }
}
