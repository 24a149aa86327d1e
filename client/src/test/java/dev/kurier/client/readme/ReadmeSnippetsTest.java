package dev.kurier.client.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's client examples are the compiled regions of {@link ReadmeSnippets}, word for word. */
class ReadmeSnippetsTest {

    private static final Path SOURCE = Path.of("src/test/java/dev/kurier/client/readme/ReadmeSnippets.java");

    /** Each {@code // readme:NAME} region, with the region's own indentation removed. */
    static Map<String, String> regions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        int indent = 0;
        for (String line : Files.readAllLines(SOURCE)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("// readme:")) {
                String tag = trimmed.substring("// readme:".length());
                if (tag.equals("end")) {
                    out.put(name, String.join("\n", lines) + "\n");
                    name = null;
                } else {
                    name = tag;
                    lines = new ArrayList<>();
                    indent = line.indexOf('/');
                }
            } else if (name != null) {
                lines.add(line.length() >= indent ? line.substring(indent) : line.trim());
            }
        }
        return out;
    }

    @Test
    void everyRegionIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> regions = regions();
        assertThat(regions).containsKeys("five-lines", "admin");
        regions.forEach((name, code) -> assertThat(readme).as("README holds the '" + name + "' example as compiled in "
                + SOURCE + " (copy it over)").contains("```java\n" + code + "```\n"));
    }
}
