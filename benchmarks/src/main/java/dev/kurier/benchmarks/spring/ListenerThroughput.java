package dev.kurier.benchmarks.spring;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Consume throughput of the same topic on the same broker by (1) the raw Kurier consumer in a poll loop, (2) a
 * {@code @KurierListener} app, (3) a Spring for Apache Kafka {@code @KafkaListener} app and (4) a batch
 * {@code @KurierListener} (one call per poll, to separate the per-record costs), each as a new consumer
 * group reading everything from the beginning, in rounds (the contenders alternate, the first round warms the JIT).
 * Rate = records / time from the first to the last record (the group join is left out; it is printed separately).
 *
 * <p>{@code java -cp benchmarks/target/kurier-benchmarks.jar dev.kurier.benchmarks.spring.ListenerThroughput
 * [--records 300000] [--rounds 4] [--partitions 3] [--bootstrap host:port]
 * [--contenders raw,kurier,spring,kurier-batch,spring-tuned]}; without {@code --bootstrap} a one-node testkit broker is
 * started; {@code --contenders} runs only those named (all by default).
 */
public final class ListenerThroughput {

    private static final String TOPIC = "spring-bench";

    private record Run(String contender, int round, long records, long firstToLastNanos, long totalNanos) {
        double rate() {
            return (records - 1) / (firstToLastNanos / 1e9);
        }
    }

    private ListenerThroughput() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        long records = Long.parseLong(opts.getOrDefault("records", "300000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "4"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "3"));
        KafkaCluster cluster = null;
        String bootstrap = opts.get("bootstrap");
        if (bootstrap == null) {
            cluster = KafkaCluster.builder().start();
            bootstrap = cluster.bootstrapServers();
        }
        try {
            if (cluster != null) {
                cluster.createTopic(TOPIC, partitions, 1);
            }
            produce(bootstrap, records);
            List<Run> runs = new ArrayList<>();
            List<String> only = List.of(opts.getOrDefault("contenders", "raw,kurier,spring,kurier-batch,spring-tuned")
                    .split(","));
            for (int round = 0; round < rounds; round++) {
                int before = runs.size();
                if (only.contains("raw")) {
                    runs.add(raw(bootstrap, records, round));
                }
                if (only.contains("kurier")) {
                    runs.add(kurierListener(bootstrap, records, round));
                }
                if (only.contains("spring")) {
                    runs.add(springKafka(bootstrap, records, round));
                }
                if (only.contains("kurier-batch")) {
                    runs.add(kurierBatchListener(bootstrap, records, round));
                }
                if (only.contains("spring-tuned")) {
                    runs.add(springKafkaTuned(bootstrap, records, round, partitions));
                }
                for (Run r : runs.subList(before, runs.size())) {
                    System.out.printf(Locale.ROOT, "round %d %-22s %,12.0f records/s  (first->last %,6d ms, with join %,6d ms)%n",
                            r.round(), r.contender(), r.rate(), r.firstToLastNanos() / 1_000_000,
                            r.totalNanos() / 1_000_000);
                }
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%d records of 100 bytes, %d partitions, rounds 1..%d (round 0 = warm-up)%n",
                    records, partitions, rounds - 1);
            System.out.println("| contender | median records/s | min | max | vs raw | median of per-round ratios |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            double rawMedian = only.contains("raw") ? median(runs, "raw-consumer") : Double.NaN;
            for (String c : List.of("raw-consumer", "@KurierListener", "@KafkaListener",
                    "@KurierListener(batch)", "@KafkaListener(tuned)")) {
                if (runs.stream().noneMatch(r -> r.contender().equals(c))) {
                    continue;
                }
                List<Double> rates = runs.stream().filter(r -> r.contender().equals(c) && r.round() > 0)
                        .map(Run::rate).sorted().toList();
                double med = median(runs, c);
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.1f %% | %.1f %% |%n", c, med,
                        rates.get(0), rates.get(rates.size() - 1), 100.0 * med / rawMedian,
                        100.0 * pairedRatio(runs, c));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /**
     * The median over rounds 1.. of the contender's rate divided by the raw consumer's rate in the same round: each
     * pair ran back to back, so load on the shared machine that drifts over minutes cancels out.
     */
    private static double pairedRatio(List<Run> runs, String contender) {
        List<Double> ratios = new ArrayList<>();
        for (Run r : runs) {
            if (r.contender().equals(contender) && r.round() > 0) {
                runs.stream().filter(x -> x.contender().equals("raw-consumer") && x.round() == r.round()).findFirst()
                        .ifPresent(raw -> ratios.add(r.rate() / raw.rate()));
            }
        }
        if (ratios.isEmpty()) {
            return Double.NaN;
        }
        ratios.sort(null);
        int n = ratios.size();
        return n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    }

    private static double median(List<Run> runs, String contender) {
        List<Double> rates = runs.stream().filter(r -> r.contender().equals(contender) && r.round() > 0)
                .map(Run::rate).sorted().toList();
        if (rates.isEmpty()) {
            rates = runs.stream().filter(r -> r.contender().equals(contender)).map(Run::rate).sorted().toList();
        }
        int n = rates.size();
        return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
    }

    private static void produce(String bootstrap, long records) throws Exception {
        byte[] value = new byte[100];
        ThreadLocalRandom.current().nextBytes(value);
        long start = System.nanoTime();
        try (KurierClient client = KurierClient.create(ClientConfig.from(Map.of("bootstrap.servers", bootstrap)));
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.from(Map.of("linger.ms", "5",
                     "batch.size", "65536")), Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(ProducerRecord.of(TOPIC, value));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "produced %,d records in %,d ms%n", records, (System.nanoTime() - start) / 1_000_000);
    }

    private static Run raw(String bootstrap, long records, int round) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("group.id", "raw-" + round + "-" + System.nanoTime());
        config.put("auto.offset.reset", "earliest");
        long start = System.nanoTime();
        long first = 0;
        long n = 0;
        try (KurierClient client = KurierClient.create(ClientConfig.from(config));
             Consumer<byte[], byte[]> consumer = client.consumer(ConsumerConfig.from(config), Serdes.bytesDeserializer(),
                     Serdes.bytesDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            long sink = 0;
            while (n < records && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (n++ == 0) {
                        first = System.nanoTime();
                    }
                    sink += r.value().length;
                }
            }
            long last = System.nanoTime();
            if (n < records) {
                throw new IllegalStateException("raw consumer got only " + n + " records (" + sink + " bytes)");
            }
            return new Run("raw-consumer", round, n, last - first, last - start);
        }
    }

    private static Run kurierListener(String bootstrap, long records, int round) throws InterruptedException {
        ReceiveCounter counter = new ReceiveCounter(records);
        KurierListenerApp.counter = counter;
        long start = System.nanoTime();
        try (ConfigurableApplicationContext ctx = app(KurierListenerApp.class, round, "kurier",
                "kurier.bootstrap-servers=" + bootstrap, "kurier.consumer.auto-offset-reset=earliest",
                "kurier.listener.lag-refresh-interval=100ms")) {
            return finish("@KurierListener", counter, records, round, start);
        }
    }

    private static Run kurierBatchListener(String bootstrap, long records, int round) throws InterruptedException {
        ReceiveCounter counter = new ReceiveCounter(records);
        KurierBatchListenerApp.counter = counter;
        long start = System.nanoTime();
        try (ConfigurableApplicationContext ctx = app(KurierBatchListenerApp.class, round, "kurier-batch",
                "kurier.bootstrap-servers=" + bootstrap, "kurier.consumer.auto-offset-reset=earliest",
                "kurier.listener.lag-refresh-interval=100ms")) {
            return finish("@KurierListener(batch)", counter, records, round, start);
        }
    }

    private static Run springKafka(String bootstrap, long records, int round) throws InterruptedException {
        ReceiveCounter counter = new ReceiveCounter(records);
        SpringKafkaListenerApp.counter = counter;
        long start = System.nanoTime();
        try (ConfigurableApplicationContext ctx = app(SpringKafkaListenerApp.class, round, "spring",
                "spring.kafka.bootstrap-servers=" + bootstrap, "spring.kafka.consumer.auto-offset-reset=earliest",
                "spring.kafka.consumer.key-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")) {
            return finish("@KafkaListener", counter, records, round, start);
        }
    }

    /**
     * Spring Kafka as its documentation advises for throughput: batch listener, concurrency = partitions, polls of up
     * to 2,000 records, fetches of at least 64 KiB (waiting at most 100 ms).
     */
    private static Run springKafkaTuned(String bootstrap, long records, int round, int partitions)
            throws InterruptedException {
        ReceiveCounter counter = new ReceiveCounter(records);
        SpringKafkaTunedListenerApp.counter = counter;
        long start = System.nanoTime();
        try (ConfigurableApplicationContext ctx = app(SpringKafkaTunedListenerApp.class, round, "spring-tuned",
                "spring.kafka.bootstrap-servers=" + bootstrap, "spring.kafka.consumer.auto-offset-reset=earliest",
                "spring.kafka.consumer.max-poll-records=2000", "spring.kafka.consumer.fetch-min-size=65536",
                "spring.kafka.consumer.fetch-max-wait=100ms", "bench.partitions=" + partitions,
                "spring.kafka.consumer.key-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")) {
            return finish("@KafkaListener(tuned)", counter, records, round, start);
        }
    }

    private static ConfigurableApplicationContext app(Class<?> app, int round, String prefix, String... props) {
        List<String> all = new ArrayList<>(List.of(props));
        all.add("bench.topic=" + TOPIC);
        all.add("bench.group=" + prefix + "-" + round + "-" + System.nanoTime());
        all.add("spring.config.name=kurier-benchmarks-none"); // no application.yml from any jar
        all.add("bench.meters=" + System.getProperty("bench.meters", "true"));
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).properties(all.toArray(String[]::new)).run();
    }

    private static Run finish(String contender, ReceiveCounter counter, long records, int round, long start)
            throws InterruptedException {
        if (!counter.await(300)) {
            throw new IllegalStateException(contender + " got only " + counter.count() + " of " + records + " records");
        }
        return new Run(contender, round, records, counter.lastNanos() - counter.firstNanos(), counter.lastNanos() - start);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
