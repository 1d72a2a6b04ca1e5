package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.VoiceNodeApi;
import io.voicebroadcast.voice.api.model.NodeStatusResponseDto;
import io.voicebroadcast.voice.fleet.NodeAnnouncer;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NodeController implements VoiceNodeApi {

    private final StreamingCoordinator streaming;
    private final ObjectProvider<NodeAnnouncer> announcer;

    NodeController(StreamingCoordinator streaming, ObjectProvider<NodeAnnouncer> announcer) {
        this.streaming = streaming;
        this.announcer = announcer;
    }

    @Override
    public ResponseEntity<NodeStatusResponseDto> drainNode() {
        NodeAnnouncer a = announcer.getIfAvailable();
        if (a == null) {
            streaming.drain();
        } else {
            a.announceDraining();
        }
        return ResponseEntity.ok(new NodeStatusResponseDto(streaming.isDraining(), streaming.maxStreams(), streaming.activeCount()));
    }
}
