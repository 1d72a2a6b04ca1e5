package io.voicebroadcast.voice.pipeline.layout;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The API's names of this package's enums: the constant's name in lower case ({@code side_by_side}). */
final class ApiNames {

    private ApiNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the known names, for an unknown one
     */
    static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "': one of "
                + Arrays.stream(type.getEnumConstants()).map(ApiNames::of).collect(Collectors.joining(", ")));
    }
}
