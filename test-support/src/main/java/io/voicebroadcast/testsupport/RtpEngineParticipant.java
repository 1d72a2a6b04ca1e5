package io.voicebroadcast.testsupport;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a participant joins a room in audio mode {@code rtpengine}, as a WebRTC gateway would for
 * it: a sendonly SDP offer for one audio stream goes through the voice service's API (which
 * publishes it in RTPEngine), and the answer says where RTPEngine takes the participant's RTP;
 * the caller then sends there (an {@link RtpTone}, or any FFmpeg RTP output).
 */
public final class RtpEngineParticipant {

    private static final Pattern M_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");

    private RtpEngineParticipant() {
    }

    /** The participant's sendonly offer: one audio stream from 127.0.0.1:{@code port}, 20 ms packets. */
    public static String offer(int port, int payloadType, String rtpmap) {
        return "v=0\r\n"
                + "o=- " + port + " 1 IN IP4 127.0.0.1\r\n"
                + "s=participant\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + payloadType + "\r\n"
                + "a=rtpmap:" + payloadType + " " + rtpmap + "\r\n"
                + "a=sendonly\r\n"
                + "a=ptime:20\r\n";
    }

    public static String offer(int port, RtpTone.Codec codec) {
        return offer(port, codec.payloadType(), codec.rtpmap());
    }

    /** The port of the first audio stream of an SDP answer. */
    public static int answeredPort(String sdp) {
        Matcher m = M_PORT.matcher(sdp);
        if (!m.find()) {
            throw new IllegalStateException("no m=audio port in the SDP answer: " + sdp);
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code POST /voice/room/participant/join} with the participant's offer, as the API answers it. */
    public static JsonHttp.Response joinRequest(JsonHttp api, UUID room, String participantId, String sdpOffer) {
        return api.post("/voice/room/participant/join", Map.of("roomId", room.toString(), "participantId", participantId,
                "sdpOffer", sdpOffer));
    }

    /**
     * Joins through the API and returns the port RTPEngine takes the participant's RTP on.
     *
     * @param offerPort the participant's own port in its offer (nothing is sent there: it only sends)
     * @throws IllegalStateException when the service does not answer 200 with an SDP answer
     */
    public static int join(JsonHttp api, UUID room, String participantId, RtpTone.Codec codec, int offerPort) {
        JsonHttp.Response r = joinRequest(api, room, participantId, offer(offerPort, codec));
        if (r.status() != 200 || r.text("sdpAnswer") == null) {
            throw new IllegalStateException(participantId + " could not join: HTTP " + r.status() + " " + r.body());
        }
        return answeredPort(r.text("sdpAnswer"));
    }

    /** {@code POST /voice/room/participant/leave}; the API's answer (204 when the participant was in the room). */
    public static JsonHttp.Response leave(JsonHttp api, UUID room, String participantId) {
        return api.post("/voice/room/participant/leave", Map.of("roomId", room.toString(), "participantId", participantId));
    }
}
