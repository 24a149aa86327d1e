package dev.kurier.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options found on a command line, by {@link Option#id()}, in the order given. Filled by
 * {@link OptionParser}; read by the commands.
 */
public final class ParsedOptions {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    void add(Option option, String value) {
        List<String> list = values.computeIfAbsent(option.id(), k -> new ArrayList<>());
        if (!list.isEmpty() && !option.repeatable()) {
            throw new UsageException(null, "option " + option.display() + " given more than once");
        }
        list.add(value);
    }

    /** Whether the option (flag or valued) was given. */
    public boolean has(String id) {
        return values.containsKey(id);
    }

    /** The value of a single-valued option, or {@code null}. */
    public String get(String id) {
        List<String> list = values.get(id);
        return list == null ? null : list.get(list.size() - 1);
    }

    /** Every value of a repeatable option, in order (empty if not given). */
    public List<String> all(String id) {
        List<String> list = values.get(id);
        return list == null ? List.of() : List.copyOf(list);
    }
}
