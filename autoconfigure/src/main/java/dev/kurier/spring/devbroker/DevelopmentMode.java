package dev.kurier.spring.devbroker;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches in development only, as Spring Boot's Docker Compose support does: {@code kurier.dev-broker.enabled=true}
 * always matches and {@code false} never; unset, it matches unless the application runs from a packaged jar
 * ({@code java -jar}) or under a test framework.
 */
class DevelopmentMode extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String enabled = context.getEnvironment().getProperty("kurier.dev-broker.enabled");
        if (enabled != null) {
            return Boolean.parseBoolean(enabled.trim()) ? ConditionOutcome.match("kurier.dev-broker.enabled=true")
                    : ConditionOutcome.noMatch("kurier.dev-broker.enabled=false");
        }
        String why = reasonNotDevelopment(Thread.currentThread().getStackTrace(),
                System.getProperty("sun.java.command", ""), Thread.currentThread().getContextClassLoader());
        return why == null ? ConditionOutcome.match("running in development")
                : ConditionOutcome.noMatch(why + "; set kurier.dev-broker.enabled=true to start a dev broker anyway");
    }

    /** Why this is not a development run (a test, a packaged jar), or {@code null} when it is one. */
    static String reasonNotDevelopment(StackTraceElement[] stack, String command, ClassLoader loader) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (c.startsWith("org.junit.") || c.startsWith("org.testng.")) {
                return "running under a test framework";
            }
        }
        String first = command.trim().split("\\s+", 2)[0];
        if (first.endsWith(".jar") || first.endsWith(".war")
                || (loader != null && loader.getClass().getName().startsWith("org.springframework.boot.loader."))) {
            return "running from a packaged jar";
        }
        return null;
    }
}
