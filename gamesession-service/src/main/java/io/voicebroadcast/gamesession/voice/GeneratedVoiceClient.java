package io.voicebroadcast.gamesession.voice;

import io.voicebroadcast.security.SecretRedactor;
import io.voicebroadcast.gamesession.voice.client.ApiClient;
import io.voicebroadcast.gamesession.voice.client.api.VoiceRoomsApi;
import io.voicebroadcast.gamesession.voice.client.api.VoiceStreamingApi;
import io.voicebroadcast.gamesession.voice.client.model.AddDestinationRequest;
import io.voicebroadcast.gamesession.voice.client.model.CreateRoomRequest;
import io.voicebroadcast.gamesession.voice.client.model.DestinationRequest;
import io.voicebroadcast.gamesession.voice.client.model.LayoutName;
import io.voicebroadcast.gamesession.voice.client.model.LayoutRequest;
import io.voicebroadcast.gamesession.voice.client.model.SlotSources;
import io.voicebroadcast.gamesession.voice.client.model.DestinationStatus;
import io.voicebroadcast.gamesession.voice.client.model.RemoveDestinationRequest;
import io.voicebroadcast.gamesession.voice.client.model.RoomIdRequest;
import io.voicebroadcast.gamesession.voice.client.model.RoomResponse;
import io.voicebroadcast.gamesession.voice.client.model.RoomTier;
import io.voicebroadcast.gamesession.voice.client.model.StartStreamRequest;
import io.voicebroadcast.gamesession.voice.client.model.StopStreamRequest;
import io.voicebroadcast.gamesession.voice.client.model.StreamStatusRequest;
import io.voicebroadcast.gamesession.voice.client.model.StreamStatusResponse;
import io.voicebroadcast.gamesession.voice.client.model.UpdateStreamRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The voice service through the client generated from {@code schemas/voice-api.yaml} (Java on
 * Spring's RestClient, Jackson 3). One attempt per call; {@link RetryingVoiceClient} retries.
 * Every failure becomes a {@link VoiceCallException} whose message has the request's secrets
 * redacted and every URL masked: the voice service masks its answers, this makes sure.
 */
public final class GeneratedVoiceClient implements VoiceClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final VoiceRoomsApi rooms;
    private final VoiceStreamingApi streaming;
    /** The same API with a shorter answer timeout, for status questions (a start probes URLs; a status answers at once). */
    private final VoiceStreamingApi statusQuestions;

    public GeneratedVoiceClient(String baseUrl, String adminToken, Duration connectTimeout, Duration readTimeout) {
        this(baseUrl, adminToken, connectTimeout, readTimeout, readTimeout);
    }

    public GeneratedVoiceClient(String baseUrl, String adminToken, Duration connectTimeout, Duration readTimeout,
                                Duration statusReadTimeout) {
        this.baseUrl = baseUrl;
        ApiClient api = api(baseUrl, adminToken, connectTimeout, readTimeout);
        this.rooms = new VoiceRoomsApi(api);
        this.streaming = new VoiceStreamingApi(api);
        this.statusQuestions = new VoiceStreamingApi(api(baseUrl, adminToken, connectTimeout, statusReadTimeout));
    }

    private static ApiClient api(String baseUrl, String adminToken, Duration connectTimeout, Duration readTimeout) {
        // HTTP/1.1: the JDK client would otherwise offer an h2c upgrade on every request.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(readTimeout);
        RestClient rest = ApiClient.buildRestClientBuilder(ApiClient.createDefaultMapper(null)).requestFactory(requests).build();
        ApiClient api = new ApiClient(rest);
        api.setBasePath(baseUrl);
        api.setBearerToken(adminToken);
        return api;
    }

    @Override
    public UUID createScaledRoom(String displayName) {
        RoomResponse room = call(VoiceOperation.CREATE_ROOM, List.of(),
                () -> rooms.createRoom(new CreateRoomRequest().tier(RoomTier.SCALED).displayName(displayName)));
        return room.getRoomId();
    }

    @Override
    public void deleteRoom(UUID roomId) {
        call(VoiceOperation.DELETE_ROOM, List.of(), () -> {
            rooms.deleteRoom(new RoomIdRequest().roomId(roomId));
            return null;
        });
    }

    /**
     * Every destination goes in {@code destinations} with its id, the first one first, rather than
     * the first in {@code rtmpOutputUrl}: there the voice service would name it itself.
     */
    @Override
    public VoiceStreamState startStream(UUID roomId, VoiceStreamSpec spec) {
        StartStreamRequest request = new StartStreamRequest().roomId(roomId)
                .destinations(spec.destinations().stream().map(d -> new DestinationRequest().destinationId(d.id()).url(d.url())).toList());
        if (spec.layout() == null) {
            request.backgroundVideoUrl(spec.backgroundVideoUrl()).fallbackStreamUrl(spec.fallbackStreamUrl())
                    .fallbackImageUrl(spec.fallbackImageUrl());
        } else {
            // in a layout, slot 0's sources go in slots[0] with the others'
            List<SlotSources> slots = new ArrayList<>();
            slots.add(new SlotSources().backgroundVideoUrl(spec.backgroundVideoUrl()).fallbackStreamUrl(spec.fallbackStreamUrl())
                    .fallbackImageUrl(spec.fallbackImageUrl()));
            spec.slotBackgrounds().forEach(u -> slots.add(new SlotSources().backgroundVideoUrl(u.isEmpty() ? null : u)));
            request.layout(LayoutName.fromValue(spec.layout())).slots(slots);
        }
        return toState(call(VoiceOperation.START, spec.urls(), () -> streaming.startRoomStream(request)));
    }

    @Override
    public VoiceStreamState addDestination(UUID roomId, StreamDestination destination) {
        AddDestinationRequest request = new AddDestinationRequest().roomId(roomId).destinationId(destination.id())
                .url(destination.url());
        return toState(call(VoiceOperation.ADD_DESTINATION, List.of(destination.url()), () -> streaming.addStreamDestination(request)));
    }

    @Override
    public VoiceStreamState removeDestination(UUID roomId, String destinationId) {
        return toState(call(VoiceOperation.REMOVE_DESTINATION, List.of(),
                () -> streaming.removeStreamDestination(new RemoveDestinationRequest().roomId(roomId).destinationId(destinationId))));
    }

    @Override
    public VoiceStreamState updateStream(UUID roomId, StreamChange change) {
        UpdateStreamRequest request = new UpdateStreamRequest().roomId(roomId).rtmpOutputUrl(change.rtmpOutputUrl())
                .backgroundVideoUrl(change.backgroundVideoUrl()).fallbackStreamUrl(change.fallbackStreamUrl())
                .fallbackImageUrl(change.fallbackImageUrl());
        List<String> secrets = new ArrayList<>();
        for (String url : new String[] {change.rtmpOutputUrl(), change.backgroundVideoUrl(), change.fallbackStreamUrl(), change.fallbackImageUrl()}) {
            if (url != null && !url.isEmpty()) {
                secrets.add(url);
            }
        }
        return toState(call(VoiceOperation.UPDATE, secrets, () -> streaming.updateRoomStream(request)));
    }

    @Override
    public VoiceStreamState switchLayout(UUID roomId, VoiceStreamSpec spec) {
        List<SlotSources> slots = new ArrayList<>();
        slots.add(new SlotSources()); // slot 0 keeps its sources: the update sets them
        spec.slotBackgrounds().forEach(u -> slots.add(new SlotSources().backgroundVideoUrl(u)));
        LayoutRequest request = new LayoutRequest().roomId(roomId)
                .layout(LayoutName.fromValue(spec.layout() == null ? VoiceStreamSpec.SINGLE : spec.layout())).slots(slots);
        return toState(call(VoiceOperation.LAYOUT, spec.slotBackgrounds().stream().filter(u -> !u.isEmpty()).toList(),
                () -> streaming.switchRoomStreamLayout(request)));
    }

    @Override
    public VoiceStreamState stopStream(UUID roomId) {
        return toState(call(VoiceOperation.STOP, List.of(), () -> streaming.stopRoomStream(new StopStreamRequest().roomId(roomId))));
    }

    @Override
    public VoiceStreamState streamStatus(UUID roomId) {
        return toState(call(VoiceOperation.STATUS, List.of(),
                () -> statusQuestions.getRoomStreamStatus(new StreamStatusRequest().roomId(roomId))));
    }

    private <T> T call(VoiceOperation op, List<String> secretUrls, Supplier<T> request) {
        SecretRedactor redactor = new SecretRedactor(secretUrls);
        try {
            return request.get();
        } catch (RestClientResponseException e) {
            int status = e.getStatusCode().value();
            Problem problem = Problem.parse(e.getResponseBodyAsString());
            String text = "voice " + op + ": HTTP " + status + (problem.title() == null ? "" : " " + problem.title())
                    + (problem.detail() == null ? "" : ": " + problem.detail());
            VoiceFailure failure = status >= 500 ? VoiceFailure.SERVER_ERROR : VoiceFailure.REJECTED;
            throw new VoiceCallException(op, failure, status, problem.typeName(), redactor.redact(text));
        } catch (ResourceAccessException e) {
            throw new VoiceCallException(op, VoiceFailure.UNREACHABLE, null, null,
                    redactor.redact("voice " + op + ": no answer from " + baseUrl + ": " + rootCause(e)));
        } catch (RestClientException | IllegalArgumentException e) {
            throw new VoiceCallException(op, VoiceFailure.UNREADABLE, null, null,
                    redactor.redact("voice " + op + ": unreadable answer: " + e.getClass().getSimpleName()));
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static VoiceStreamState toState(StreamStatusResponse r) {
        if (r == null) {
            throw new VoiceCallException(VoiceOperation.STATUS, VoiceFailure.UNREADABLE, null, null, "voice: empty answer");
        }
        return new VoiceStreamState(r.getRoomId(), Boolean.TRUE.equals(r.getIsStreaming()),
                r.getHealth() == null ? null : r.getHealth().getValue(),
                r.getVideoSourceType() == null ? null : r.getVideoSourceType().getValue(),
                r.getCurrentVideoSource(), r.getHealthMessage(),
                r.getStartedAt() == null ? null : r.getStartedAt().toInstant(), r.getEncoderRestarts(),
                r.getDestinations() == null ? List.of() : r.getDestinations().stream().map(GeneratedVoiceClient::toState).toList());
    }

    private static VoiceDestinationState toState(DestinationStatus d) {
        return new VoiceDestinationState(d.getDestinationId(), d.getUrl(), d.getState() == null ? null : d.getState().getValue(),
                d.getSince() == null ? null : d.getSince().toInstant(), d.getBytesSent(), d.getBitrateKbps(), d.getReconnects(),
                d.getSkippedToKeyframe(), d.getLastError(), d.getLastErrorKind() == null ? null : d.getLastErrorKind().getValue());
    }

    /** The parts of an RFC 9457 answer this client reports; any field may be missing. */
    record Problem(String type, String title, String detail) {

        static Problem parse(String body) {
            try {
                JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
                if (json == null || !json.isObject()) {
                    return new Problem(null, null, null);
                }
                return new Problem(text(json, "type"), text(json, "title"), text(json, "detail"));
            } catch (RuntimeException e) {
                return new Problem(null, null, null);
            }
        }

        private static String text(JsonNode json, String field) {
            JsonNode n = json.get(field);
            return n == null || n.isNull() ? null : n.asString();
        }

        /** {@code https://voice-broadcast.dev/problems/already-streaming} -> {@code already-streaming}. */
        String typeName() {
            return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
        }
    }
}
