package io.voicebroadcast.gamesession.camera;

/** What applying one event did to the registry. */
public sealed interface RegistryChange {

    /** The event changed the camera; {@code before} is null for a camera seen for the first time. */
    record Applied(CameraEvent event, Camera before, Camera after) implements RegistryChange {
    }

    /** The event is older than what the registry holds, or updates a camera that has ended. */
    record Ignored(CameraEvent event, String why) implements RegistryChange {
    }

    /** An update or end for a camera the registry has never seen (or forgot long after it ended). */
    record UnknownCamera(CameraEvent event) implements RegistryChange {
    }
}
