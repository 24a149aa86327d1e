package dev.kurier.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a running command may use: the streams, the environment, the parsed options and the cancellation
 * signal.
 *
 * @param in           stdin
 * @param out          stdout (records, results)
 * @param err          stderr (errors)
 * @param env          the environment variables
 * @param options      every option of the command line
 * @param cancellation signalled on Ctrl-C / SIGTERM (or by a test)
 */
record Invocation(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, ParsedOptions options,
                  Cancellation cancellation) {

    /** The Kafka client config map of the global options ({@link ClientSettings}). */
    Map<String, Object> clientConfig(Help.Topic help) {
        return ClientSettings.from(options, env, help);
    }
}
