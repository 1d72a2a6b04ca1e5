package io.voicebroadcast.voice.probe;

/**
 * What a validated URL points at, and the FFmpeg protocols it may use. Each whitelist is the
 * smallest set that FFmpeg 5.1 needs for that kind (checked by {@code ProtocolWhitelistFfmpegTests}):
 * a nested protocol missing from the list makes FFmpeg refuse with "Protocol 'tcp' not on
 * whitelist", and anything a URL could smuggle in ({@code concat:}, {@code subfile:}, {@code file:}
 * behind an HTTP redirect, an HLS playlist) is refused the same way.
 */
public enum UrlKind {

    RTMP(UrlKind.RTMP_PROTOCOLS, true, false),
    RTMPS(UrlKind.RTMPS_PROTOCOLS, true, true),
    HTTP(UrlKind.HTTP_PROTOCOLS, false, false),
    /** No plain {@code http}: a redirect from HTTPS down to HTTP is refused. */
    HTTPS(UrlKind.HTTPS_PROTOCOLS, false, true),
    FILE(UrlKind.FILE_PROTOCOLS, false, false),
    /** An SRT destination in caller mode; libsrt opens its own UDP socket. */
    SRT(UrlKind.SRT_PROTOCOLS, false, false);

    public static final String RTMP_PROTOCOLS = "rtmp,tcp";
    public static final String RTMPS_PROTOCOLS = "rtmps,tls,tcp";
    public static final String HTTP_PROTOCOLS = "http,tcp";
    public static final String HTTPS_PROTOCOLS = "https,tls,tcp";
    public static final String FILE_PROTOCOLS = "file";
    public static final String SRT_PROTOCOLS = "srt";

    private final String protocolWhitelist;
    private final boolean live;
    private final boolean tls;

    UrlKind(String protocolWhitelist, boolean live, boolean tls) {
        this.protocolWhitelist = protocolWhitelist;
        this.live = live;
        this.tls = tls;
    }

    /** The value for FFmpeg's {@code -protocol_whitelist} when opening a URL of this kind. */
    public String protocolWhitelist() {
        return protocolWhitelist;
    }

    /** A live protocol (a camera that can come and go), not a file or a download. */
    public boolean isLive() {
        return live;
    }

    /** Runs over TLS: FFmpeg needs {@code -tls_verify 1}, it does not verify certificates by default. */
    public boolean usesTls() {
        return tls;
    }
}
