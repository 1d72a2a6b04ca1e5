package io.voicebroadcast.voice.participant;

import io.voicebroadcast.voice.audio.JitterBuffer;
import io.voicebroadcast.voice.audio.RtpAudioReceiver;
import io.voicebroadcast.voice.audio.RtpPayloadFormat;
import io.voicebroadcast.voice.audio.RtpTotals;
import io.voicebroadcast.voice.audio.UdpPortAllocator;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.stream.AudioInput;
import io.voicebroadcast.voice.stream.AudioInputFactory;
import io.voicebroadcast.voice.stream.StreamCapacityException;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Audio mode {@code direct}: the room's mixed audio received as RTP on a port of the configured range. */
public final class DirectAudioInputFactory implements AudioInputFactory {

    private final UdpPortAllocator ports;
    private final LongSupplier nanoTime;
    private final Duration stopTimeout;

    public DirectAudioInputFactory(UdpPortAllocator ports, LongSupplier nanoTime, Duration stopTimeout) {
        this.ports = ports;
        this.nanoTime = nanoTime;
        this.stopTimeout = stopTimeout;
    }

    @Override
    public AudioInput open(Room room) {
        DatagramSocket socket;
        try {
            socket = ports.allocate();
        } catch (UdpPortAllocator.UdpPortsExhaustedException e) {
            throw new StreamCapacityException("No free audio RTP port on this node (VOICE_AUDIO_RTP_PORT_MIN..MAX): " + e.getMessage());
        }
        var audio = room.audio();
        RtpPayloadFormat format = RtpPayloadFormat.of(audio.codec().name().toLowerCase(), audio.payloadType(),
                audio.sampleRate(), audio.channels());
        RtpAudioReceiver receiver = new RtpAudioReceiver(socket, format, JitterBuffer.Settings.DEFAULTS, nanoTime, stopTimeout).start();
        return new AudioInput() {
            @Override
            public int port() {
                return receiver.localPort();
            }

            @Override
            public boolean isReceiving(long nowNanos, long thresholdNanos) {
                return receiver.isReceiving(nowNanos, thresholdNanos);
            }

            @Override
            public RtpTotals totals() {
                var s = receiver.stats();
                return new RtpTotals(1, s.packetsReceived(), s.late(), s.lost(), 0);
            }

            @Override
            public boolean read(short[] chunk) {
                return receiver.read(chunk);
            }

            @Override
            public void close() {
                receiver.close();
            }
        };
    }
}
