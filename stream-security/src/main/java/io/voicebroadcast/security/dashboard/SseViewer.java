package io.voicebroadcast.security.dashboard;

import java.io.IOException;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A dashboard viewer over Server-Sent Events: what a feed's watch endpoint answers. */
public final class SseViewer {

    /** A viewer's stream ends after this; the page connects again. */
    public static final Duration WATCH_TIMEOUT = Duration.ofMinutes(30);

    private SseViewer() {
    }

    /**
     * A new viewer of {@code feed} on an SSE response, ended when the client goes, the stream times
     * out or the feed closes.
     *
     * @throws TooManyViewersException when the feed has its maximum of viewers
     */
    public static ResponseEntity<SseEmitter> watch(DashboardFeed feed) {
        SseEmitter emitter = new SseEmitter(WATCH_TIMEOUT.toMillis());
        Viewer viewer = feed.watch(new Viewer.Connection() {
            @Override
            public void send(String event, String data) throws IOException {
                emitter.send(SseEmitter.event().name(event).data(data));
            }

            @Override
            public void close() {
                emitter.complete();
            }
        });
        emitter.onCompletion(viewer::close);
        emitter.onTimeout(viewer::close);
        emitter.onError(e -> viewer.close());
        // no proxy may hold the stream back to buffer it
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("X-Accel-Buffering", "no").body(emitter);
    }
}
