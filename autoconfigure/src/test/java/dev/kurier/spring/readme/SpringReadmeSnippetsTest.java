package dev.kurier.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java example of the README is a compiled region: of {@link SpringReadmeSnippets} here, or of the client's
 * {@code ReadmeSnippets}. A Java block in the README that is neither fails the build.
 */
class SpringReadmeSnippetsTest {

    private static final Path SPRING = Path.of("src/test/java/dev/kurier/spring/readme/SpringReadmeSnippets.java");
    private static final Path CLIENT = Path.of("../client/src/test/java/dev/kurier/client/readme/ReadmeSnippets.java");

    /** Each {@code // readme:NAME} region of {@code source}, with the region's own indentation removed. */
    static Map<String, String> regions(Path source) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        int indent = 0;
        for (String line : Files.readAllLines(source)) {
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
    void everySpringRegionIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> regions = regions(SPRING);
        assertThat(regions).containsKeys("spring-listeners", "spring-batch", "spring-binder", "spring-request-reply");
        regions.forEach((name, code) -> assertThat(readme).as("README holds the '" + name + "' example as compiled in "
                + SPRING + " (copy it over)").contains("```java\n" + code + "```\n"));
    }

    @Test
    void everyJavaBlockOfTheReadmeIsCompiled() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> compiled = new ArrayList<>(regions(SPRING).values());
        compiled.addAll(regions(CLIENT).values());
        Matcher m = Pattern.compile("```java\n(.*?)```\n", Pattern.DOTALL).matcher(readme);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            assertThat(compiled).as("a Java block of the README that no test compiles:\n" + m.group(1))
                    .contains(m.group(1));
        }
        assertThat(blocks).isGreaterThanOrEqualTo(5);
    }
}
