package io.voicebroadcast.voice.stream;

import java.util.Collection;
import java.util.function.UnaryOperator;

/** Makes the masker for one broadcast: it masks every URL and the literal secrets of these URLs. */
public interface Redaction {

    UnaryOperator<String> forUrls(Collection<String> urls);
}
