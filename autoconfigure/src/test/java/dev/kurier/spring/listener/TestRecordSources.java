package dev.kurier.spring.listener;

/** In-memory record sources for tests outside this package. */
public final class TestRecordSources {

    private TestRecordSources() {
    }

    /** A factory whose sources read an empty in-memory log of {@code topic} with {@code partitions} partitions. */
    public static RecordSourceFactory inMemory(String topic, int partitions) {
        FakeLog log = new FakeLog(topic, partitions);
        return (endpoint, config) -> new FakeRecordSource(log, 100, 0);
    }
}
