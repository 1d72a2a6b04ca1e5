package io.voicebroadcast.voice.participant;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.participant.SubscriptionPlan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionPlanTests {

    @Test
    void samePublishers_intactSubscription_doNothing() {
        assertThat(SubscriptionPlan.decide(List.of("a", "b"), List.of("b", "a"), false).action()).isEqualTo(Action.NOTHING);
    }

    @Test
    void aJoin_resubscribesTheFullList_keepingExistingPorts() {
        SubscriptionPlan plan = SubscriptionPlan.decide(List.of("a", "b", "c"), List.of("a", "b"), false);
        assertThat(plan.action()).isEqualTo(Action.SUBSCRIBE);
        assertThat(plan.fromTags()).containsExactly("a", "b", "c");
        assertThat(plan.keep()).containsExactlyInAnyOrder("a", "b");
        assertThat(plan.remove()).isEmpty();
    }

    @Test
    void aLeave_removesOnlyThatSource_withoutAnyCommand() {
        SubscriptionPlan plan = SubscriptionPlan.decide(List.of("a", "c"), List.of("a", "b", "c"), false);
        assertThat(plan.action()).isEqualTo(Action.REMOVE);
        assertThat(plan.keep()).containsExactlyInAnyOrder("a", "c");
        assertThat(plan.remove()).containsExactly("b");
    }

    @Test
    void aLeaveAndAJoinAtOnce_resubscribe() {
        SubscriptionPlan plan = SubscriptionPlan.decide(List.of("a", "d"), List.of("a", "b"), false);
        assertThat(plan.action()).isEqualTo(Action.SUBSCRIBE);
        assertThat(plan.keep()).containsExactly("a");
        assertThat(plan.remove()).containsExactly("b");
    }

    @Test
    void staleSubscription_startsOverWithNewPorts_evenWithTheSamePublishers() {
        SubscriptionPlan plan = SubscriptionPlan.decide(List.of("a", "b"), List.of("a", "b"), true);
        assertThat(plan.action()).isEqualTo(Action.SUBSCRIBE);
        assertThat(plan.keep()).isEmpty();
        assertThat(plan.remove()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void nobodyPublishes_dropsEverySource_andNothingToDoWhenAlreadyEmpty() {
        assertThat(SubscriptionPlan.decide(List.of(), List.of("a"), false).action()).isEqualTo(Action.DROP_ALL);
        assertThat(SubscriptionPlan.decide(List.of(), List.of("a"), true).remove()).containsExactly("a");
        assertThat(SubscriptionPlan.decide(List.of(), List.of(), false).action()).isEqualTo(Action.NOTHING);
    }
}
