package io.voicebroadcast.voice.probe;

/** The first video stream of an input, as ffprobe reports it. */
public record StreamInfo(String videoCodec, int width, int height) {
}
