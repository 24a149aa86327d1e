package dev.kurier.cli;

/** The help texts: the full text for {@code --help} and the usage lines shown with a usage error. */
final class Help {

    /** The producer settings both produce and perf produce take. */
    private static final String PRODUCER_SETTINGS = ""
            + "  -z, --compression TYPE     compression.type: none (the default), gzip, snappy, lz4, zstd\n"
            + "  --acks 0|1|all             acks (default all)\n"
            + "  --linger-ms MS             linger.ms (default 5)\n"
            + "  --batch-size BYTES         batch.size (default 16384)\n"
            + "  --idempotence true|false   enable.idempotence (default true, which needs acks=all)\n"
            + "                             These five win over the same keys given with -X or -F.";

    private Help() {
    }

    /** A help page: its usage lines (shown with usage errors) and its full text (shown by --help). */
    enum Topic {
        /** {@code kurier --help}. */
        MAIN("kurier", """
                Usage: kurier [-b HOST:PORT[,HOST:PORT]] [-X KEY=VALUE]... [-F FILE] [-v] COMMAND [OPTIONS]
                """, """

                A Kafka command-line client in kcat's habits, on Kurier's own client.

                Commands:
                  produce    send stdin lines as records to a topic
                  consume    print a topic's records on stdout
                  topics     create, delete, grow, list and describe topics
                  groups     list, describe and delete consumer groups; reset a group's offsets
                  configs    describe and alter a topic's or a broker's configs
                  records    delete a topic's records before an offset
                  acls       list, add and remove ACLs (brokers with an authorizer)
                  cluster    describe the cluster: id, controller, brokers
                  perf       producer and consumer throughput and latency runs
                  broker     run a real Kafka broker (KRaft) on 127.0.0.1 for development

                Global options (before or after the command):
                  -b, --bootstrap-servers HOST:PORT[,HOST:PORT]
                                  the cluster (default: $KURIER_BOOTSTRAP_SERVERS, else localhost:9092);
                                  -b wins over bootstrap.servers given with -X or -F
                  -X, --config-property KEY=VALUE
                                  a Kafka client config key (request.timeout.ms, acks, linger.ms,
                                  fetch.max.bytes, ...); repeatable
                  -F, --config-file FILE
                                  a properties file of client config keys; -X wins over -F
                  -v, --verbose   DEBUG logs of dev.kurier on stderr, stack traces with errors
                  -h, --help      this help; 'kurier COMMAND --help' shows a command's
                  --version       print the version

                Exit codes: 0 ok, 1 error (one line on stderr), 2 usage error.
                """),
        /** {@code kurier produce --help}. */
        PRODUCE("produce", """
                Usage: kurier produce -t TOPIC [-K SEP] [-H KEY=VALUE]... [-p PARTITION]
                                      [-z none|gzip|snappy|lz4|zstd] [--acks 0|1|all] [--linger-ms MS]
                                      [--batch-size BYTES] [--idempotence true|false]
                                      [--transactional-id ID [--txn-size N] [--abort]]
                """, """

                Reads stdin, one record per line, and sends the records in order. Exits 0 only once every
                record is acknowledged (acks=all unless --acks or -X acks=...), 1 if any failed.

                  -t, --topic TOPIC          the topic to write to (required)
                  -K, --key-delimiter SEP    each line is KEY SEP VALUE, split at the first SEP; a line
                                             without SEP is a usage error (exit 2) naming its line number
                                             (lines before it are still sent). SEP may hold \\t, \\\\ and \\xNN.
                  -H, --header KEY=VALUE     a header on every record; repeatable; KEY without =VALUE gives
                                             a header with a null value
                  -p, --partition PARTITION  write to this partition (default: the partitioner, by key)
                  --transactional-id ID      send in transactions under this transactional.id (fencing any
                                             earlier producer with the same id); read_committed readers
                                             see a transaction's records only once it commits
                  --txn-size N               N records per transaction (default: all of stdin in one); a
                                             transaction with a failed record is aborted (exit 1)
                  --abort                    abort every transaction instead of committing it (to try
                                             read_committed readers)
                %s

                Empty lines are skipped, as kcat does. A line ends at LF; a CR before it is dropped. Keys and
                values are sent as the bytes they are (no charset conversion).
                """.formatted(PRODUCER_SETTINGS)),
        /** {@code kurier consume --help}. */
        CONSUME("consume", """
                Usage: kurier consume -t TOPIC [-g GROUP] [-o beginning|end|OFFSET|-N] [-p PARTITION] [-c COUNT]
                                      [--idle-timeout-ms MS] [-K SEP] [--print-headers]
                                      [--isolation read_committed|read_uncommitted]
                       kurier consume -t TOPIC --share-group GROUP [--release|--reject] [-c COUNT] ...
                """, """

                Prints records on stdout, one per line: the value, or KEY SEP VALUE with -K. Without -g reads
                every partition of the topic (or only -p) directly; with -g joins the consumer group, reads
                the partitions it is assigned from the group's committed offsets, and commits what it printed.
                Stops after COUNT records, MS without a new record, or Ctrl-C.

                  -t, --topic TOPIC          the topic to read (required)
                  -o, --offset WHERE         where each partition starts: beginning (the default, as in
                                             kcat), end (only new records), OFFSET (absolute), or -N
                                             (the last N records of each partition)
                  -p, --partition PARTITION  read only this partition
                  -c, --count COUNT          stop after COUNT records
                  --idle-timeout-ms MS       stop after MS milliseconds without a new record
                  -K, --key-delimiter SEP    print KEY SEP VALUE (SEP may hold \\t, \\\\ and \\xNN)
                  --print-headers            start each line with the record's headers and a TAB:
                                             k1=v1,k2=v2<TAB>VALUE (no headers: just the TAB). In
                                             headers \\ , = TAB CR LF are escaped with a backslash
                                             (\\\\ \\, \\= \\t \\r \\n); a null header value prints as
                                             the key alone.
                  --isolation LEVEL          read_committed: only records of committed transactions (and
                                             none of an open one yet); read_uncommitted (the default, as in
                                             Kafka): every record written. Same as -X isolation.level=LEVEL
                  -g, --group GROUP          join this consumer group (subscribe) and commit on exit; -o
                                             beginning|end then only says where partitions without a
                                             committed offset start (auto.offset.reset); -p and absolute
                                             -o are refused with -g
                  --share-group GROUP        read as a member of this share group (KIP-932, Kafka 4.2+):
                                             any number of readers on the same partitions, each record
                                             printed by one of them, and accepted once printed
                  --release, --reject        with --share-group: release each printed record (it is
                                             delivered again) or reject it (never delivered again) instead

                A null key or value prints as the empty string. Keys and values are written as the bytes
                they are.
                """),
        /** {@code kurier perf --help}. */
        PERF("perf", """
                Usage: kurier perf produce -t TOPIC -n NUM -s RECORD_SIZE [--throughput RECORDS_PER_SEC|-1]
                                           [-z none|gzip|snappy|lz4|zstd] [--acks 0|1|all] [--linger-ms MS]
                                           [--batch-size BYTES] [--idempotence true|false] [--print-metrics]
                       kurier perf consume -t TOPIC -n NUM [-g GROUP] [--timeout-ms MS]
                """, """

                  produce    sends NUM records of RECORD_SIZE random capital letters (no key) and prints, as
                             Apache Kafka's ProducerPerformance does, a progress line every 5 seconds and last
                               N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency,
                               P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th.
                             (one line; latency is from send to acknowledgement, for every record; MB are
                             2^20 bytes). Exits 1 if any record failed.
                  consume    reads NUM records and prints
                               N records, X records/sec (Y MB/sec)
                             (key and value bytes). Without -g, every partition is read from its beginning;
                             with -g the consumer joins GROUP and starts at its committed offsets, else at
                             the earliest. Exits 1 if NUM records did not arrive.

                  -t, --topic TOPIC          the topic (required)
                  -n, --num-records NUM      how many records (required)
                  -s, --record-size SIZE     the value size in bytes (produce, required)
                  --throughput RECORDS_PER_SEC
                                             hold the send rate near this (produce; -1, the default:
                                             as fast as possible)
                  --print-metrics            produce: before the summary, one line of the producer's
                                             counters (requests, records/request, batch bytes, request
                                             latency, retries, errors, paced waits)
                %s
                  -g, --group GROUP          consume as a member of this consumer group
                  --timeout-ms MS            consume: give up after MS without a record (default 10000)
                """.formatted(PRODUCER_SETTINGS)),
        /** {@code kurier topics --help}. */
        TOPICS("topics", """
                Usage: kurier topics create -t TOPIC [--partitions N] [--replication-factor R] [--config KEY=VALUE]...
                       kurier topics delete -t TOPIC
                       kurier topics alter -t TOPIC --partitions N
                       kurier topics list
                       kurier topics describe -t TOPIC
                """, """

                  create     creates TOPIC; --partitions and --replication-factor default to the broker's
                             num.partitions and default.replication.factor; --config sets a topic config
                             (retention.ms=86400000, cleanup.policy=compact, ...), repeatable.
                             Prints "created topic TOPIC".
                  delete     deletes TOPIC; prints "deleted topic TOPIC"
                  alter      grows TOPIC to N partitions (never shrinks: fewer is INVALID_PARTITIONS)
                  list       prints every non-internal topic, one per line, sorted
                  describe   prints one TAB-separated line for the topic, then one per partition:
                               Topic: T  TopicId: ID  PartitionCount: N  ReplicationFactor: R
                               Topic: T  Partition: P  Leader: L  Replicas: 1,2,3  Isr: 1,2,3
                             (Leader: none when a partition has no leader; Offline: ... when replicas are
                             offline)
                """),
        /** {@code kurier groups --help}. */
        GROUPS("groups", """
                Usage: kurier groups list
                       kurier groups describe -g GROUP
                       kurier groups delete -g GROUP
                       kurier groups reset-offsets -g GROUP -t TOPIC (--to-earliest | --to-latest | --to-offset N |
                                                   --shift-by N | --to-datetime ISO-8601) [--execute]
                """, """

                  list           prints every group, one per line: GROUP<TAB>STATE (sorted)
                  describe       prints a header and one line per partition the group committed an offset for:
                                   TOPIC  PARTITION  COMMITTED  END  LAG
                                 (TAB-separated; LAG = END - COMMITTED)
                  delete         deletes a group that has no members; prints "deleted group GROUP"
                  reset-offsets  prints the plan for every partition of TOPIC as TOPIC PARTITION OLD NEW (OLD is
                                 - when nothing is committed; NEW is kept within the partition's earliest and
                                 latest offsets; --to-datetime takes the first record at or after the instant,
                                 e.g. 2026-12-07T08:00:00Z); applies it only with --execute. Refuses (exit 1)
                                 while the group has active members.
                """),
        /** {@code kurier configs --help}. */
        CONFIGS("configs", """
                Usage: kurier configs describe (-t TOPIC | --broker ID) [--all]
                       kurier configs alter (-t TOPIC | --broker ID) [--set KEY=VALUE]... [--delete KEY]...
                """, """

                  describe   prints KEY=VALUE<TAB>SOURCE for every config set on the topic (or, for a broker, not
                             at its default), sorted; with --all every config with its source; secrets print
                             as (sensitive)
                  alter      sets (--set) and removes (--delete, back to the default) configs, leaving the
                             others as they are; prints "altered configs of topic 'T'"
                """),
        /** {@code kurier records --help}. */
        RECORDS("records", """
                Usage: kurier records delete -t TOPIC --before-offset N [-p PARTITION]
                """, """

                  delete     deletes the records before offset N of every partition of TOPIC (or of -p only);
                             prints TOPIC PARTITION LOW_WATERMARK, the new first offset of each partition.
                             An offset past a partition's end is OFFSET_OUT_OF_RANGE (exit 1).
                """),
        /** {@code kurier acls --help}. */
        ACLS("acls", """
                Usage: kurier acls list [--principal User:NAME] [-t TOPIC | -g GROUP | --transactional-id ID | --cluster]
                                        [--prefixed] [--operation OP] [--host HOST] [--deny]
                       kurier acls add --principal User:NAME (-t TOPIC | -g GROUP | --transactional-id ID | --cluster)
                                       --operation OP [--prefixed] [--host HOST] [--deny]
                       kurier acls remove (--principal User:NAME | -t TOPIC | -g GROUP | ...) [--operation OP] ...
                """, """

                  list       prints the ACLs that match (every ACL without selectors):
                               PRINCIPAL  HOST  PERMISSION  OPERATION  RESOURCE  PATTERN  NAME
                  add        adds one ACL (ALLOW unless --deny; any host unless --host; the name literally
                             unless --prefixed); prints it
                  remove     removes the ACLs that match and prints them; needs a principal or a resource
                  OP is READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS,
                  ALTER_CONFIGS, IDEMPOTENT_WRITE or ALL.
                """),
        /** {@code kurier cluster --help}. */
        CLUSTER("cluster", """
                Usage: kurier cluster describe
                """, """

                  describe   prints "ClusterId: ID<TAB>Controller: N", then one line per broker:
                               Broker: ID  HOST:PORT  [Rack: R]
                """),
        /** {@code kurier broker --help}. */
        BROKER("broker", """
                Usage: kurier broker [--port P] [--nodes N] [--secure DIR]
                """, """

                Runs a real Apache Kafka cluster (KRaft, combined broker+controller nodes) on 127.0.0.1 for
                development, each node in its own JVM (the Kafka jars are resolved from Maven Central on
                first use). Prints "bootstrap: 127.0.0.1:P[,127.0.0.1:P2,...]" on stdout once every node
                serves clients, then runs until Ctrl-C or SIGTERM and shuts the nodes down cleanly. Data
                lives in a temporary directory.

                  --port P     the PLAINTEXT port of node 1 (default 9092, the default of -b); 0 picks a
                               free port
                  --nodes N    number of nodes: 1 (the default) or 3 (at most 9)
                  --secure DIR also opens TLS, mTLS, SASL_PLAINTEXT and SASL_SSL listeners (PLAIN,
                               SCRAM-SHA-256/512, OAUTHBEARER) with a throwaway CA and user written to
                               DIR, and prints for each listener a client properties file to use with -F
                """);

        private final String command;
        private final String usage;
        private final String details;

        Topic(String command, String usage, String details) {
            this.command = command;
            this.usage = usage;
            this.details = details;
        }

        /** The usage lines. */
        String usage() {
            return usage;
        }

        /** The full help text. */
        String full() {
            return usage + details;
        }

        /** The hint after a usage error. */
        String hint() {
            return this == MAIN ? "Try 'kurier --help'." : "Try 'kurier " + command + " --help'.";
        }
    }
}
