package dev.kurier.spring.core;

/** Record header names the starter reads and writes. */
public final class KurierHeaders {

    /** Request/reply: the id a reply carries back to match its request (16 random bytes). */
    public static final String CORRELATION_ID = "kurier_correlationId";
    /** Request/reply: the topic the requester reads replies from. */
    public static final String REPLY_TOPIC = "kurier_replyTopic";

    private KurierHeaders() {
    }
}
