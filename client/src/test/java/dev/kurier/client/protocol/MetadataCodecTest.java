package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.ID_A;
import static dev.kurier.client.protocol.KafkaOracle.ID_B;
import static dev.kurier.client.protocol.KafkaOracle.kafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Metadata v9-v13 against kafka-clients' own serialization, both ways. */
class MetadataCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.METADATA);
    }

    // ---- request ----------------------------------------------------------------------------------

    static List<MetadataRequest> requests(short v) {
        List<MetadataRequest> list = new ArrayList<>();
        UUID id = v >= 10 ? ID_A : Primitives.ZERO_UUID;
        List<MetadataRequest.Topic> topics = new ArrayList<>();
        topics.add(new MetadataRequest.Topic(id, "orders"));
        topics.add(MetadataRequest.Topic.named("payments-\u00e9t\u00e9"));
        if (v >= 10) {
            topics.add(new MetadataRequest.Topic(ID_B, null));
        }
        list.add(new MetadataRequest(topics, false, v <= 10, true));
        list.add(new MetadataRequest(null, true, false, false));
        list.add(new MetadataRequest(List.of(), true, false, true));
        return list;
    }

    static MetadataRequestData toKafka(MetadataRequest r) {
        MetadataRequestData d = new MetadataRequestData()
                .setAllowAutoTopicCreation(r.allowAutoTopicCreation())
                .setIncludeClusterAuthorizedOperations(r.includeClusterAuthorizedOperations())
                .setIncludeTopicAuthorizedOperations(r.includeTopicAuthorizedOperations());
        if (r.topics() == null) {
            d.setTopics(null);
        } else {
            List<MetadataRequestData.MetadataRequestTopic> topics = new ArrayList<>();
            for (MetadataRequest.Topic t : r.topics()) {
                topics.add(new MetadataRequestData.MetadataRequestTopic().setTopicId(kafka(t.topicId())).setName(t.name()));
            }
            d.setTopics(topics);
        }
        return d;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafkaBothWays(short version) {
        for (MetadataRequest r : requests(version)) {
            KafkaOracle.assertSameAsKafkaVia(MetadataCodecTest::toKafka, r,
                    MetadataRequest::write, MetadataRequest::read, MetadataRequestData::new, version, m -> { });
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestFieldsTheVersionLacks(short version) {
        // TopicId is ignorable: dropped before v10, as kafka-clients drops it.
        MetadataRequest withId = new MetadataRequest(List.of(new MetadataRequest.Topic(ID_A, "t")), true, false, false);
        assertThat(KafkaOracle.ourBytes(withId, MetadataRequest::write, version))
                .isEqualTo(KafkaOracle.kafkaBytes(toKafka(withId), version));
        // IncludeClusterAuthorizedOperations is not ignorable: true after v10 cannot be sent.
        MetadataRequest clusterOps = new MetadataRequest(null, true, true, false);
        if (version > 10) {
            KafkaOracle.assertNeitherWrites(clusterOps, MetadataRequest::write, toKafka(clusterOps), version,
                    "IncludeClusterAuthorizedOperations", "v" + version);
        }
        // A null topic name (by-id lookup) needs v10.
        MetadataRequest byId = new MetadataRequest(List.of(new MetadataRequest.Topic(ID_A, null)), true, false, false);
        if (version < 10) {
            assertThatThrownBy(() -> KafkaOracle.ourBytes(byId, MetadataRequest::write, version))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("Name");
        }
    }

    // ---- response ---------------------------------------------------------------------------------

    static MetadataResponse response(short v) {
        List<MetadataResponse.Broker> brokers = List.of(
                new MetadataResponse.Broker(1, "broker-1.example", 9092, "rack-a"),
                new MetadataResponse.Broker(2, "broker-2.example", 9093, null));
        List<MetadataResponse.Topic> topics = new ArrayList<>();
        topics.add(new MetadataResponse.Topic((short) 0, "orders", v >= 10 ? ID_A : Primitives.ZERO_UUID, false,
                List.of(new MetadataResponse.Partition((short) 0, 0, 1, 7, List.of(1, 2, 3), List.of(1, 2), List.of(3)),
                        new MetadataResponse.Partition((short) 9, 1, -1, 4, List.of(2), List.of(), List.of())),
                0x0000_0f00));
        topics.add(new MetadataResponse.Topic((short) 3, "__consumer_offsets", Primitives.ZERO_UUID, true, List.of(),
                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED));
        if (v >= 12) {
            topics.add(new MetadataResponse.Topic((short) 100, null, ID_B, false, List.of(), 5));
        }
        return new MetadataResponse(123, brokers, "cluster-\u00fc", 2, topics,
                v <= 10 ? 0x0000_00ff : MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED, v >= 13 ? (short) 129 : 0);
    }

    static MetadataResponseData toKafka(MetadataResponse r) {
        MetadataResponseData.MetadataResponseBrokerCollection brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
        for (MetadataResponse.Broker b : r.brokers()) {
            brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(b.nodeId()).setHost(b.host())
                    .setPort(b.port()).setRack(b.rack()));
        }
        MetadataResponseData.MetadataResponseTopicCollection topics = new MetadataResponseData.MetadataResponseTopicCollection();
        for (MetadataResponse.Topic t : r.topics()) {
            List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
            for (MetadataResponse.Partition p : t.partitions()) {
                partitions.add(new MetadataResponseData.MetadataResponsePartition().setErrorCode(p.errorCode())
                        .setPartitionIndex(p.partitionIndex()).setLeaderId(p.leaderId()).setLeaderEpoch(p.leaderEpoch())
                        .setReplicaNodes(p.replicaNodes()).setIsrNodes(p.isrNodes()).setOfflineReplicas(p.offlineReplicas()));
            }
            topics.add(new MetadataResponseData.MetadataResponseTopic().setErrorCode(t.errorCode()).setName(t.name())
                    .setTopicId(kafka(t.topicId())).setIsInternal(t.isInternal()).setPartitions(partitions)
                    .setTopicAuthorizedOperations(t.topicAuthorizedOperations()));
        }
        return new MetadataResponseData().setThrottleTimeMs(r.throttleTimeMs()).setBrokers(brokers)
                .setClusterId(r.clusterId()).setControllerId(r.controllerId()).setTopics(topics)
                .setClusterAuthorizedOperations(r.clusterAuthorizedOperations()).setErrorCode(r.errorCode());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(MetadataCodecTest::toKafka, response(version),
                MetadataResponse::write, MetadataResponse::read, MetadataResponseData::new, version, m -> { });
        MetadataResponse empty = new MetadataResponse(0, List.of(), null, -1, List.of(),
                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED, (short) 0);
        KafkaOracle.assertSameAsKafkaVia(MetadataCodecTest::toKafka, empty,
                MetadataResponse::write, MetadataResponse::read, MetadataResponseData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseReadThroughTheRequest(short version) {
        MetadataResponse expected = response(version);
        byte[] bytes = KafkaOracle.kafkaBytes(toKafka(expected), version);
        MetadataResponse parsed = KafkaOracle.readOurs(bytes, MetadataRequest.allTopics()::readResponse, version);
        assertThat(parsed).isEqualTo(expected);
    }
}
