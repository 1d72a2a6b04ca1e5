package io.voicebroadcast.voice.rtpengine;

import java.util.List;

/**
 * Our answer to a subscribe offer.
 *
 * @param sdp      the recvonly SDP for {@code subscribe answer}
 * @param accepted the sources we will receive, in offer order
 * @param rejected from-tags whose section was refused (port 0) because it offered no codec we
 *                 decode; subscribe them again with transcoding to get them
 */
public record SubscriptionAnswer(String sdp, List<AnsweredSource> accepted, List<String> rejected) {

    public SubscriptionAnswer {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }
}
