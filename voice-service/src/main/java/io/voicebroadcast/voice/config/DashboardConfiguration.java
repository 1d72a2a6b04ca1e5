package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.dashboard.DashboardFeed;
import io.voicebroadcast.voice.dashboard.RecentEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operator dashboard: the page is static (resources/static/dashboard, public); its data comes
 * from the feed (admin token), which the broadcasts' client events wake.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    RecentEvents recentEvents() {
        return new RecentEvents();
    }

    @Bean(destroyMethod = "close")
    DashboardFeed dashboardFeed(DashboardFeed.Payloads payloads, RecentEvents recentEvents, VoiceProperties p) {
        DashboardFeed feed = new DashboardFeed(payloads, p.dashboardMaxViewers());
        recentEvents.onChange(feed::changed);
        return feed;
    }
}
