package dev.kurier.client.admin;

import java.util.Objects;

/**
 * One change to a config, for {@link Admin#incrementalAlterConfigs}.
 *
 * @param name the config key
 * @param value the value to set, append or subtract; ignored by DELETE
 * @param op what to do
 */
public record AlterConfigOp(String name, String value, OpType op) {

    /** The operations, with Kafka's wire codes. */
    public enum OpType {
        /** Set the value. */
        SET,
        /** Remove the value, back to the default. */
        DELETE,
        /** Add to a list-valued config. */
        APPEND,
        /** Remove from a list-valued config. */
        SUBTRACT
    }

    /** Checks the fields. */
    public AlterConfigOp {
        Objects.requireNonNull(name, "config name");
        Objects.requireNonNull(op, "config op");
        if (op != OpType.DELETE && value == null) {
            throw new IllegalArgumentException(op + " of config '" + name + "' needs a value");
        }
    }

    /** Sets {@code name} to {@code value}. */
    public static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(name, value, OpType.SET);
    }

    /** Deletes {@code name} (back to its default). */
    public static AlterConfigOp delete(String name) {
        return new AlterConfigOp(name, null, OpType.DELETE);
    }
}
