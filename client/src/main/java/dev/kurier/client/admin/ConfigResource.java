package dev.kurier.client.admin;

import java.util.Objects;

/**
 * Something that has configs: a topic, a broker (by id; "" for the cluster-wide broker defaults), a broker's loggers,
 * a client-metrics subscription or a group.
 *
 * @param type what kind of resource
 * @param name the topic, broker id, subscription or group name
 */
public record ConfigResource(Type type, String name) {

    /** The resource kinds, with Kafka's wire codes. */
    public enum Type {
        TOPIC(2), BROKER(4), BROKER_LOGGER(8), CLIENT_METRICS(16), GROUP(32);

        /** The code on the wire. */
        public final byte code;

        Type(int code) {
            this.code = (byte) code;
        }

        /** The type with this wire code. */
        public static Type forCode(byte code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown config resource type " + code);
        }
    }

    /** Checks the fields. */
    public ConfigResource {
        Objects.requireNonNull(type, "config resource type");
        Objects.requireNonNull(name, "config resource name");
    }

    /** A topic's configs. */
    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    /** A broker's configs. */
    public static ConfigResource broker(int id) {
        return new ConfigResource(Type.BROKER, Integer.toString(id));
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
    }
}
