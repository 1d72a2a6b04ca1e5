package io.voicebroadcast.gamesession.testing;

import io.voicebroadcast.gamesession.voice.StreamDestination;

/** Destinations for tests: a few URLs with their secrets, and destinations named or not. */
public final class Destinations {

    public static final String TWITCH = "rtmp://live.twitch.tv/app/sk_live_twitch";
    public static final String YOUTUBE = "rtmp://a.rtmp.youtube.com/live2/yt-key-1234";
    public static final String SRT_STREAM_ID = "publish:race-42";
    public static final String SRT_PASSPHRASE = "correct-horse-battery";
    public static final String SRT = "srt://srt.example.com:9000?streamid=" + SRT_STREAM_ID + "&passphrase=" + SRT_PASSPHRASE;
    public static final String OTHER = "rtmps://other.example.com/app/other-key";

    private Destinations() {
    }

    public static StreamDestination d(String id, String url) {
        return new StreamDestination(id, url);
    }

    /** A destination given without an id. */
    public static StreamDestination unnamed(String url) {
        return new StreamDestination(null, url);
    }
}
