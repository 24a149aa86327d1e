package dev.kurier.spring;

import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.BackOff;
import dev.kurier.spring.listener.ConsumerRecordRecoverer;
import dev.kurier.spring.listener.DeadLetterRecoverer;
import dev.kurier.spring.listener.KurierErrorHandler;
import dev.kurier.spring.listener.LoggingRecoverer;
import dev.kurier.spring.listener.RetryingErrorHandler;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the default {@link KurierErrorHandler} from {@code kurier.listener.error-handler.*}: a
 * {@link RetryingErrorHandler} with the configured back-off and a dead-letter or logging recoverer. A bad value
 * fails startup with an {@link InvalidConfigurationPropertyValueException} naming the property.
 */
public final class KurierErrorHandlers {

    private static final String PRE = "kurier.listener.error-handler.";

    private KurierErrorHandlers() {
    }

    /** The handler the properties describe; {@code template} is looked up only when a record is dead-lettered. */
    public static RetryingErrorHandler fromProperties(KurierProperties.ErrorHandler p,
                                                      Supplier<? extends KurierTemplate<?, ?>> template) {
        BackOff backOff = backOff(p);
        Set<Class<? extends Throwable>> notRetryable = new LinkedHashSet<>();
        for (Class<? extends Throwable> c : p.getNotRetryableExceptions()) {
            if (c == null) {
                throw new InvalidConfigurationPropertyValueException(PRE + "not-retryable-exceptions", null,
                        "an entry is empty");
            }
            notRetryable.add(c);
        }
        return new RetryingErrorHandler(backOff, notRetryable, recoverer(p, template));
    }

    /** The back-off of {@code p}, validated. */
    static BackOff backOff(KurierProperties.ErrorHandler p) {
        var b = p.getBackOff();
        if (p.getMaxAttempts() < 1) {
            throw new InvalidConfigurationPropertyValueException(PRE + "max-attempts", p.getMaxAttempts(),
                    "must be at least 1 (1 turns retries off)");
        }
        Duration initial = b.getInitialInterval();
        if (initial == null || initial.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(PRE + "back-off.initial-interval", initial,
                    "must be zero or positive");
        }
        if (!(b.getMultiplier() >= 1.0) || Double.isInfinite(b.getMultiplier())) {
            throw new InvalidConfigurationPropertyValueException(PRE + "back-off.multiplier", b.getMultiplier(),
                    "must be a number of at least 1 (1 keeps the back-off fixed)");
        }
        Duration max = b.getMaxInterval();
        if (max == null || max.compareTo(initial) < 0) {
            throw new InvalidConfigurationPropertyValueException(PRE + "back-off.max-interval", max,
                    "must not be below back-off.initial-interval (" + initial + ")");
        }
        return new BackOff(initial, b.getMultiplier(), max, p.getMaxAttempts());
    }

    private static ConsumerRecordRecoverer recoverer(KurierProperties.ErrorHandler p,
                                                     Supplier<? extends KurierTemplate<?, ?>> template) {
        KurierProperties.Recoverer kind = p.getRecoverer();
        if (kind == null) {
            throw new InvalidConfigurationPropertyValueException(PRE + "recoverer", null, "use DEAD_LETTER or LOG");
        }
        // The dead-letter settings are checked even when logging, so a mistake shows before it is switched on.
        ConsumerRecordRecoverer deadLetter = deadLetter(p, template);
        return kind == KurierProperties.Recoverer.LOG ? new LoggingRecoverer() : deadLetter;
    }

    private static ConsumerRecordRecoverer deadLetter(KurierProperties.ErrorHandler p,
                                                      Supplier<? extends KurierTemplate<?, ?>> template) {
        KurierProperties.DeadLetter d = p.getDeadLetter();
        Duration timeout = d.getSendTimeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationPropertyValueException(PRE + "dead-letter.send-timeout", timeout,
                    "must be positive");
        }
        String fixed = d.getTopic();
        if (fixed != null && !fixed.isBlank()) {
            String topic = fixed.trim();
            checkTopicName(PRE + "dead-letter.topic", topic);
            return new DeadLetterRecoverer(template, r -> topic, timeout);
        }
        String suffix = d.getTopicSuffix();
        if (suffix == null || suffix.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(PRE + "dead-letter.topic-suffix", suffix,
                    "must not be empty (the dead-letter topic would be the topic itself); set dead-letter.topic for "
                            + "one shared topic");
        }
        checkTopicName(PRE + "dead-letter.topic-suffix", "t" + suffix);
        return new DeadLetterRecoverer(template, DeadLetterRecoverer.suffixed(suffix), timeout);
    }

    private static void checkTopicName(String property, String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-') {
                throw new InvalidConfigurationPropertyValueException(property, name,
                        "topic names take only ASCII letters, digits, '.', '_' and '-'");
            }
        }
    }
}
