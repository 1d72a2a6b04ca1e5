package io.voicebroadcast.voice.participant;

import io.voicebroadcast.voice.audio.AudioMixer;
import io.voicebroadcast.voice.audio.UdpPortAllocator;
import io.voicebroadcast.voice.retry.Backoff;
import io.voicebroadcast.voice.room.AudioMode;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.room.RoomAudioRouting;
import io.voicebroadcast.voice.rtpengine.NgClient;
import io.voicebroadcast.voice.rtpengine.SubscriptionSdp;
import io.voicebroadcast.voice.stream.AudioInput;
import io.voicebroadcast.voice.stream.AudioInputFactory;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Chooses a room's audio input by its audio mode: {@code direct} (one RTP port, {@link
 * DirectAudioInputFactory}) or {@code rtpengine} (the call's publishers subscribed and mixed here).
 */
public final class RtpEngineAudioInputFactory implements AudioInputFactory {

    private final AudioInputFactory direct;
    private final RoomParticipants participants;
    private final NgClient ng;
    private final SubscriptionSdp sdp;
    private final UdpPortAllocator ports;
    private final LongSupplier nanoTime;
    private final RtpEngineAudioInput.Settings settings;
    private final Supplier<Backoff> backoff;

    public RtpEngineAudioInputFactory(AudioInputFactory direct, RoomParticipants participants, NgClient ng, SubscriptionSdp sdp,
                                      UdpPortAllocator ports, LongSupplier nanoTime, RtpEngineAudioInput.Settings settings,
                                      Supplier<Backoff> backoff) {
        this.direct = direct;
        this.participants = participants;
        this.ng = ng;
        this.sdp = sdp;
        this.ports = ports;
        this.nanoTime = nanoTime;
        this.settings = settings;
        this.backoff = backoff;
    }

    @Override
    public AudioInput open(Room room) {
        RoomAudioRouting routing = participants.routing(room.id());
        if (routing.mode() == AudioMode.DIRECT) {
            return direct.open(room);
        }
        RtpEngineAudioInput[] self = new RtpEngineAudioInput[1];
        RtpEngineAudioInput input = new RtpEngineAudioInput(room.id().toString().substring(0, 8), routing.callId(), ng, sdp, ports,
                AudioMixer.Settings.DEFAULTS, nanoTime, settings, backoff.get(), () -> participants.detach(room.id(), self[0]),
                routing.externalCall() ? null : () -> participants.joined(room.id()));
        self[0] = input;
        participants.attach(room.id(), input);
        // Never throws for RTPEngine's sake: a failed subscription is a health problem, retried.
        return input.start();
    }
}
