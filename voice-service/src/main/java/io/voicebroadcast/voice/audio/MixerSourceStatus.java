package io.voicebroadcast.voice.audio;

/**
 * One source of an {@link AudioMixer} as the status shows it.
 *
 * @param gain       linear gain applied in the mix (1.0 = as received)
 * @param excluded   decoded and metered, but not in the mix
 * @param levelDbfs  RMS of the source as received (before gain), over the last 200 ms, see {@link AudioLevel}
 */
public record MixerSourceStatus(String id, RtpPayloadFormat format, double gain, boolean excluded, double levelDbfs,
                                RtpStreamStats stats) {
}
