package dev.kurier.client.producer;

/** A delivery report: called once per record with its metadata or the failure. */
@FunctionalInterface
public interface SendCallback {

    /** {@code metadata} when acknowledged (then {@code error} is null), else {@code error}. */
    void onCompletion(RecordMetadata metadata, Throwable error);
}
