package io.voicebroadcast.voice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.voicebroadcast.testsupport.RtpEngineDaemon;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real RTPEngine daemon for one test class: started when the class's context first asks for its
 * address, stopped after the class (and seen gone). In the test class:
 * {@code @RegisterExtension static final RtpEngineForClass RTPENGINE = new RtpEngineForClass();}
 * and {@code RTPENGINE.properties(r)} in its {@code @DynamicPropertySource}.
 */
final class RtpEngineForClass implements AfterAllCallback {

    private RtpEngineDaemon daemon;

    /** The daemon, started on first use; fails the test when rtpengine is not installed. */
    synchronized RtpEngineDaemon daemon() {
        if (daemon == null) {
            if (!RtpEngineDaemon.isInstalled()) {
                fail("rtpengine-daemon is not installed: apt-get install --no-install-recommends rtpengine-daemon");
            }
            daemon = RtpEngineDaemon.start();
        }
        return daemon;
    }

    /** Points the service at the daemon (audio mode rtpengine), asking it for its calls every 300 ms. */
    void properties(DynamicPropertyRegistry r) {
        r.add("voice.rtpengine.ng-url", () -> daemon().ngAddress());
        r.add("voice.rtpengine.query-interval-ms", () -> "300");
    }

    /** {@link #properties}, and ng calls and re-subscriptions retried quickly (a test's RTPEngine restarts and churn). */
    void propertiesWithQuickRetries(DynamicPropertyRegistry r) {
        properties(r);
        r.add("voice.rtpengine.timeout-ms", () -> "300");
        r.add("voice.rtpengine.retries", () -> "1");
        r.add("voice.rtpengine.resubscribe-initial-ms", () -> "300");
        r.add("voice.rtpengine.resubscribe-max-ms", () -> "1500");
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (daemon != null) {
            daemon.close();
            assertThat(daemon.isAlive()).isFalse();
            daemon = null;
        }
    }
}
