package dev.kurier.spring.actuate;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Registers {@link KurierSecretsSanitizer} when Actuator is on the classpath. */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class KurierActuatorAutoConfiguration {

    /** Masks Kurier's secrets in the configprops and env endpoints. */
    @Bean
    @ConditionalOnMissingBean(KurierSecretsSanitizer.class)
    public KurierSecretsSanitizer kurierSecretsSanitizer() {
        return new KurierSecretsSanitizer();
    }
}
