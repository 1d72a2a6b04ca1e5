package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.VoiceNodesApi;
import io.voicebroadcast.gamesession.api.model.VoiceNodesResponseDto;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class VoiceNodeController implements VoiceNodesApi {

    private final VoiceNodesView nodes;

    VoiceNodeController(VoiceNodesView nodes) {
        this.nodes = nodes;
    }

    @Override
    public ResponseEntity<VoiceNodesResponseDto> listVoiceNodes() {
        return ResponseEntity.ok(nodes.nodes());
    }
}
