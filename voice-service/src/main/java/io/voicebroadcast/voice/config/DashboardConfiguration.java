package io.voicebroadcast.voice.config;

import io.voicebroadcast.security.dashboard.DashboardFeed;
import io.voicebroadcast.voice.dashboard.RecentEvents;
import io.voicebroadcast.voice.web.DashboardPayloads;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operator dashboard: the page is static (resources/static/dashboard, public); its data comes
 * from the feed (admin token): the broadcasts every second and soon after any client event, the
 * participants' levels five times a second.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    static final Duration BROADCASTS_EVERY = Duration.ofSeconds(1);
    static final Duration LEVELS_EVERY = Duration.ofMillis(200);

    @Bean
    RecentEvents recentEvents() {
        return new RecentEvents();
    }

    @Bean(destroyMethod = "close")
    DashboardFeed dashboardFeed(DashboardPayloads payloads, RecentEvents recentEvents, VoiceProperties p) {
        DashboardFeed feed = new DashboardFeed(List.of(
                new DashboardFeed.Beat(DashboardPayloads.BROADCASTS, BROADCASTS_EVERY, payloads::broadcasts),
                new DashboardFeed.Beat(DashboardPayloads.LEVELS, LEVELS_EVERY, payloads::levels)),
                p.dashboardMaxViewers(), "VOICE_DASHBOARD_MAX_VIEWERS");
        recentEvents.onChange(feed::changed);
        return feed;
    }
}
