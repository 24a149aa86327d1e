package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Keyed records land where kafka-clients' default partitioner would put them. */
class Murmur2Test {

    @Test
    void hashMatchesKafkaClientsOnManyKeys() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(64)];
            random.nextBytes(key);
            assertThat(Murmur2.hash(key)).isEqualTo(Utils.murmur2(key));
        }
    }

    @Test
    void partitionMatchesKafkaClientsForStringKeys() {
        for (int partitions : new int[] {1, 3, 6, 7, 100}) {
            for (int i = 0; i < 5_000; i++) {
                byte[] key = ("order-" + i).getBytes(StandardCharsets.UTF_8);
                int expected = Utils.toPositive(Utils.murmur2(key)) % partitions;
                assertThat(Murmur2.partitionForKey(key, partitions)).isEqualTo(expected);
            }
        }
    }
}
