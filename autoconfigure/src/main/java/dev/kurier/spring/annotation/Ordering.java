package dev.kurier.spring.annotation;

/** Which records of a listener may be processed in parallel when it has more than one worker. */
public enum Ordering {
    /** Records of one partition go to one worker, in offset order (the default). */
    PARTITION,
    /** Records with the same key go to one worker, in order; parallelism beyond the partition count. */
    KEY,
    /** Any record on any free worker: no order. */
    NONE
}
