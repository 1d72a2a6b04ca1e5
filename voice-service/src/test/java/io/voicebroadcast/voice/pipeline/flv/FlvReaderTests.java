package io.voicebroadcast.voice.pipeline.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlvReaderTests {

    @Test
    void readsEveryTag_withItsKind_andEndsAtTheEndOfTheStream() throws IOException {
        byte[] file = Tags.file(List.of(Tags.metadata(), Tags.videoConfig(0, 1), Tags.audioConfig(0), Tags.keyframe(21),
                Tags.audio(23), Tags.frame(54), Tags.audio(0x1234567)));
        FlvReader reader = new FlvReader(new ByteArrayInputStream(file));

        List<FlvTag> tags = new ArrayList<>();
        FlvTag t;
        while ((t = reader.next()) != null) {
            tags.add(t);
        }

        assertThat(tags).hasSize(7);
        assertThat(tags.get(0).isScript()).isTrue();
        assertThat(tags.get(1).isSequenceHeader()).isTrue();
        assertThat(tags.get(1).isKeyframe()).as("a sequence header is where no picture starts").isFalse();
        assertThat(tags.get(2).isSequenceHeader()).isTrue();
        assertThat(tags.get(3).isKeyframe()).isTrue();
        assertThat(tags.get(3).timestamp()).isEqualTo(21);
        assertThat(tags.get(5).isKeyframe()).isFalse();
        assertThat(tags.get(6).timestamp()).as("the 8-bit extension above the 24 bits").isEqualTo(0x1234567);
    }

    @Test
    void anEmptyStream_hasNoTags() throws IOException {
        assertThat(new FlvReader(new ByteArrayInputStream(new byte[0])).next()).isNull();
    }

    @Test
    void whatIsNotFlv_isRefused() {
        assertThatThrownBy(() -> new FlvReader(new ByteArrayInputStream("GIF89a....................".getBytes())).next())
                .isInstanceOf(FlvFormatException.class).hasMessage("not an FLV stream");
    }

    @Test
    void aTagWhoseSizeDoesNotAddUp_isRefused() throws IOException {
        byte[] file = Tags.file(List.of(Tags.keyframe(0)));
        file[file.length - 1] ^= 1;
        assertThatThrownBy(() -> new FlvReader(new ByteArrayInputStream(file)).next()).isInstanceOf(FlvFormatException.class);
    }

    @Test
    void aStreamCutInsideATag_isAnEndOfFile() throws IOException {
        byte[] file = Tags.file(List.of(Tags.keyframe(0)));
        FlvReader reader = new FlvReader(new ByteArrayInputStream(Arrays.copyOf(file, file.length - 3)));
        assertThatThrownBy(reader::next).isInstanceOf(EOFException.class);
    }
}
