package io.voicebroadcast.testsupport.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What the generated requests aim at: real rooms and sessions of the services under test, so that
 * a bad field is judged where it matters (a start for a scaled room that exists reaches the URL
 * checks; one for an unknown room would stop at its 404).
 *
 * @param voiceToken       the voice service's admin token
 * @param gamesessionToken the GameSession service's admin token
 * @param scaledRooms      scaled rooms in audio mode direct, not streaming
 * @param p2pRoom          a P2P room
 * @param rtpengineRooms   scaled rooms in audio mode rtpengine (participants join these)
 * @param liveRoom         a scaled room that is on air for the whole run; never stopped or deleted by a request
 * @param validOutput      an RTMP output that accepts connect, without the key: {@code rtmp://127.0.0.1:P/out/}
 * @param closedPort       a loopback TCP port nothing listens on (refused at once)
 * @param allowedDir       the voice service's allowed file directory
 * @param allowedImage     a readable PNG in it
 * @param escapingLink     a symbolic link in it that points outside it
 * @param fifo             a named pipe in it (not a regular file)
 * @param sessions         GameSession sessions that have a configured broadcast
 */
public record FuzzTargets(String voiceToken, String gamesessionToken, List<UUID> scaledRooms, UUID p2pRoom,
                          List<UUID> rtpengineRooms, UUID liveRoom, String validOutput, int closedPort, Path allowedDir,
                          Path allowedImage, Path escapingLink, Path fifo, List<UUID> sessions) {

    public FuzzTargets {
        if (scaledRooms.isEmpty() || rtpengineRooms.isEmpty() || sessions.isEmpty()) {
            throw new IllegalArgumentException("the fuzz needs at least one room of each kind and one session");
        }
    }
}
