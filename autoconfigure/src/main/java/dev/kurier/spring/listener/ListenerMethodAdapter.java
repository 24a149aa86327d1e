package dev.kurier.spring.listener;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.spring.annotation.Headers;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.Offset;
import dev.kurier.spring.annotation.Partition;
import dev.kurier.spring.annotation.Payload;
import dev.kurier.spring.annotation.Timestamp;
import dev.kurier.spring.annotation.Topic;
import dev.kurier.spring.convert.PayloadConverter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * Calls a {@code @KurierListener} method: resolves each parameter from the records once per call, by annotation
 * and type (see {@link dev.kurier.spring.annotation.KurierListener}). Every parameter is checked when the
 * adapter is built, so a parameter that cannot be resolved fails startup naming the method, not the first record.
 */
public final class ListenerMethodAdapter implements RecordHandler {

    private final Object bean;
    private final Method method;
    private final ArgumentResolver[] resolvers;
    private final boolean batch;
    private final ReplySender replies;
    /** Whether the method has an {@link Acknowledgment} parameter. */
    private final boolean takesAck;

    /** What one parameter gets from a call's records. */
    @FunctionalInterface
    private interface ArgumentResolver {
        Object resolve(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack);
    }

    /**
     * An adapter for {@code method} of {@code bean}.
     *
     * @throws IllegalStateException naming the method and parameter when a parameter cannot be resolved, or ack
     *                               mode MANUAL is used without an {@link Acknowledgment} parameter
     */
    public ListenerMethodAdapter(Object bean, Method method, boolean batch, AckMode ackMode, PayloadConverter converter) {
        this(bean, method, batch, ackMode, converter, null);
    }

    /**
     * As above; non-null return values are sent with {@code replies} ({@code null}: ignored) before the records are
     * acknowledged.
     *
     * @throws IllegalStateException also when {@code replies} is given and the method returns nothing
     */
    public ListenerMethodAdapter(Object bean, Method method, boolean batch, AckMode ackMode, PayloadConverter converter,
                                 ReplySender replies) {
        this(bean, method, batch, ackMode, converter, replies, null);
    }

    /**
     * As above; a payload parameter annotated {@code @Valid} (jakarta.validation) or {@code @Validated} is validated
     * with {@code validator} after conversion ({@code null}: not validated). An invalid payload fails the record with
     * a {@link dev.kurier.spring.convert.PayloadValidationException}, not retried.
     */
    public ListenerMethodAdapter(Object bean, Method method, boolean batch, AckMode ackMode, PayloadConverter converter,
                                 ReplySender replies, org.springframework.validation.Validator validator) {
        this.bean = bean;
        this.batch = batch;
        this.replies = replies;
        if (replies != null && (method.getReturnType() == void.class || method.getReturnType() == Void.class)) {
            throw new IllegalStateException("listener method " + describe(method) + " has @SendTo(\"" + replies.topic()
                    + "\") but returns nothing; return the value to send (null sends nothing)");
        }
        this.method = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(this.method);
        int n = method.getParameterCount();
        this.resolvers = new ArgumentResolver[n];
        boolean payloadSeen = false;
        boolean ackSeen = false;
        for (int i = 0; i < n; i++) {
            MethodParameter p = new MethodParameter(method, i);
            Class<?> raw = p.getParameterType();
            if (raw == Acknowledgment.class) {
                ackSeen = true;
            }
            boolean isPayload = isPayload(p, raw);
            if (isPayload) {
                if (payloadSeen) {
                    throw problem(method, p, "a second payload parameter; annotate the extra parameter (@Key, @Header, "
                            + "...) or remove it");
                }
                payloadSeen = true;
            }
            PayloadConverter pc = isPayload && validator != null && wantsValidation(p)
                    ? new dev.kurier.spring.convert.ValidatingPayloadConverter(converter, validator) : converter;
            resolvers[i] = batch ? batchResolver(method, p, raw, pc) : recordResolver(method, p, raw, pc);
        }
        this.takesAck = ackSeen;
        if (ackMode == AckMode.MANUAL && !ackSeen) {
            throw new IllegalStateException("listener method " + describe(method) + " uses ack mode MANUAL but has no "
                    + "Acknowledgment parameter, so its records would never count as processed");
        }
    }

    /**
     * {@inheritDoc} A batch listener whose record i cannot be converted is called with the records before it, and
     * then a {@link BatchFailure} at i is thrown: the container recovers that record alone and goes on after it.
     */
    @Override
    public void handle(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) throws Exception {
        if (!batch) {
            handleConverted(records, ack);
            return;
        }
        try {
            handleConverted(records, ack);
        } catch (ConversionFailure f) {
            if (f.index > 0) {
                int upTo = f.index;
                handle(records.subList(0, upTo), new Acknowledgment() {
                    @Override
                    public void acknowledge() {
                        ack.acknowledge(upTo - 1);
                    }

                    @Override
                    public void acknowledge(int index) {
                        if (index >= upTo) {
                            throw new IndexOutOfBoundsException("index " + index + " of a batch of " + upTo);
                        }
                        ack.acknowledge(index);
                    }

                    @Override
                    public void release() {
                        ack.release();
                    }

                    @Override
                    public void reject() {
                        ack.reject();
                    }
                });
            }
            throw new BatchFailure(f.index, f.getCause());
        }
    }

    /** A batch record that could not be converted: its index and the conversion error. */
    private static final class ConversionFailure extends RuntimeException {
        final int index;

        ConversionFailure(int index, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.index = index;
        }
    }

    private static Object convertAt(int index, java.util.function.Supplier<Object> conversion) {
        try {
            return conversion.get();
        } catch (RuntimeException e) {
            throw new ConversionFailure(index, e);
        }
    }

    private void handleConverted(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) throws Exception {
        if (replies == null) {
            invoke(records, ack);
            return;
        }
        // An acknowledgement during the call waits until the reply is sent: a crash in between must not lose it.
        DeferredAck deferred = new DeferredAck(ack);
        boolean sent = false;
        try {
            Object result = invoke(records, deferred);
            if (result != null) {
                replies.send(records, result, batch);
            }
            sent = true;
        } finally {
            deferred.settle(sent);
        }
    }

    private Object invoke(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) throws Exception {
        Object[] args = new Object[resolvers.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = resolvers[i].resolve(records, ack);
        }
        try {
            return method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The acknowledgement given to a method with a reply: held back while the call and its reply send run, passed on
     * once the reply is sent, dropped when the call or the send failed (the error handler then decides).
     */
    private static final class DeferredAck implements Acknowledgment {
        private final Acknowledgment target;
        private boolean settled;
        private boolean passOn;
        /** The acknowledgement asked for during the call: all ({@code -1}) or up to an index; none: {@code -2}. */
        private int requested = -2;

        DeferredAck(Acknowledgment target) {
            this.target = target;
        }

        @Override
        public void acknowledge() {
            request(-1);
        }

        @Override
        public void acknowledge(int index) {
            if (index < 0) {
                throw new IndexOutOfBoundsException("index " + index);
            }
            request(index);
        }

        @Override
        public void nack(java.time.Duration sleep) {
            target.nack(sleep); // delivered again: nothing to hold back
        }

        @Override
        public void nack(int index, java.time.Duration sleep) {
            target.nack(index, sleep);
        }

        @Override
        public void release() {
            target.release(); // delivered again: nothing to hold back
        }

        @Override
        public void reject() {
            target.reject();
        }

        private void request(int what) {
            boolean now;
            synchronized (this) {
                requested = requested == -1 || what == -1 ? -1 : Math.max(requested, what);
                now = settled && passOn;
            }
            if (now) {
                passOn(what);
            }
        }

        void settle(boolean sent) {
            int what;
            synchronized (this) {
                settled = true;
                passOn = sent;
                what = sent ? requested : -2;
            }
            if (what != -2) {
                passOn(what);
            }
        }

        private void passOn(int what) {
            if (what == -1) {
                target.acknowledge();
            } else {
                target.acknowledge(what);
            }
        }
    }

    /** Only a method with an {@link Acknowledgment} parameter uses it. */
    @Override
    public boolean acknowledges() {
        return takesAck;
    }

    /** The method called. */
    public Method method() {
        return method;
    }

    private static boolean isPayload(MethodParameter p, Class<?> raw) {
        if (ParameterAnnotations.payload(p)) {
            return true;
        }
        if (p.getParameterAnnotations().length > 0 && hasKurierAnnotation(p)) {
            return false;
        }
        return raw != Acknowledgment.class && raw != ConsumerRecord.class && raw != TopicPartition.class
                && !isListOf(p, Header.class) && !isListOf(p, ConsumerRecord.class);
    }

    /** {@code @Valid} (jakarta or javax) or Spring's {@code @Validated}, recognised by name (both are optional). */
    private static boolean wantsValidation(MethodParameter p) {
        for (java.lang.annotation.Annotation a : p.getParameterAnnotations()) {
            String n = a.annotationType().getName();
            if (n.equals("jakarta.validation.Valid") || n.equals("javax.validation.Valid")
                    || n.equals("org.springframework.validation.annotation.Validated")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasKurierAnnotation(MethodParameter p) {
        return p.hasParameterAnnotation(Key.class) || ParameterAnnotations.header(p) != null
                || ParameterAnnotations.headers(p) || p.hasParameterAnnotation(Partition.class)
                || p.hasParameterAnnotation(Offset.class) || p.hasParameterAnnotation(Topic.class)
                || p.hasParameterAnnotation(Timestamp.class);
    }

    private static ArgumentResolver recordResolver(Method m, MethodParameter p, Class<?> raw, PayloadConverter conv) {
        Type type = p.getGenericParameterType();
        if (raw == Acknowledgment.class) {
            return (records, ack) -> ack;
        }
        if (p.hasParameterAnnotation(Key.class)) {
            requireReadable(m, p, type, conv);
            return (records, ack) -> conv.fromBytes(records.get(0).topic(), records.get(0).key(), type);
        }
        ParameterAnnotations.HeaderSpec h = ParameterAnnotations.header(p);
        if (h != null) {
            if (raw != String.class && raw != byte[].class && raw != Header.class) {
                throw problem(m, p, "@Header needs a String, byte[] or Header parameter");
            }
            String name = h.name();
            boolean required = h.required();
            return (records, ack) -> {
                ConsumerRecord<byte[], byte[]> r = records.get(0);
                Header found = r.lastHeader(name);
                if (found == null) {
                    if (required) {
                        throw new IllegalArgumentException("record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                                + " has no header '" + name + "'");
                    }
                    return null;
                }
                return raw == Header.class ? found : raw == byte[].class ? found.value() : found.valueAsString();
            };
        }
        if (ParameterAnnotations.headers(p)) {
            if (!Map.class.isAssignableFrom(raw)) {
                throw problem(m, p, "@Headers needs a Map<String, String> or Map<String, byte[]> parameter");
            }
            Class<?> valueType = ResolvableType.forMethodParameter(p).asMap().getGeneric(1).resolve(Object.class);
            if (valueType != String.class && valueType != byte[].class && valueType != Object.class) {
                throw problem(m, p, "@Headers needs a Map<String, String>, Map<String, byte[]> or Map<String, Object> "
                        + "(raw bytes) parameter");
            }
            boolean asString = valueType == String.class;
            return (records, ack) -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Header hd : records.get(0).headers()) {
                    out.put(hd.key(), asString ? hd.valueAsString() : hd.value());
                }
                return out;
            };
        }
        if (p.hasParameterAnnotation(Partition.class)) {
            requireType(m, p, raw, "@Partition", int.class, Integer.class);
            return (records, ack) -> records.get(0).partition();
        }
        if (p.hasParameterAnnotation(Offset.class)) {
            requireType(m, p, raw, "@Offset", long.class, Long.class);
            return (records, ack) -> records.get(0).offset();
        }
        if (p.hasParameterAnnotation(Topic.class)) {
            requireType(m, p, raw, "@Topic", String.class);
            return (records, ack) -> records.get(0).topic();
        }
        if (p.hasParameterAnnotation(Timestamp.class)) {
            requireType(m, p, raw, "@Timestamp", long.class, Long.class);
            return (records, ack) -> records.get(0).timestamp();
        }
        if (raw == ConsumerRecord.class) {
            ResolvableType rt = ResolvableType.forMethodParameter(p);
            Type k = rt.getGeneric(0).getType();
            Type v = rt.getGeneric(1).getType();
            requireReadable(m, p, k, conv);
            requireReadable(m, p, v, conv);
            return (records, ack) -> convertRecord(records.get(0), k, v, conv);
        }
        if (raw == TopicPartition.class) {
            return (records, ack) -> records.get(0).topicPartition();
        }
        if (raw.getName().equals("org.springframework.messaging.Message")) {
            Type payloadType = ResolvableType.forMethodParameter(p).getGeneric(0).getType();
            requireReadable(m, p, payloadType, conv);
            return MessageArguments.resolver(payloadType, conv)::apply; // loaded only when spring-messaging is used
        }
        if (isListOf(p, Header.class)) {
            return (records, ack) -> records.get(0).headers();
        }
        if (raw.isPrimitive()) {
            throw problem(m, p, "a primitive parameter needs @Partition, @Offset or @Timestamp");
        }
        requireReadable(m, p, type, conv);
        return (records, ack) -> conv.fromBytes(records.get(0).topic(), records.get(0).value(), type);
    }

    private static void requireReadable(Method m, MethodParameter p, Type type, PayloadConverter conv) {
        try {
            conv.requireReadable(type);
        } catch (IllegalStateException e) {
            throw problem(m, p, e.getMessage());
        }
    }

    private static ArgumentResolver batchResolver(Method m, MethodParameter p, Class<?> raw, PayloadConverter conv) {
        if (raw == Acknowledgment.class) {
            return (records, ack) -> ack;
        }
        if (hasKurierAnnotation(p)) {
            throw problem(m, p, "a batch listener takes List<T> (payloads), List<ConsumerRecord<K, V>> and "
                    + "Acknowledgment; record metadata is in the ConsumerRecords");
        }
        if (raw != List.class && raw != Collection.class) {
            throw problem(m, p, "a batch listener takes List<T> (payloads), List<ConsumerRecord<K, V>> and "
                    + "Acknowledgment");
        }
        // The declared type argument itself (asCollection() would hand back the type variable E).
        ResolvableType element = ResolvableType.forMethodParameter(p).getGeneric(0);
        if (element.toClass() == ConsumerRecord.class) {
            Type k = element.getGeneric(0).getType();
            Type v = element.getGeneric(1).getType();
            requireReadable(m, p, k, conv);
            requireReadable(m, p, v, conv);
            return (records, ack) -> {
                List<ConsumerRecord<Object, Object>> out = new ArrayList<>(records.size());
                for (int i = 0; i < records.size(); i++) {
                    ConsumerRecord<byte[], byte[]> r = records.get(i);
                    out.add(convertRecord(r, k, v, conv, i));
                }
                return out;
            };
        }
        Type elementType = element.getType();
        requireReadable(m, p, elementType, conv);
        return (records, ack) -> {
            List<Object> out = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                out.add(convertAt(i, () -> conv.fromBytes(r.topic(), r.value(), elementType)));
            }
            return out;
        };
    }

    private static ConsumerRecord<Object, Object> convertRecord(ConsumerRecord<byte[], byte[]> r, Type k, Type v,
                                                                PayloadConverter conv, int index) {
        try {
            return convertRecord(r, k, v, conv);
        } catch (RuntimeException e) {
            throw new ConversionFailure(index, e);
        }
    }

    private static ConsumerRecord<Object, Object> convertRecord(ConsumerRecord<byte[], byte[]> r, Type k, Type v,
                                                                PayloadConverter conv) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                conv.fromBytes(r.topic(), r.key(), k), conv.fromBytes(r.topic(), r.value(), v), r.headers(),
                r.serializedKeySize(), r.serializedValueSize(), r.leaderEpoch());
    }

    private static boolean isListOf(MethodParameter p, Class<?> element) {
        Class<?> raw = p.getParameterType();
        if (raw != List.class && raw != Collection.class) {
            return false;
        }
        return ResolvableType.forMethodParameter(p).getGeneric(0).toClass() == element;
    }

    private static void requireType(Method m, MethodParameter p, Class<?> raw, String what, Class<?>... allowed) {
        for (Class<?> a : allowed) {
            if (raw == a) {
                return;
            }
        }
        throw problem(m, p, what + " needs a parameter of type " + allowed[allowed.length - 1].getSimpleName());
    }

    private static IllegalStateException problem(Method m, MethodParameter p, String why) {
        return new IllegalStateException("listener method " + describe(m) + ": parameter " + p.getParameterIndex()
                + " (" + p.getGenericParameterType().getTypeName() + ") cannot be resolved: " + why);
    }

    static String describe(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }
}
