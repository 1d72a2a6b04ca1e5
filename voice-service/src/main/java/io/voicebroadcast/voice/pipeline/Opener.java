package io.voicebroadcast.voice.pipeline;

import java.util.List;

/**
 * Turns a validated location into an {@link Opening} right before a process opens it: the egress
 * policy's second look, taken again before every start and reconnect, so that a name that now
 * resolves to a forbidden address is refused even though it passed at validation.
 */
@FunctionalInterface
public interface Opener {

    /** A local file: nothing on the network to check. */
    Opener LOCAL_FILE = location -> new Opening(List.of(), location);

    /**
     * @throws EgressException (masked message) when the host cannot be resolved or its address is
     *                         not allowed now; no process may be started then
     */
    Opening open(String location);
}
