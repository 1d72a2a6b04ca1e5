package io.voicebroadcast.voice.probe;

import io.voicebroadcast.security.StreamKeyMasker;
import io.voicebroadcast.voice.egress.EgressPolicy;
import io.voicebroadcast.voice.pipeline.EgressException;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.Opener;
import io.voicebroadcast.voice.pipeline.Opening;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.stream.InvalidStreamRequestException;
import io.voicebroadcast.voice.stream.UrlNotAllowedException;
import io.voicebroadcast.voice.stream.UrlValidation;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The streaming layer's URL checks: {@link UrlPolicy} for the format and the allowed places,
 * {@link EgressPolicy} for the addresses a URL leads to (at validation here, and again before
 * every process start through the inputs' and outputs' opener), {@link RtmpConnectProbe} for an
 * RTMP(S) destination (handshake and {@code connect}, no publish; an SRT destination is checked
 * by its format and address only), and {@link StreamInfoProbe} for a stream
 * source. Every failure is a 400 with a masked message.
 */
public final class ProbingUrlValidation implements UrlValidation {

    private final UrlPolicy policy;
    private final EgressPolicy egress;
    private final RtmpConnectProbe rtmpProbe;
    private final StreamInfoProbe streamProbe;

    public ProbingUrlValidation(List<Path> allowedDirectories, EgressPolicy egress, String ffprobePath, Duration probeTimeout) {
        this.policy = new UrlPolicy(allowedDirectories);
        this.egress = egress;
        this.rtmpProbe = new RtmpConnectProbe(probeTimeout);
        // A read timeout a little under the probe timeout lets ffprobe stop by itself, with a clearer reason.
        Duration readTimeout = probeTimeout.minusMillis(500).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : probeTimeout.minusMillis(500);
        this.streamProbe = new StreamInfoProbe(Path.of(ffprobePath), probeTimeout, readTimeout);
    }

    @Override
    public OutputTarget output(String field, String url) {
        ValidatedUrl v = checked(field, url, () -> policy.validateOutput(field, url), false);
        return new OutputTarget(v.value(), v.masked(), v.kind().protocolWhitelist(), v.kind() == UrlKind.SRT ? "mpegts" : "flv", egress);
    }

    @Override
    public MediaInput background(String field, String url) {
        return input(checked(field, url, () -> policy.validateBackgroundVideo(url), false));
    }

    @Override
    public MediaInput fallbackStream(String field, String url) {
        return input(checked(field, url, () -> policy.validateFallbackStream(url), false));
    }

    /** An image whose host does not resolve is accepted: it is skipped when it cannot be loaded, as any image. */
    @Override
    public MediaInput image(String field, String url) {
        return input(checked(field, url, () -> policy.validateFallbackImage(url), true));
    }

    @Override
    public void probeOutput(String field, OutputTarget output) {
        ValidatedUrl v = new ValidatedUrl(output.location(), kindOf(output.protocolWhitelist()), output.masked());
        // resolved and checked once more, and the probe connects to exactly the address checked
        InetAddress address = allowed(field, output.masked(), () -> egress.checkLocation(output.location())).get(0);
        if (v.kind() == UrlKind.SRT) {
            return; // validated by its format: an SRT handshake without publishing is not something FFmpeg offers
        }
        if (rtmpProbe.probe(v, address) instanceof RtmpProbeResult.Failed f) {
            throw new InvalidStreamRequestException(field + ": the RTMP destination " + f.target()
                    + " failed validation (" + f.failure().name().toLowerCase() + "): " + f.detail());
        }
    }

    @Override
    public void probeBackground(String field, MediaInput input) {
        // Already validated: rebuild the validated form rather than validating a second time.
        ValidatedUrl v = new ValidatedUrl(input.location(), kindOf(input.protocolWhitelist()), input.masked());
        Opening opening = allowed(field, input.masked(), input::open);
        try {
            streamProbe.probe(v, opening);
        } catch (ProbeFailedException e) {
            throw new InvalidStreamRequestException(field + ": the stream " + input.masked() + " could not be read ("
                    + e.failure().name().toLowerCase() + "): " + e.getMessage());
        }
    }

    private ValidatedUrl checked(String field, String url, Supplier<ValidatedUrl> format, boolean unresolvedIsFine) {
        try {
            egress.checkLiteralHost(url);
        } catch (EgressException.NotAllowed e) {
            throw new UrlNotAllowedException(field, StreamKeyMasker.maskStrictly(url), e.getMessage());
        }
        ValidatedUrl v;
        try {
            v = format.get();
        } catch (InvalidUrlException e) {
            throw new InvalidStreamRequestException(e.getMessage());
        }
        if (v.kind() != UrlKind.FILE) {
            try {
                egress.checkLocation(v.value());
            } catch (EgressException.Unresolved e) {
                if (!unresolvedIsFine) {
                    throw new InvalidStreamRequestException(field + ": " + v.masked() + ": " + e.getMessage());
                }
            } catch (EgressException.NotAllowed e) {
                throw new UrlNotAllowedException(field, v.masked(), e.getMessage());
            }
        }
        return v;
    }

    private static <T> T allowed(String field, String masked, Supplier<T> check) {
        try {
            return check.get();
        } catch (EgressException.NotAllowed e) {
            throw new UrlNotAllowedException(field, masked, e.getMessage());
        } catch (EgressException.Unresolved e) {
            throw new InvalidStreamRequestException(field + ": " + masked + ": " + e.getMessage());
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

    private MediaInput input(ValidatedUrl v) {
        return new MediaInput(v.value(), v.masked(), v.isLiveStream(), v.kind().protocolWhitelist(),
                v.kind() == UrlKind.FILE ? Opener.LOCAL_FILE : egress);
    }
}
