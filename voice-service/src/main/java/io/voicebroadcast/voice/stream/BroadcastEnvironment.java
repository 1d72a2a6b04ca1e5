package io.voicebroadcast.voice.stream;

/**
 * What every broadcast of this node shares, by concern. A room's stream composes all of them; each
 * part it is made of takes only the concern it needs (the encoder's supervisor, for one, sees
 * supervision, time and metrics; a destination's, its destination settings).
 */
public record BroadcastEnvironment(ProcessSettings processes, CascadeSettings cascade, SupervisionSettings supervision,
                                   DestinationSettings destinations, StreamReporting reporting, StreamTime time) {
}
