package dev.kurier.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A small getopt-like parser. Accepts {@code -x VALUE}, {@code -xVALUE}, {@code --name VALUE},
 * {@code --name=VALUE}, flags {@code -x} and {@code --name}, and {@code --} to end options. A value is taken
 * as given even when it starts with a dash ({@code -o -10}). Short flags are not bundled ({@code -vq}).
 */
final class OptionParser {

    private OptionParser() {
    }

    /**
     * Parses {@code args} against {@code options}, adding what it finds to {@code into}.
     *
     * @param stopAtPositional return at the first positional argument (the command word), leaving it and
     *                         everything after it unparsed
     * @return the positional arguments (with {@code stopAtPositional}: the first positional and all after it)
     * @throws UsageException for an unknown option, a missing value, a flag given a value, or a repeated option
     */
    static List<String> parse(List<String> args, List<Option> options, ParsedOptions into, boolean stopAtPositional,
                              Help.Topic help) {
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (stopAtPositional) {
                    positionals.addAll(args.subList(i, args.size()));
                    break;
                }
                positionals.add(arg);
                continue;
            }
            try {
                if (arg.startsWith("--")) {
                    i = parseLong(args, i, options, into);
                } else {
                    i = parseShort(args, i, options, into);
                }
            } catch (UsageException e) {
                throw e.help() == null ? new UsageException(help, e.getMessage()) : e;
            }
        }
        return positionals;
    }

    private static int parseLong(List<String> args, int i, List<Option> options, ParsedOptions into) {
        String arg = args.get(i);
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        Option option = find(options, name, false);
        if (!option.takesValue()) {
            if (eq >= 0) {
                throw new UsageException(null, "option " + name + " takes no value");
            }
            into.add(option, null);
            return i;
        }
        if (eq >= 0) {
            into.add(option, arg.substring(eq + 1));
            return i;
        }
        return takeNext(args, i, option, into);
    }

    private static int parseShort(List<String> args, int i, List<Option> options, ParsedOptions into) {
        String arg = args.get(i);
        String name = arg.substring(0, 2);
        Option option = find(options, name, true);
        if (!option.takesValue()) {
            if (arg.length() > 2) {
                throw new UsageException(null, "unknown option " + arg);
            }
            into.add(option, null);
            return i;
        }
        if (arg.length() > 2) {
            into.add(option, arg.substring(2));
            return i;
        }
        return takeNext(args, i, option, into);
    }

    private static int takeNext(List<String> args, int i, Option option, ParsedOptions into) {
        if (i + 1 >= args.size()) {
            throw new UsageException(null, "option " + option.display() + " needs a value (" + option.valueName() + ")");
        }
        into.add(option, args.get(i + 1));
        return i + 1;
    }

    private static Option find(List<Option> options, String name, boolean isShort) {
        for (Option o : options) {
            if (name.equals(isShort ? o.shortName() : o.longName())) {
                return o;
            }
        }
        throw new UsageException(null, "unknown option " + name);
    }
}
