package dev.kurier.client.producer;

import dev.kurier.client.errors.KurierException;

/** {@code buffer.memory} stayed full for {@code max.block.ms}; the send was not queued. */
public class BufferExhaustedException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** Described by {@code message}, which names the topic and the limits. */
    public BufferExhaustedException(String message) {
        super(message);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
