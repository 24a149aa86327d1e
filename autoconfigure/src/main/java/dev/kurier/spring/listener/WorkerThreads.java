package dev.kurier.spring.listener;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Where listener worker threads come from: platform daemon threads, or virtual threads
 * ({@code kurier.listener.virtual-threads=true}, Java 21 or newer; looked up reflectively so the starter still runs
 * on Java 17).
 */
public final class WorkerThreads {

    private WorkerThreads() {
    }

    /** Platform threads (the default). */
    public static ThreadFactory platform() {
        return Thread::new;
    }

    /**
     * Virtual threads.
     *
     * @throws IllegalStateException on a JVM older than Java 21, naming the property to change
     */
    public static ThreadFactory virtual() {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            // through the public interface Thread.Builder: the builder's own class is not exported
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (NoSuchMethodException | ClassNotFoundException e) {
            throw new IllegalStateException("kurier.listener.virtual-threads=true needs Java 21 or newer; this JVM is "
                    + "Java " + Runtime.version().feature() + " (set it to false or run on a newer JVM)");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("kurier.listener.virtual-threads=true: virtual threads are not available: "
                    + e, e);
        }
    }
}
