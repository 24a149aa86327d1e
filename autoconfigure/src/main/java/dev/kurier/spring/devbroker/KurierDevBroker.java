package dev.kurier.spring.devbroker;

import dev.kurier.testkit.KafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker on loopback (from kurier-testkit) for development: started when the
 * application starts without {@code kurier.bootstrap-servers}, stopped (its data deleted) when it closes.
 */
public final class KurierDevBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KurierDevBroker.class);

    private final KafkaCluster cluster;

    private KurierDevBroker(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker on {@code port} (0: a free one); blocks until it serves clients. */
    public static KurierDevBroker start(int port) {
        log.info("kurier.bootstrap-servers is not set and kurier-testkit is on the classpath: starting a dev broker");
        KafkaCluster cluster = KafkaCluster.builder().port(port).brokerLogLevel("WARN").start();
        KurierDevBroker broker = new KurierDevBroker(cluster);
        log.info("Kurier dev broker started at {}", cluster.bootstrapServers());
        return broker;
    }

    /** HOST:PORT of the broker. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The cluster (to create topics in tests, say). */
    public KafkaCluster cluster() {
        return cluster;
    }

    /** Stops the broker. */
    @Override
    public void close() {
        cluster.close();
        log.info("Kurier dev broker stopped");
    }
}
