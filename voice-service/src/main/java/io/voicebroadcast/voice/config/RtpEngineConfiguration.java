package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.participant.AudioInputRouting;
import io.voicebroadcast.voice.participant.RoomParticipants;
import io.voicebroadcast.voice.participant.RtpEngineAudioInput;
import io.voicebroadcast.voice.participant.RtpEngineAudioInputFactory;
import io.voicebroadcast.voice.retry.Backoff;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.voice.rtpengine.NgAddress;
import io.voicebroadcast.voice.rtpengine.NgClient;
import io.voicebroadcast.voice.rtpengine.SdpOfferCheck;
import io.voicebroadcast.voice.rtpengine.SubscriptionSdp;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Audio mode {@code rtpengine}: the ng client, the rooms' participants and the audio input routing. */
@Configuration(proxyBeanMethods = false)
class RtpEngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RtpEngineConfiguration.class);

    @Bean
    RoomParticipants roomParticipants(RtpEngineProperties p, AudioModeProperties mode, RoomDirectory rooms, MeterRegistry meters) {
        Optional<NgClient> ng = Optional.empty();
        if (p.configured()) {
            NgAddress address;
            try {
                address = NgAddress.parse(p.ngUrl());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("VOICE_RTPENGINE_NG_URL: " + e.getMessage(), e);
            }
            // Reply sizes by command: a reply growing towards a UDP datagram's 64 KB shows here first.
            NgClient.ExchangeListener replySizes = (command, request, reply) -> DistributionSummary.builder("voice.rtpengine.reply")
                    .baseUnit("bytes").description("size of RTPEngine's ng replies").tag("command", command)
                    .register(meters).record(reply.length);
            ng = Optional.of(new NgClient(new NgClient.Settings(address, Duration.ofMillis(p.timeoutMs()), p.retries()), replySizes));
            log.info("RTPEngine ng at {} (timeout {} ms, {} retries); rooms default to audio mode {}", address, p.timeoutMs(),
                    p.retries(), mode.audioMode().name().toLowerCase());
        }
        return new RoomParticipants(rooms, ng, new SdpOfferCheck(), mode.audioMode());
    }

    @Bean
    AudioInputRouting rtpEngineAudioRouting(RtpEngineProperties p, RoomParticipants participants) {
        if (!p.configured()) {
            return AudioInputRouting.DIRECT_ONLY;
        }
        NgClient ng = participants.ng().orElseThrow();
        SubscriptionSdp sdp = new SubscriptionSdp(p.answerAddress());
        RtpEngineAudioInput.Settings settings = new RtpEngineAudioInput.Settings(p.toTag(), Duration.ofMillis(p.queryIntervalMs()),
                Duration.ofMillis(p.resubscribeInitialMs()), Duration.ofMillis(p.resubscribeMaxMs()));
        return (direct, ports) -> new RtpEngineAudioInputFactory(direct, participants, ng, sdp, ports, System::nanoTime, settings,
                () -> new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble()));
    }
}
