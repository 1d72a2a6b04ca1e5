package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageDependenciesTests {

    @TempDir
    Path src;

    private void write(String path, String text) throws IOException {
        Path file = src.resolve("com/example/app").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aCycle_isReported_withAFileForEachEdge() throws IOException {
        write("config/Settings.java", "package com.example.app.config;\nimport com.example.app.events.Queues;\nrecord Settings() {}\n");
        write("events/Queues.java", "package com.example.app.events;\nimport com.example.app.config.Settings;\nrecord Queues() {}\n");
        write("web/Api.java", "package com.example.app.web;\nimport com.example.app.events.Queues;\nclass Api {}\n");

        PackageDependencies deps = PackageDependencies.read(src, "com.example.app");

        assertThat(deps.cycles()).containsExactly(
                "config -> events (config/Settings.java), events -> config (events/Queues.java)");
        assertThat(deps.dependenciesOf("web")).containsExactly("events");
    }

    @Test
    void aFullyQualifiedName_countsLikeAnImport_andSubpackagesBelongToTheirPackage() throws IOException {
        write("pipeline/encoder/Args.java", "package com.example.app.pipeline.encoder;\n"
                + "import org.springframework.stereotype.Component;\n"
                + "class Args { Object o = com.example.app.stream.Status.NONE; }\n");
        write("stream/Status.java", "package com.example.app.stream;\nenum Status { NONE }\n");

        PackageDependencies deps = PackageDependencies.read(src, "com.example.app");

        assertThat(deps.dependenciesOf("pipeline")).containsExactly("stream");
        assertThat(deps.importsOf("pipeline")).containsExactly("org.springframework.stereotype.Component");
        assertThat(deps.dependenciesOf("stream")).isEmpty();
        assertThat(deps.cycles()).isEmpty();
    }
}
