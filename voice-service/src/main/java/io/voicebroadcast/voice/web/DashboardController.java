package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.VoiceDashboardApi;
import io.voicebroadcast.security.dashboard.DashboardFeed;
import io.voicebroadcast.security.dashboard.Viewer;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class DashboardController implements VoiceDashboardApi {

    /** A viewer's stream ends after this; the page connects again. */
    static final Duration WATCH_TIMEOUT = Duration.ofMinutes(30);

    private final DashboardFeed feed;
    private final StreamingCoordinator streaming;

    DashboardController(DashboardFeed feed, StreamingCoordinator streaming) {
        this.feed = feed;
        this.streaming = streaming;
    }

    @Override
    public ResponseEntity<SseEmitter> watchDashboard() {
        streaming.requireEnabled();
        SseEmitter emitter = new SseEmitter(WATCH_TIMEOUT.toMillis());
        Viewer viewer = feed.watch(new EmitterConnection(emitter));
        emitter.onCompletion(viewer::close);
        emitter.onTimeout(viewer::close);
        emitter.onError(e -> viewer.close());
        // no proxy may hold the stream back to buffer it
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("X-Accel-Buffering", "no").body(emitter);
    }

    /** A viewer's messages as Server-Sent Events. */
    private record EmitterConnection(SseEmitter emitter) implements Viewer.Connection {

        @Override
        public void send(String event, String data) throws IOException {
            emitter.send(SseEmitter.event().name(event).data(data));
        }

        @Override
        public void close() {
            emitter.complete();
        }
    }
}
