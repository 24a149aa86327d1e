package dev.kurier.spring.devbroker;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code kurier.bootstrap-servers} is not set in any form (a string, a YAML list, indexed keys). */
class OnBootstrapServersAbsentCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        boolean bound = Binder.get(context.getEnvironment())
                .bind("kurier.bootstrap-servers", Bindable.listOf(String.class))
                .map(List::isEmpty).map(empty -> !empty).orElse(false);
        return bound ? ConditionOutcome.noMatch("kurier.bootstrap-servers is set")
                : ConditionOutcome.match("kurier.bootstrap-servers is not set");
    }
}
