package dev.kurier.spring.listener;

/** Where a {@link ListenerContainer} is in its life. */
public enum ContainerState {
    /** Created, never started. */
    CREATED,
    /** Started; finding its partitions (waiting for a topic, say). */
    STARTING,
    /** Polling and dispatching. */
    RUNNING,
    /** Started but not polling, on request; records already handed out are still processed. */
    PAUSED,
    /** Stop requested: no more polls, finishing records handed out. */
    STOPPING,
    /** Stopped; may be started again (it resumes after the last processed record). */
    STOPPED,
    /** The poll thread died of an unexpected error; see the container's last error. */
    FAILED
}
