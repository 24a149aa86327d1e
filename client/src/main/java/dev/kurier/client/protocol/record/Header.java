package dev.kurier.client.protocol.record;

/** A record header: a non-null string key and a nullable byte value. */
public interface Header {

    /** The header key. */
    String key();

    /** The header value, or null. Implementations backed by a buffer return a new copy on each call. */
    byte[] value();
}
