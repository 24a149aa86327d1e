package dev.kurier.client.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.ConsumerGroupHeartbeatRequest;
import dev.kurier.client.protocol.message.ConsumerGroupHeartbeatResponse;
import dev.kurier.client.protocol.message.FindCoordinatorRequest;
import dev.kurier.client.protocol.message.FindCoordinatorResponse;
import dev.kurier.client.testing.FakeBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The KIP-848 member against a scripted coordinator: a fenced member gives up its partitions as lost and joins again
 * with epoch 0 (keeping its member id); a coordinator that does not know the protocol fails {@code poll} naming the
 * key to change.
 */
class ConsumerProtocolFencingTest {

    private static final String TOPIC = "fenced";
    private static final UUID TOPIC_ID = UUID.randomUUID();

    private final List<ConsumerGroupHeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private FakeBroker broker;
    private KurierClient client;
    private ConsumerGroupMember member;

    @AfterEach
    void stop() throws IOException {
        if (member != null) {
            member.close(Duration.ofSeconds(2));
        }
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** A coordinator answering the n-th heartbeat with {@code answer}. */
    private void start(IntFunction<ConsumerGroupHeartbeatResponse> answer) throws IOException {
        broker = new FakeBroker((n, header, body, socket, out) -> {
            ByteBuf response = Unpooled.buffer();
            try {
                short v = header.apiVersion();
                switch (header.apiKey()) {
                    case METADATA -> FakeBroker.writeOneTopicMetadata(response, v, socket, TOPIC, TOPIC_ID);
                    case FIND_COORDINATOR -> {
                        FindCoordinatorRequest req = FindCoordinatorRequest.read(body, v);
                        String key = v >= 4 ? req.coordinatorKeys().get(0) : req.key();
                        FindCoordinatorResponse.builder().coordinators(List.of(new FindCoordinatorResponse.Coordinator(key, 0, "127.0.0.1",
                                        socket.getLocalPort(), (short) 0, null))).build().write(response, v);
                    }
                    case CONSUMER_GROUP_HEARTBEAT -> {
                        heartbeats.add(ConsumerGroupHeartbeatRequest.read(body, v));
                        answer.apply(heartbeats.size() - 1).write(response, v);
                    }
                    default -> throw new IOException("not scripted: " + header.apiKey());
                }
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(v), response);
            } finally {
                response.release();
            }
        });
        client = KurierClient.create(ClientConfig.builder().bootstrapServers("127.0.0.1:" + broker.port())
                .clientId("fencing").set("retry.backoff.ms", 50).build());
        member = new ConsumerGroupMember(dev.kurier.client.consumer.internals.GroupConfigs.of(client.config(), ConsumerConfig.builder().groupId("g")
                .set("group.protocol", "consumer").set("enable.auto.commit", false).build()), client.network(),
                client.metadata());
        member.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked " + partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned " + partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                events.add("lost " + partitions);
            }
        });
    }

    private static ConsumerGroupHeartbeatResponse joined(int epoch, boolean withAssignment) {
        return ConsumerGroupHeartbeatResponse.builder().memberEpoch(epoch).heartbeatIntervalMs(100)
                .assignment(withAssignment ? new ConsumerGroupHeartbeatResponse.Assignment(List.of(
                        new ConsumerGroupHeartbeatResponse.TopicPartitions(TOPIC_ID, List.of(0)))) : null).build();
    }

    @Test
    void aFencedMemberLosesItsPartitionsAndJoinsAgainWithEpochZero() throws IOException {
        start(n -> switch (n) {
            case 0 -> joined(5, true);
            case 1, 2 -> joined(5, false);
            case 3 -> ConsumerGroupHeartbeatResponse.builder().errorCode(Errors.FENCED_MEMBER_EPOCH.code).build();
            default -> joined(7, true);
        });
        dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(10), "fenced, then assigned again", () -> {
            member.poll(Duration.ofMillis(100));
            return events.size() >= 3;
        });
        assertThat(events).containsExactly("assigned [fenced-0]", "lost [fenced-0]", "assigned [fenced-0]");
        assertThat(member.groupMetadata().generationId()).isEqualTo(7);
        ConsumerGroupHeartbeatRequest rejoin = heartbeats.get(4);
        assertThat(rejoin.memberEpoch()).as("joins again with epoch 0").isZero();
        assertThat(rejoin.memberId()).as("keeps its member id").isEqualTo(heartbeats.get(0).memberId()).isNotEmpty();
        assertThat(rejoin.topicPartitions()).as("owns nothing when it joins again").isEmpty();
        assertThat(heartbeats.get(1).topicPartitions()).as("reports what it took")
                .singleElement().satisfies(tp -> assertThat(tp.partitions()).containsExactly(0));
    }

    @Test
    void aCoordinatorWithoutTheProtocolFailsPollNamingTheKey() throws IOException {
        start(n -> ConsumerGroupHeartbeatResponse.builder().errorCode(Errors.UNSUPPORTED_VERSION.code).build());
        org.assertj.core.api.Assertions.assertThat(dev.kurier.client.testing.Eventually.untilThrown(
                Duration.ofSeconds(10), "poll refused", () -> member.poll(Duration.ofMillis(100))))
                .isInstanceOf(KurierException.class).hasMessageContaining("group.protocol=classic");
    }
}
