package dev.kurier.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The producer settings {@code produce} and {@code perf produce} take as options of their own: {@code -z},
 * {@code --acks}, {@code --linger-ms}, {@code --batch-size}, {@code --idempotence}. Each maps to its Kafka key
 * and wins over the same key given with {@code -X} or {@code -F}.
 */
final class ProducerOptions {

    /** The options, to add to a command's own. */
    static final List<Option> OPTIONS = List.of(
            Option.value("compression", "-z", "--compression", "none|gzip|snappy|lz4|zstd"),
            Option.value("acks", null, "--acks", "0|1|all"),
            Option.value("linger-ms", null, "--linger-ms", "MS"),
            Option.value("batch-size", null, "--batch-size", "BYTES"),
            Option.value("idempotence", null, "--idempotence", "true|false"));

    private static final List<String> COMPRESSIONS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    private ProducerOptions() {
    }

    /**
     * Checks the options and returns them as Kafka keys ({@code compression.type}, {@code acks}, {@code linger.ms},
     * {@code batch.size}, {@code enable.idempotence}), only those given.
     *
     * @throws UsageException naming the option for a value it does not take
     */
    static Map<String, Object> parse(ParsedOptions options, Help.Topic help) {
        Map<String, Object> keys = new LinkedHashMap<>();
        String z = options.get("compression");
        if (z != null) {
            String type = z.trim().toLowerCase(Locale.ROOT);
            if (!COMPRESSIONS.contains(type)) {
                throw new UsageException(help, "option -z/--compression: '" + z
                        + "' is not none, gzip, snappy, lz4 or zstd");
            }
            keys.put("compression.type", type);
        }
        String acks = options.get("acks");
        if (acks != null) {
            String a = acks.trim().toLowerCase(Locale.ROOT);
            if (!a.equals("0") && !a.equals("1") && !a.equals("all") && !a.equals("-1")) {
                throw new UsageException(help, "option --acks: '" + acks + "' is not 0, 1 or all");
            }
            keys.put("acks", a.equals("-1") ? "all" : a);
        }
        Long linger = Values.longIn(options, "linger-ms", "--linger-ms", 0, Integer.MAX_VALUE, help);
        if (linger != null) {
            keys.put("linger.ms", linger.toString());
        }
        Integer batch = Values.intIn(options, "batch-size", "--batch-size", 0, Integer.MAX_VALUE, help);
        if (batch != null) {
            keys.put("batch.size", batch.toString());
        }
        String idem = options.get("idempotence");
        if (idem != null) {
            String i = idem.trim().toLowerCase(Locale.ROOT);
            if (!i.equals("true") && !i.equals("false")) {
                throw new UsageException(help, "option --idempotence: '" + idem + "' is not true or false");
            }
            keys.put("enable.idempotence", i);
        }
        return keys;
    }

    /** {@code config} with {@code overrides} put over it. */
    static Map<String, Object> merge(Map<String, Object> config, Map<String, Object> overrides) {
        Map<String, Object> all = new LinkedHashMap<>(config);
        all.putAll(overrides);
        return all;
    }
}
