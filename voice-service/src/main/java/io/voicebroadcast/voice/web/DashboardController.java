package io.voicebroadcast.voice.web;

import io.voicebroadcast.security.dashboard.DashboardFeed;
import io.voicebroadcast.security.dashboard.SseViewer;
import io.voicebroadcast.voice.api.VoiceDashboardApi;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class DashboardController implements VoiceDashboardApi {

    private final DashboardFeed feed;
    private final StreamingCoordinator streaming;

    DashboardController(DashboardFeed feed, StreamingCoordinator streaming) {
        this.feed = feed;
        this.streaming = streaming;
    }

    @Override
    public ResponseEntity<SseEmitter> watchDashboard() {
        streaming.requireEnabled();
        return SseViewer.watch(feed);
    }
}
