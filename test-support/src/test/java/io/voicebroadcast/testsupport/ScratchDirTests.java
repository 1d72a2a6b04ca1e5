package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ScratchDirTests {

    @Test
    void close_deletesTheWholeTree_readOnlyFilesAndEmptyDirectoriesIncluded() throws Exception {
        ScratchDir scratch = ScratchDir.create("scratch-test-");
        Path nested = scratch.directory("a/b/c");
        Files.writeString(nested.resolve("file.txt"), "x");
        Path readOnly = Files.writeString(scratch.resolve("read-only"), "y");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--------"));
        scratch.directory("empty");

        scratch.close();

        assertThat(scratch.path()).doesNotExist();
        scratch.close(); // again: nothing left to do, no error
    }

    @Test
    void theName_startsWithThePrefix_underJavaIoTmpdir_andCarriesTheRunsMark() {
        try (ScratchDir scratch = ScratchDir.create("scratch-test-")) {
            assertThat(scratch.path().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            assertThat(scratch.path().getFileName().toString()).startsWith("scratch-test-" + ScratchDir.runMark());
            assertThat(scratch.path()).isDirectory();
        }
    }

    @Test
    void aTreeAlreadyGone_isNotAnError() throws Exception {
        ScratchDir.deleteRecursively(Path.of(System.getProperty("java.io.tmpdir"), "scratch-test-never-made-" + System.nanoTime()));
    }
}
