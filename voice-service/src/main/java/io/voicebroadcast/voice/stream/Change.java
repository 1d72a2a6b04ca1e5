package io.voicebroadcast.voice.stream;

import java.util.function.Consumer;
import java.util.function.Function;

/** What an update asks of one setting: keep it as it is, clear it, or set it to a value. */
public sealed interface Change<T> {

    record Keep<T>() implements Change<T> {
    }

    record Clear<T>() implements Change<T> {
    }

    record Set<T>(T value) implements Change<T> {
    }

    static <T> Change<T> keep() {
        return new Keep<>();
    }

    static <T> Change<T> clear() {
        return new Clear<>();
    }

    static <T> Change<T> set(T value) {
        return new Set<>(value);
    }

    /** The same request for a value derived from this one (e.g. a validated URL). */
    default <R> Change<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Set<T> s) {
            return new Set<>(f.apply(s.value()));
        }
        return this instanceof Clear ? clear() : keep();
    }

    /** The setting after the change, given what it is now: null when cleared. */
    default T applyTo(T current) {
        if (this instanceof Set<T> s) {
            return s.value();
        }
        return this instanceof Clear ? null : current;
    }

    /** Runs what the change asks for; nothing for Keep. */
    default void apply(Consumer<? super T> set, Runnable clear) {
        if (this instanceof Set<T> s) {
            set.accept(s.value());
        } else if (this instanceof Clear) {
            clear.run();
        }
    }

    default boolean isKeep() {
        return this instanceof Keep;
    }
}
