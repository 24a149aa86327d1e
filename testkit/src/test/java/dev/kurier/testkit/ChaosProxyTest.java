package dev.kurier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster built with {@code chaosProxy()} advertises the proxy on its CHAOS listener, so a client sees only proxy
 * ports; the proxy forwards, adds latency, blackholes and kills connections.
 */
@Timeout(120)
class ChaosProxyTest {

    private static KafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.builder().chaosProxy().start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers(BrokerListener.CHAOS));
        props.put("request.timeout.ms", "2000");
        props.put("default.api.timeout.ms", "3000");
        props.put("reconnect.backoff.max.ms", "200");
        return Admin.create(props);
    }

    @Test
    void clientsSeeOnlyTheProxyAndTheProxyForwardsDelaysBlackholesAndKills() throws Exception {
        ChaosProxy proxy = kafka.chaosProxy(1);
        assertThat(kafka.bootstrapServers(BrokerListener.CHAOS)).isEqualTo("127.0.0.1:" + proxy.port());
        try (Admin admin = admin()) {
            Node node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next();
            assertThat(node.port()).as("the advertised port is the proxy's").isEqualTo(proxy.port());
            assertThat(proxy.accepted()).isPositive();

            proxy.latency(Duration.ofMillis(300), Duration.ZERO);
            long start = System.nanoTime();
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
            proxy.heal();

            proxy.blackhole(true);
            assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(1500)).clusterId()
                    .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            proxy.heal();
            proxy.killConnections(); // the blackholed connection is gone; the client opens a new one
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(kafka.clusterId());
            assertThat(proxy.kills()).isEqualTo(1);
        }
    }
}
