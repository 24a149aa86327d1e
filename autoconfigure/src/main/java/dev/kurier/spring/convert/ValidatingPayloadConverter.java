package dev.kurier.spring.convert;

import java.lang.reflect.Type;
import java.util.stream.Collectors;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Validates what another converter reads, with a Spring {@link Validator} (for example Boot's Bean Validation
 * one): used for listener payload parameters annotated {@code @Valid} or {@code @Validated}.
 */
public final class ValidatingPayloadConverter implements PayloadConverter {

    private final PayloadConverter delegate;
    private final Validator validator;

    /** Reads with {@code delegate}, then validates with {@code validator}. */
    public ValidatingPayloadConverter(PayloadConverter delegate, Validator validator) {
        this.delegate = delegate;
        this.validator = validator;
    }

    @Override
    public byte[] toBytes(String topic, Object value) {
        return delegate.toBytes(topic, value);
    }

    @Override
    public Object fromBytes(String topic, byte[] data, Type targetType) {
        Object value = delegate.fromBytes(topic, data, targetType);
        if (value == null || !validator.supports(value.getClass())) {
            return value;
        }
        Errors errors = new BeanPropertyBindingResult(value, "payload");
        validator.validate(value, errors);
        if (errors.hasErrors()) {
            String what = errors.getAllErrors().stream().map(e -> e instanceof org.springframework.validation.FieldError f
                    ? f.getField() + ": " + f.getDefaultMessage() : e.getDefaultMessage())
                    .collect(Collectors.joining("; "));
            throw new PayloadValidationException("a " + targetType.getTypeName() + " from topic " + topic
                    + " is not valid: " + what);
        }
        return value;
    }

    @Override
    public void requireReadable(Type targetType) {
        delegate.requireReadable(targetType);
    }
}
