package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.config.GameSessionProperties;
import io.voicebroadcast.security.dashboard.DashboardFeed;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dashboard's live feed: every session's broadcast and cameras every 2 s (the page itself is static, public). */
@Configuration(proxyBeanMethods = false)
class DashboardFeedConfiguration {

    @Bean(destroyMethod = "close")
    DashboardFeed dashboardFeed(DashboardPayloads payloads, GameSessionProperties p) {
        return new DashboardFeed(List.of(new DashboardFeed.Beat(DashboardPayloads.SESSIONS, DashboardPayloads.EVERY, payloads::sessions)),
                p.dashboardMaxViewers(), "GAMESESSION_DASHBOARD_MAX_VIEWERS");
    }
}
