package dev.kurier.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void theFirstMatchingLineOfThisRunIsFoundEvenWhenTheTailNoLongerShowsIt() throws IOException {
        Path log = dir.resolve("broker.log");
        Files.writeString(log, "old run: java.net.BindException: from before\n", StandardCharsets.UTF_8);
        long start = Files.size(log);
        StringBuilder run = new StringBuilder("starting\n  Caused by: java.net.BindException: Address already in use  \n");
        for (int i = 0; i < 100; i++) {
            run.append("config line ").append(i).append('\n');
        }
        Files.writeString(log, run, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        assertThat(LogTail.of(log, 40)).doesNotContain("BindException");
        assertThat(LogTail.firstLineSince(log, start, "java.net.BindException"))
                .isEqualTo("Caused by: java.net.BindException: Address already in use");
        assertThat(LogTail.firstLineSince(log, start, "no such text")).isNull();
    }

    @Test
    void aMissingFileHasNoLines() {
        assertThat(LogTail.firstLineSince(dir.resolve("absent.log"), 0, "x")).isNull();
        assertThat(LogTail.of(dir.resolve("absent.log"), 5)).contains("does not exist");
    }
}
