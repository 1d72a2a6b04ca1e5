package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeTests {

    @Test
    void keep_leavesTheSettingAsItIs_andDoesNothing() {
        List<String> done = new ArrayList<>();
        Change<String> keep = Change.keep();
        keep.apply(v -> done.add("set " + v), () -> done.add("clear"));

        assertThat(keep.applyTo("rtmp://old")).isEqualTo("rtmp://old");
        assertThat(keep.map(String::length)).isEqualTo(Change.keep());
        assertThat(keep.isKeep()).isTrue();
        assertThat(done).isEmpty();
    }

    @Test
    void clear_removesTheSetting() {
        List<String> done = new ArrayList<>();
        Change<String> clear = Change.clear();
        clear.apply(v -> done.add("set " + v), () -> done.add("clear"));

        assertThat(clear.applyTo("rtmp://old")).isNull();
        assertThat(clear.map(String::length)).isEqualTo(Change.clear());
        assertThat(done).containsExactly("clear");
    }

    @Test
    void set_replacesTheSetting_andMapsItsValueOnly() {
        List<String> done = new ArrayList<>();
        Change<String> set = Change.set("rtmp://new");
        set.apply(v -> done.add("set " + v), () -> done.add("clear"));

        assertThat(set.applyTo("rtmp://old")).isEqualTo("rtmp://new");
        assertThat(set.map(String::length)).isEqualTo(Change.set(10));
        assertThat(done).containsExactly("set rtmp://new");
    }
}
