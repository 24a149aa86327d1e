package dev.kurier.client.admin;

import static dev.kurier.client.testing.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.config.Password;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterBuilder;
import dev.kurier.testkit.security.SecureListeners;
import dev.kurier.testkit.security.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs, SCRAM credentials and client quotas against a broker with Kafka's StandardAuthorizer: the admin connects as
 * a super user; a SASL user gets what its ACLs allow and a typed authorization error for the rest; a SCRAM
 * credential set through the Admin API lets that user in, and deleting it shuts the user out.
 */
class AdminSecurityIntegrationTest {

    @TempDir
    static Path dir;
    static SecureListeners secure;
    static KafkaCluster kafka;

    @BeforeAll
    static void start() {
        KafkaClusterBuilder builder = KafkaCluster.builder();
        secure = SecureListeners.configure(builder, TestCertificates.create(dir.resolve("certs")));
        builder.brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .brokerProperty("super.users", "User:ANONYMOUS");
        kafka = builder.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KurierClient superUser() {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .set("default.api.timeout.ms", "20000").build());
    }

    private static KurierClient saslUser(String user, String password) {
        Map<String, Object> p = new HashMap<>(secure.clientProperties(kafka, SecureListeners.SASL_PLAINTEXT,
                "SCRAM-SHA-256"));
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put("default.api.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        return KurierClient.create(p);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future succeeded but a failure was expected");
    }

    @Test
    void aclsDecideWhatAUserMayDoAndAreDescribedAndDeletedByFilter() throws Exception {
        String alice = "User:" + secure.user();
        try (KurierClient admin0 = superUser(); Admin admin = admin0.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("acl-readable", 1, 1), NewTopic.of("acl-hidden", 1, 1))).all());
            List<AclBinding> acls = List.of(
                    AclBinding.allow(ResourceType.TOPIC, "acl-readable", alice, AclOperation.READ),
                    AclBinding.allow(ResourceType.TOPIC, "acl-readable", alice, AclOperation.DESCRIBE),
                    new AclBinding(ResourceType.GROUP, "acl-", PatternType.PREFIXED, alice, "*", AclOperation.READ,
                            AclPermissionType.ALLOW));
            get(admin.createAcls(acls).all());
            waitFor(Duration.ofSeconds(15), "the ACLs are visible", () ->
                    get(admin.describeAcls(AclBindingFilter.forPrincipal(alice))).size() == 3);
            assertThat(get(admin.describeAcls(AclBindingFilter.forPrincipal(alice)))).containsExactlyInAnyOrderElementsOf(acls);
            assertThat(get(admin.describeAcls(AclBindingFilter.forResource(ResourceType.TOPIC, "acl-readable"))))
                    .hasSize(2);

            try (KurierClient user = saslUser(secure.user(), secure.password()); Admin asAlice = user.admin()) {
                TopicDescription readable = get(asAlice.describeTopics(List.of("acl-readable"), true)
                        .value("acl-readable"));
                assertThat(readable.authorizedOperations()).contains(AclOperation.READ, AclOperation.DESCRIBE)
                        .doesNotContain(AclOperation.WRITE, AclOperation.DELETE);
                Throwable hidden = failure(asAlice.describeTopics(List.of("acl-hidden"), false).value("acl-hidden"));
                assertThat(((KafkaErrorException) hidden).error()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED);
                assertThat(hidden).hasMessageContaining("acl-hidden");
                Throwable create = failure(asAlice.createTopics(List.of(NewTopic.of("acl-alice-new", 1, 1)))
                        .value("acl-alice-new"));
                assertThat(((KafkaErrorException) create).error()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED);
                Throwable acl = failure(asAlice.createAcls(List.of(AclBinding.allow(ResourceType.TOPIC, "acl-hidden",
                        alice, AclOperation.READ))).all());
                assertThat(((KafkaErrorException) acl).error()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED);
            }

            AclBindingFilter topicAcls = new AclBindingFilter(ResourceType.TOPIC, null, PatternType.ANY, alice, null,
                    AclOperation.ANY, AclPermissionType.ANY);
            assertThat(get(admin.deleteAcls(List.of(topicAcls)).value(topicAcls))).hasSize(2);
            waitFor(Duration.ofSeconds(15), "the topic ACLs are gone", () ->
                    get(admin.describeAcls(AclBindingFilter.forPrincipal(alice))).size() == 1);
        }
    }

    @Test
    void scramCredentialsSetByTheAdminLetAUserInAndDeletingThemShutsItOut() throws Exception {
        String password = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(12));
        try (KurierClient admin0 = superUser(); Admin admin = admin0.admin()) {
            UserScramCredentialAlteration upsert = UserScramCredentialAlteration.upsert("bob", "SCRAM-SHA-256", 8192,
                    new Password(password));
            assertThat(upsert.toString()).doesNotContain(password);
            get(admin.alterUserScramCredentials(List.of(upsert)).all());
            assertThat(get(admin.describeUserScramCredentials(List.of("bob")).value("bob")))
                    .containsExactly(new ScramCredentialInfo("SCRAM-SHA-256", 8192));
            Throwable unknown = failure(admin.describeUserScramCredentials(List.of("nobody")).value("nobody"));
            assertThat(((KafkaErrorException) unknown).error()).isEqualTo(Errors.RESOURCE_NOT_FOUND);

            waitFor(Duration.ofSeconds(15), "bob can authenticate", () -> {
                try (KurierClient bob = saslUser("bob", password); Admin asBob = bob.admin()) {
                    asBob.listTopics().get(10, TimeUnit.SECONDS);
                    return true;
                }
            });

            get(admin.alterUserScramCredentials(List.of(UserScramCredentialAlteration.delete("bob", "SCRAM-SHA-256")))
                    .all());
            waitFor(Duration.ofSeconds(15), "bob is refused", () -> {
                try (KurierClient bob = saslUser("bob", password); Admin asBob = bob.admin()) {
                    Throwable refused = failure(asBob.listTopics());
                    return refused instanceof dev.kurier.client.errors.SaslAuthenticationException
                            && !refused.getMessage().contains(password);
                }
            });
        }
    }

    @Test
    void clientQuotasAreSetDescribedAndRemoved() throws Exception {
        try (KurierClient admin0 = superUser(); Admin admin = admin0.admin()) {
            ClientQuotaEntity carol = ClientQuotaEntity.user("carol");
            get(admin.alterClientQuotas(Map.of(carol, Map.of("producer_byte_rate", 1_048_576.0,
                    "consumer_byte_rate", 2_097_152.0))).all());
            waitFor(Duration.ofSeconds(15), "the quotas are visible", () ->
                    get(admin.describeClientQuotas(Map.of("user", "carol"), true)).containsKey(carol));
            assertThat(get(admin.describeClientQuotas(Map.of("user", "carol"), true)).get(carol))
                    .containsEntry("producer_byte_rate", 1_048_576.0).containsEntry("consumer_byte_rate", 2_097_152.0);
            Map<String, Double> remove = new HashMap<>();
            remove.put("producer_byte_rate", null);
            remove.put("consumer_byte_rate", null);
            get(admin.alterClientQuotas(Map.of(carol, remove)).all());
            waitFor(Duration.ofSeconds(15), "the quotas are gone", () ->
                    !get(admin.describeClientQuotas(Map.of("user", "carol"), true)).containsKey(carol));
        }
    }
}
