package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The option parser, delimiters and -o forms. */
class ParsingTest {

    private static final List<Option> OPTIONS = List.of(
            Option.value("topic", "-t", "--topic", "TOPIC"),
            Option.value("offset", "-o", "--offset", "WHERE"),
            Option.repeatable("header", "-H", "--header", "KEY=VALUE"),
            Option.flag("print-headers", null, "--print-headers"));

    private static ParsedOptions parse(List<String> positionalsOut, String... args) {
        ParsedOptions o = new ParsedOptions();
        positionalsOut.addAll(OptionParser.parse(List.of(args), OPTIONS, o, false, Help.Topic.MAIN));
        return o;
    }

    @Test
    void valueForms() {
        List<String> pos = new java.util.ArrayList<>();
        ParsedOptions o = parse(pos, "-torders", "-o", "-10", "--header=a=1", "--header", "b", "--print-headers", "x",
                "--", "-t", "--print-headers");
        assertThat(o.get("topic")).isEqualTo("orders");
        assertThat(o.get("offset")).isEqualTo("-10");
        assertThat(o.all("header")).containsExactly("a=1", "b");
        assertThat(o.has("print-headers")).isTrue();
        assertThat(o.get("print-headers")).isNull();
        assertThat(pos).containsExactly("x", "-t", "--print-headers");
    }

    @Test
    void stopsAtTheFirstPositionalWhenAsked() {
        ParsedOptions o = new ParsedOptions();
        List<String> rest = OptionParser.parse(List.of("-t", "a", "produce", "-t", "b"), OPTIONS, o, true, Help.Topic.MAIN);
        assertThat(rest).containsExactly("produce", "-t", "b");
        assertThat(o.get("topic")).isEqualTo("a");
        assertThat(OptionParser.parse(List.of("-", "x"), OPTIONS, new ParsedOptions(), true, Help.Topic.MAIN))
                .containsExactly("-", "x");
    }

    @Test
    void errorsCarryTheHelpTopic() {
        assertThatThrownBy(() -> OptionParser.parse(List.of("-q"), OPTIONS, new ParsedOptions(), false, Help.Topic.CONSUME))
                .isInstanceOfSatisfying(UsageException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("unknown option -q");
                    assertThat(e.help()).isEqualTo(Help.Topic.CONSUME);
                });
        assertThatThrownBy(() -> OptionParser.parse(List.of("--print-headersx"), OPTIONS, new ParsedOptions(), false,
                Help.Topic.MAIN)).hasMessage("unknown option --print-headersx");
    }

    @Test
    void delimiterEscapes() {
        assertThat(Delimiter.parse(":", "-K", Help.Topic.MAIN)).containsExactly(':');
        assertThat(Delimiter.parse("\\t", "-K", Help.Topic.MAIN)).containsExactly('\t');
        assertThat(Delimiter.parse("a\\\\b", "-K", Help.Topic.MAIN)).containsExactly('a', '\\', 'b');
        assertThat(Delimiter.parse("\\x1f", "-K", Help.Topic.MAIN)).containsExactly(0x1f);
        assertThat(Delimiter.parse("→", "-K", Help.Topic.MAIN)).containsExactly(0xe2, 0x86, 0x92);
        assertThat(Delimiter.parse("x\\", "-K", Help.Topic.MAIN)).containsExactly('x', '\\');
        assertThatThrownBy(() -> Delimiter.parse("\\xg1", "-K", Help.Topic.MAIN)).isInstanceOf(UsageException.class)
                .hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> Delimiter.parse("\\x1", "-K", Help.Topic.MAIN)).isInstanceOf(UsageException.class);
        byte[] line = "k::v::w".getBytes();
        assertThat(Delimiter.indexOf(line, line.length, "::".getBytes())).isEqualTo(1);
        assertThat(Delimiter.indexOf(line, 2, "::".getBytes())).isEqualTo(-1);
    }

    @Test
    void startOffsets() {
        assertThat(StartOffset.parse("beginning", Help.Topic.CONSUME)).isEqualTo(new StartOffset(StartOffset.Kind.BEGINNING, 0));
        assertThat(StartOffset.parse("end", Help.Topic.CONSUME).kind()).isEqualTo(StartOffset.Kind.END);
        assertThat(StartOffset.parse("42", Help.Topic.CONSUME)).isEqualTo(new StartOffset(StartOffset.Kind.ABSOLUTE, 42));
        assertThat(StartOffset.parse("-3", Help.Topic.CONSUME)).isEqualTo(new StartOffset(StartOffset.Kind.FROM_END, 3));
        assertThat(StartOffset.parse(String.valueOf(Long.MIN_VALUE), Help.Topic.CONSUME).value()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> StartOffset.parse("stored", Help.Topic.CONSUME)).isInstanceOf(UsageException.class);
    }
}
