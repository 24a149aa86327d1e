package dev.kurier.cli;

/**
 * The command line (or the input a command line promised, such as {@code KEY SEP VALUE} lines) is malformed.
 * Reported as one line plus the command's short usage; exit code {@value Kurier#EXIT_USAGE}.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Help.Topic help;

    /** A usage error explained by {@code message}; the usage shown is {@code help}'s. */
    public UsageException(Help.Topic help, String message) {
        super(message);
        this.help = help;
    }

    /** The command whose usage goes with the message. */
    public Help.Topic help() {
        return help;
    }
}
