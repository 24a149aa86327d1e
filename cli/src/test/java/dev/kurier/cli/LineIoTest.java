package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.Header;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.TimestampType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading stdin lines as bytes and writing records as lines. */
class LineIoTest {

    private static List<String> lines(byte[] input) throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(input));
        List<String> out = new ArrayList<>();
        while (r.next()) {
            out.add(new String(r.bytes(), 0, r.length(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void splitsOnLfAndDropsCr() throws IOException {
        assertThat(lines("a\nb\r\n\nc".getBytes(StandardCharsets.ISO_8859_1))).containsExactly("a", "b", "", "c");
        assertThat(lines("a\r".getBytes(StandardCharsets.ISO_8859_1))).containsExactly("a");
        assertThat(lines(new byte[0])).isEmpty();
        assertThat(lines("\n".getBytes(StandardCharsets.ISO_8859_1))).containsExactly("");
    }

    @Test
    void longAndBinaryLinesPassUnchanged() throws IOException {
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 'x');
        big[100] = (byte) 0xff;
        big[101] = 0;
        byte[] input = Arrays.copyOf(big, big.length + 2);
        input[big.length] = '\n';
        input[big.length + 1] = 'z';
        List<String> got = lines(input);
        assertThat(got).hasSize(2);
        assertThat(got.get(0).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(big);
        assertThat(got.get(1)).isEqualTo("z");
    }

    private static String write(byte[] sep, boolean headers, ConsumerRecord<byte[], byte[]> record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new RecordWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), sep, headers).write(record);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, List<Header> headers) {
        return new ConsumerRecord<>("t", 0, 0, 0, TimestampType.CREATE_TIME,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers, -1, -1, -1);
    }

    @Test
    void valueOnlyKeyedAndNulls() {
        assertThat(write(null, false, record("k", "v", List.of()))).isEqualTo("v\n");
        assertThat(write(":".getBytes(), false, record("k", "v", List.of()))).isEqualTo("k:v\n");
        assertThat(write(":".getBytes(), false, record(null, null, List.of()))).isEqualTo(":\n");
        assertThat(write(null, false, record(null, null, List.of()))).isEqualTo("\n");
    }

    @Test
    void headersAreEscapedAndComeFirst() {
        List<Header> headers = List.of(Header.of("a", "1"), Header.of("b,=", "x\\y\tz\n"), new Header("n", null),
                Header.of("e", ""));
        assertThat(write(":".getBytes(), true, record("k", "v", headers)))
                .isEqualTo("a=1,b\\,\\==x\\\\y\\tz\\n,n,e=\tk:v\n");
        assertThat(write(null, true, record(null, "v", List.of()))).isEqualTo("\tv\n");
    }
}
