package dev.kurier.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels of the command. logback.xml keeps everything at WARN; {@code -v} lowers {@code dev.kurier} to
 * DEBUG for the run and restores it after (tests run many commands in one JVM).
 */
final class Logging {

    private static final String KURIER = "dev.kurier";

    private Logging() {
    }

    /** Sets {@code dev.kurier} to DEBUG; returns how to undo it. */
    static Runnable verbose() {
        if (!(LoggerFactory.getLogger(KURIER) instanceof Logger logger)) {
            return () -> { };  // another SLF4J backend is in charge
        }
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        return () -> logger.setLevel(before);
    }
}
