package dev.kurier.testkit.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Runs the topic commands of the control channel inside the forked broker JVM, with Kafka's own
 * admin client (so that the testkit's caller never needs kafka-clients) and direct metadata probes
 * of every running broker (so that a command returns only once every broker agrees).
 */
final class TopicCommands implements AutoCloseable {

    private static final long POLL_MS = 50;

    private final String clusterBootstrap;
    private Admin admin;

    /**
     * @param clusterBootstrap the listener addresses of all nodes of the cluster; the admin client
     *                         finds a live one among them even when some nodes are down
     */
    TopicCommands(String clusterBootstrap) {
        this.clusterBootstrap = clusterBootstrap;
    }

    /** Runs one command (verb and decoded arguments) and returns the reply payload. */
    String run(String verb, List<String> args) throws Exception {
        switch (verb) {
            case ControlProtocol.CREATE_TOPIC:
                expectArgs(verb, args, 6);
                return createTopic(args.get(0), Integer.parseInt(args.get(1)), Short.parseShort(args.get(2)),
                        ControlProtocol.decodeMap(args.get(3)), brokers(args.get(4)), Long.parseLong(args.get(5)));
            case ControlProtocol.DELETE_TOPIC:
                expectArgs(verb, args, 3);
                return deleteTopic(args.get(0), brokers(args.get(1)), Long.parseLong(args.get(2)));
            case ControlProtocol.LIST_TOPICS:
                expectArgs(verb, args, 1);
                return listTopics(args.get(0));
            case ControlProtocol.DESCRIBE_TOPIC:
                expectArgs(verb, args, 2);
                return describeTopic(args.get(0), args.get(1));
            default:
                throw new IllegalArgumentException("Unknown command: " + verb);
        }
    }

    private String createTopic(String name, int partitions, short replicationFactor, Map<String, String> configs,
                               List<String> brokers, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        NewTopic topic = new NewTopic(name, partitions, replicationFactor).configs(configs);
        try {
            admin().createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                throw new IllegalStateException("Topic '" + name + "' already exists", e.getCause());
            }
            throw unwrap(e, "create topic '" + name + "'");
        }
        for (String broker : brokers) {
            awaitLeaders(broker, name, partitions, deadline);
        }
        return "";
    }

    private String deleteTopic(String name, List<String> brokers, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            admin().deleteTopics(List.of(name)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Topic '" + name + "' does not exist", e.getCause());
            }
            throw unwrap(e, "delete topic '" + name + "'");
        }
        for (String broker : brokers) {
            awaitGone(broker, name, deadline);
        }
        return "";
    }

    private static String listTopics(String broker) throws IOException {
        MetadataResponseData data = MetadataProbe.fetch(MetadataProbe.host(broker), MetadataProbe.port(broker), null, 10_000);
        StringJoiner names = new StringJoiner(",");
        data.topics().stream()
                .filter(t -> t.errorCode() == Errors.NONE.code() && !t.isInternal())
                .map(MetadataResponseData.MetadataResponseTopic::name)
                .sorted()
                .forEach(names::add);
        return names.toString();
    }

    /**
     * Describes a topic as {@code partition/leader/replicas/isr} entries separated by {@code ;}, lists
     * separated by {@code ,}, leader {@code -1} when there is none; an unknown topic is an error.
     */
    private static String describeTopic(String name, String broker) throws IOException {
        MetadataResponseData data = MetadataProbe.fetch(MetadataProbe.host(broker), MetadataProbe.port(broker),
                List.of(name), 10_000);
        MetadataResponseData.MetadataResponseTopic topic = data.topics().find(name);
        if (topic == null || topic.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
            throw new IllegalStateException("Topic '" + name + "' does not exist");
        }
        if (topic.errorCode() != Errors.NONE.code()) {
            throw new IllegalStateException("Describing topic '" + name + "' failed: " + Errors.forCode(topic.errorCode()));
        }
        List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>(topic.partitions());
        partitions.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
        StringJoiner out = new StringJoiner(";");
        for (MetadataResponseData.MetadataResponsePartition p : partitions) {
            out.add(p.partitionIndex() + "/" + p.leaderId() + "/" + join(p.replicaNodes()) + "/" + join(p.isrNodes()));
        }
        return out.toString();
    }

    /** Waits until {@code broker} knows the topic with all partitions led. */
    private static void awaitLeaders(String broker, String name, int partitions, long deadline) throws Exception {
        String last = "no answer";
        while (true) {
            try {
                MetadataResponseData data = MetadataProbe.fetch(MetadataProbe.host(broker), MetadataProbe.port(broker),
                        List.of(name), 5_000);
                MetadataResponseData.MetadataResponseTopic topic = data.topics().find(name);
                if (topic != null && topic.errorCode() == Errors.NONE.code()) {
                    long led = topic.partitions().stream().filter(p -> p.leaderId() >= 0).count();
                    if (topic.partitions().size() == partitions && led == partitions) {
                        return;
                    }
                    last = led + " of " + partitions + " partitions have a leader";
                } else {
                    last = topic == null ? "topic missing" : Errors.forCode(topic.errorCode()).name();
                }
            } catch (IOException e) {
                last = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topic '" + name + "' was created, but broker " + broker
                        + " did not show a leader for every partition in time (" + last + ")");
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Waits until {@code broker} no longer knows the topic. */
    private static void awaitGone(String broker, String name, long deadline) throws Exception {
        while (true) {
            try {
                MetadataResponseData data = MetadataProbe.fetch(MetadataProbe.host(broker), MetadataProbe.port(broker),
                        List.of(name), 5_000);
                MetadataResponseData.MetadataResponseTopic topic = data.topics().find(name);
                if (topic == null || topic.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                    return;
                }
            } catch (IOException e) {
                // broker busy or restarting: try again until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topic '" + name + "' was deleted, but broker " + broker + " still shows it");
            }
            Thread.sleep(POLL_MS);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, clusterBootstrap);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kurier-testkit-admin");
            admin = Admin.create(config);
        }
        return admin;
    }

    private static Exception unwrap(ExecutionException e, String what) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new IllegalStateException("Could not " + what + ": " + cause, cause);
    }

    private static List<String> brokers(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static String join(List<Integer> ids) {
        StringJoiner out = new StringJoiner(",");
        ids.forEach(id -> out.add(Integer.toString(id)));
        return out.toString();
    }

    private static void expectArgs(String verb, List<String> args, int count) {
        if (args.size() != count) {
            throw new IllegalArgumentException(verb + " takes " + count + " arguments, got " + args.size());
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
