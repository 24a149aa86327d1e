package dev.kurier.client.faults;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.exactlyonce.ExactlyOnceProcessor;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * An exactly-once copier run in its own JVM by {@link ExactlyOnceFaultTest}, to be killed with SIGKILL in the middle
 * of its transactions. It copies every record of the input topic to the same partition of the output topic and prints
 * {@code EOS <records committed>} on stdout every 50 ms (logging goes to stderr).
 * Arguments: bootstrap servers, input topic, output topic, group id, transactional id.
 */
public final class ExactlyOnceMember {

    private ExactlyOnceMember() {
    }

    public static void main(String[] args) throws Exception {
        System.setOut(System.err);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 12),
                false);
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(args[0])
                .clientId("eos-member").build());
             ExactlyOnceProcessor<String, String, String, String> copier = copier(client, args[1], args[2], args[3],
                     args[4]).start()) {
            while (true) {
                out.println("EOS " + copier.processedRecords());
                out.flush();
                try {
                    copier.completion().get(50, java.util.concurrent.TimeUnit.MILLISECONDS); // the report interval
                    break;
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // report again
                }
            }
        }
    }

    static ExactlyOnceProcessor<String, String, String, String> copier(KurierClient client, String in, String out,
                                                                      String group, String transactionalId) {
        return ExactlyOnceProcessor.reading(client, List.of(in), Map.of("group.id", group, "auto.offset.reset",
                                "earliest", "session.timeout.ms", 6_000, "heartbeat.interval.ms", 500),
                        Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .writing(Map.of("transactional.id", transactionalId, "transaction.timeout.ms", 10_000),
                        Serdes.stringSerializer(), Serdes.stringSerializer())
                .transform(r -> List.of(new ProducerRecord<>(out, r.partition(), null, r.key(), r.value(), List.of())))
                .build();
    }
}
