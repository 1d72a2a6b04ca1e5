package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.DashboardApi;
import io.voicebroadcast.security.dashboard.DashboardFeed;
import io.voicebroadcast.security.dashboard.SseViewer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class DashboardController implements DashboardApi {

    private final DashboardFeed feed;

    DashboardController(DashboardFeed feed) {
        this.feed = feed;
    }

    @Override
    public ResponseEntity<SseEmitter> watchDashboard() {
        return SseViewer.watch(feed);
    }
}
