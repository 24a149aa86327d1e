package dev.kurier.cli;

import java.util.List;

/** One {@code kurier} command. A new instance serves one run: {@link #parse}, then {@link #run} unless --help. */
interface Command {

    /**
     * Parses the arguments after the command word into {@code options}; global options may appear among them.
     *
     * @throws UsageException for anything malformed
     */
    void parse(List<String> args, ParsedOptions options);

    /** The help page of what was parsed (a subcommand's, say). */
    Help.Topic help();

    /** Runs; returns the exit code. Exceptions are reported by {@link Kurier} as errors (exit 1). */
    int run(Invocation invocation) throws Exception;
}
