package io.voicebroadcast.voice.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * What every encoder of this node shares.
 *
 * @param videoCodecArgs the chosen H.264 encoder and its rate-control options ({@code -c:v ...})
 * @param audioBitrate   AAC bitrate, e.g. {@code 128k}
 * @param startTimeout   how long FFmpeg gets to open its inputs before the start counts as failed
 */
public record EncoderSettings(String ffmpegPath, VideoFormat format, List<String> videoCodecArgs, String audioBitrate,
                              Duration stopTimeout, Duration startTimeout) {

    public EncoderSettings withAudioBitrate(String bitrate) {
        return new EncoderSettings(ffmpegPath, format, videoCodecArgs, bitrate, stopTimeout, startTimeout);
    }
}
