package io.voicebroadcast.voice.probe;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.stream.InvalidStreamRequestException;
import io.voicebroadcast.voice.stream.UrlValidation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The streaming layer's URL checks: {@link UrlPolicy} for the format and the allowed places,
 * {@link RtmpConnectProbe} for the output (handshake and {@code connect}, no publish), and
 * {@link StreamInfoProbe} for a background stream. Every failure is a 400 with a masked message.
 */
public final class ProbingUrlValidation implements UrlValidation {

    private final UrlPolicy policy;
    private final RtmpConnectProbe rtmpProbe;
    private final StreamInfoProbe streamProbe;

    public ProbingUrlValidation(List<Path> allowedDirectories, String ffprobePath, Duration probeTimeout) {
        this.policy = new UrlPolicy(allowedDirectories);
        this.rtmpProbe = new RtmpConnectProbe(probeTimeout);
        // A read timeout a little under the probe timeout lets ffprobe stop by itself, with a clearer reason.
        Duration readTimeout = probeTimeout.minusMillis(500).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : probeTimeout.minusMillis(500);
        this.streamProbe = new StreamInfoProbe(Path.of(ffprobePath), probeTimeout, readTimeout);
    }

    @Override
    public OutputTarget output(String field, String url) {
        ValidatedUrl v = validate(() -> policy.validateOutput(url));
        return new OutputTarget(v.value(), v.masked(), v.kind().protocolWhitelist());
    }

    @Override
    public MediaInput background(String field, String url) {
        return input(validate(() -> policy.validateBackgroundVideo(url)));
    }

    @Override
    public MediaInput fallbackStream(String field, String url) {
        return input(validate(() -> policy.validateFallbackStream(url)));
    }

    @Override
    public MediaInput image(String field, String url) {
        return input(validate(() -> policy.validateFallbackImage(url)));
    }

    @Override
    public void probeOutput(String field, OutputTarget output) {
        ValidatedUrl v = new ValidatedUrl(output.location(), kindOf(output.protocolWhitelist()), output.masked());
        if (rtmpProbe.probe(v) instanceof RtmpProbeResult.Failed f) {
            throw new InvalidStreamRequestException(field + ": the RTMP destination " + f.target()
                    + " failed validation (" + f.failure().name().toLowerCase() + "): " + f.detail());
        }
    }

    @Override
    public void probeBackground(String field, MediaInput input) {
        // Already validated: rebuild the validated form rather than validating a second time.
        ValidatedUrl v = new ValidatedUrl(input.location(), kindOf(input.protocolWhitelist()), input.masked());
        try {
            streamProbe.probe(v);
        } catch (ProbeFailedException e) {
            throw new InvalidStreamRequestException(field + ": the stream " + input.masked() + " could not be read ("
                    + e.failure().name().toLowerCase() + "): " + e.getMessage());
        }
    }

    private static UrlKind kindOf(String protocolWhitelist) {
        for (UrlKind kind : UrlKind.values()) {
            if (kind.protocolWhitelist().equals(protocolWhitelist)) {
                return kind;
            }
        }
        throw new IllegalStateException("no URL kind has the protocol whitelist " + protocolWhitelist);
    }

    private static MediaInput input(ValidatedUrl v) {
        return new MediaInput(v.value(), v.masked(), v.isLiveStream(), v.kind().protocolWhitelist());
    }

    private static ValidatedUrl validate(java.util.function.Supplier<ValidatedUrl> check) {
        try {
            return check.get();
        } catch (InvalidUrlException e) {
            throw new InvalidStreamRequestException(e.getMessage());
        }
    }
}
