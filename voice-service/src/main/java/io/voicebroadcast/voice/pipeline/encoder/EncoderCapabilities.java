package io.voicebroadcast.voice.pipeline.encoder;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an FFmpeg build can encode and under which licence, read from the text of
 * {@code ffmpeg -hide_banner -encoders} and {@code ffmpeg -hide_banner -buildconf}.
 * Decisions are made from these facts, never from the binary's name or path.
 *
 * @param videoEncoders encoder names with the {@code V} flag, in listing order
 * @param audioEncoders encoder names with the {@code A} flag, in listing order
 * @param gpl           configured with {@code --enable-gpl}: anything it produces is under GPL terms
 * @param nonfree       configured with {@code --enable-nonfree}: not redistributable at all
 * @param version3      configured with {@code --enable-version3}: (L)GPL version 3
 */
public record EncoderCapabilities(Set<String> videoEncoders, Set<String> audioEncoders,
                                  boolean gpl, boolean nonfree, boolean version3) {

    // " V....D libx264   libx264 H.264 / AVC ..." : six flag characters, then the name.
    private static final Pattern ENCODER_LINE = Pattern.compile("^\\s*([VAS])[.A-Z]{5}\\s+(\\S+)(?:\\s.*)?$");
    private static final String LEGEND_END = "------";

    public EncoderCapabilities {
        videoEncoders = Collections.unmodifiableSet(new LinkedHashSet<>(videoEncoders));
        audioEncoders = Collections.unmodifiableSet(new LinkedHashSet<>(audioEncoders));
    }

    public static EncoderCapabilities parse(String encodersText, String buildconfText) {
        Set<String> video = new LinkedHashSet<>();
        Set<String> audio = new LinkedHashSet<>();
        boolean pastLegend = false;
        for (String line : encodersText.split("\\R")) {
            if (!pastLegend) {
                // The legend above the separator ("V..... = Video") looks like an encoder line.
                pastLegend = line.strip().equals(LEGEND_END);
                continue;
            }
            Matcher m = ENCODER_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            switch (m.group(1)) {
                case "V" -> video.add(m.group(2));
                case "A" -> audio.add(m.group(2));
                default -> { /* subtitles do not matter here */ }
            }
        }
        if (!pastLegend) {
            throw new IllegalArgumentException("not the output of 'ffmpeg -encoders': no '------' line after the legend");
        }
        if (!buildconfText.contains("configuration:")) {
            throw new IllegalArgumentException("not the output of 'ffmpeg -buildconf': no 'configuration:' line");
        }
        return new EncoderCapabilities(video, audio,
                configured(buildconfText, "gpl"), configured(buildconfText, "nonfree"), configured(buildconfText, "version3"));
    }

    /** configure reads its flags left to right, so the last of --enable-X / --disable-X wins. */
    private static boolean configured(String buildconfText, String feature) {
        boolean enabled = false;
        for (String token : buildconfText.split("\\s+")) {
            if (token.equals("--enable-" + feature)) {
                enabled = true;
            } else if (token.equals("--disable-" + feature)) {
                enabled = false;
            }
        }
        return enabled;
    }

    public boolean hasVideoEncoder(String name) {
        return videoEncoders.contains(name);
    }

    public boolean hasAudioEncoder(String name) {
        return audioEncoders.contains(name);
    }

    /** A one-line summary for the start-up log. */
    public String licence() {
        String base = gpl ? "GPL" : "LGPL";
        return (version3 ? base + " v3" : base) + (nonfree ? ", nonfree (not redistributable)" : "");
    }
}
