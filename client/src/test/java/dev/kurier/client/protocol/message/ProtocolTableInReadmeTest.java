package dev.kurier.client.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of APIs and versions is the one the generator wrote for this build. */
class ProtocolTableInReadmeTest {

    @Test
    void readmeListsTheGeneratedApisAndVersions() throws IOException {
        String table = Files.readString(Path.of("target", "generated-docs", "protocol-apis.md"));
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("<!-- protocol-apis:start");
        int end = readme.indexOf("<!-- protocol-apis:end -->");
        assertThat(start).as("the README marks the table").isPositive();
        String inReadme = readme.substring(readme.indexOf('\n', start) + 1, end);
        assertThat(inReadme).as("README table (copy client/target/generated-docs/protocol-apis.md into it)")
                .isEqualTo(table);
    }
}
