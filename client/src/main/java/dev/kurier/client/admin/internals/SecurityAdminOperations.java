package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.ClientQuotaEntity;
import dev.kurier.client.admin.ScramCredentialInfo;
import dev.kurier.client.admin.UserScramCredentialAlteration;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.AlterClientQuotasRequest;
import dev.kurier.client.protocol.message.AlterClientQuotasResponse;
import dev.kurier.client.protocol.message.AlterUserScramCredentialsRequest;
import dev.kurier.client.protocol.message.AlterUserScramCredentialsResponse;
import dev.kurier.client.protocol.message.DescribeClientQuotasRequest;
import dev.kurier.client.protocol.message.DescribeClientQuotasResponse;
import dev.kurier.client.protocol.message.DescribeUserScramCredentialsRequest;
import dev.kurier.client.protocol.message.DescribeUserScramCredentialsResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** SCRAM credentials (describe, upsert, delete) and client quotas (describe, alter). */
final class SecurityAdminOperations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminContext ctx;

    SecurityAdminOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    AdminResults<String, List<ScramCredentialInfo>> describeScram(Collection<String> users) {
        return ctx.run("describing the SCRAM credentials of", new LinkedHashSet<>(users), pending -> {
            List<DescribeUserScramCredentialsRequest.UserName> names = new ArrayList<>();
            pending.forEach(u -> names.add(new DescribeUserScramCredentialsRequest.UserName(u)));
            return ctx.anyBroker(DescribeUserScramCredentialsRequest.builder().users(names).build()).thenApply(resp -> {
                Map<String, Outcome<List<ScramCredentialInfo>>> out = new HashMap<>();
                for (DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult r : resp.results()) {
                    List<ScramCredentialInfo> infos = new ArrayList<>();
                    for (DescribeUserScramCredentialsResponse.CredentialInfo c : r.credentialInfos()) {
                        infos.add(new ScramCredentialInfo(mechanismName(c.mechanism()), c.iterations()));
                    }
                    short code = resp.errorCode() != 0 ? resp.errorCode() : r.errorCode();
                    out.put(r.user(), Outcome.of(code, r.errorMessage(), List.copyOf(infos)));
                }
                return out;
            });
        }, u -> "user '" + u + "'");
    }

    AdminResults<UserScramCredentialAlteration, Void> alterScram(Collection<UserScramCredentialAlteration> alterations) {
        // Salted once, so that a retry sends the same credential.
        Map<UserScramCredentialAlteration, AlterUserScramCredentialsRequest.ScramCredentialUpsertion> salted =
                new LinkedHashMap<>();
        for (UserScramCredentialAlteration a : alterations) {
            if (!a.isDeletion()) {
                salted.put(a, upsertion(a));
            }
        }
        return ctx.run("altering", new LinkedHashSet<>(alterations), pending -> {
            List<AlterUserScramCredentialsRequest.ScramCredentialDeletion> deletions = new ArrayList<>();
            List<AlterUserScramCredentialsRequest.ScramCredentialUpsertion> upsertions = new ArrayList<>();
            for (UserScramCredentialAlteration a : pending) {
                if (a.isDeletion()) {
                    deletions.add(new AlterUserScramCredentialsRequest.ScramCredentialDeletion(a.user(),
                            mechanismCode(a.mechanism())));
                } else {
                    upsertions.add(salted.get(a));
                }
            }
            return ctx.anyBroker(AlterUserScramCredentialsRequest.builder().deletions(deletions).upsertions(upsertions)
                    .build()).thenApply(resp -> {
                        // The broker answers per user: every alteration of that user shares the outcome.
                        Map<String, AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult> byUser =
                                new HashMap<>();
                        resp.results().forEach(r -> byUser.put(r.user(), r));
                        Map<UserScramCredentialAlteration, Outcome<Void>> out = new HashMap<>();
                        for (UserScramCredentialAlteration a : pending) {
                            var r = byUser.get(a.user());
                            if (r != null) {
                                out.put(a, Outcome.of(r.errorCode(), r.errorMessage(), null));
                            }
                        }
                        return out;
                    });
        }, UserScramCredentialAlteration::toString);
    }

    /** RFC 5802's SaltedPassword = Hi(password, salt, i), which is PBKDF2 with the mechanism's HMAC. */
    private static AlterUserScramCredentialsRequest.ScramCredentialUpsertion upsertion(UserScramCredentialAlteration a) {
        boolean sha512 = a.mechanism().equals("SCRAM-SHA-512");
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        char[] password = a.password().value().toCharArray();
        PBEKeySpec spec = new PBEKeySpec(password, salt, a.iterations(), sha512 ? 512 : 256);
        try {
            byte[] saltedPassword = SecretKeyFactory.getInstance(sha512 ? "PBKDF2WithHmacSHA512" : "PBKDF2WithHmacSHA256")
                    .generateSecret(spec).getEncoded();
            return new AlterUserScramCredentialsRequest.ScramCredentialUpsertion(a.user(), mechanismCode(a.mechanism()),
                    a.iterations(), salt, saltedPassword);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2 for " + a.mechanism(), e);
        } finally {
            spec.clearPassword();
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static byte mechanismCode(String mechanism) {
        return (byte) (mechanism.equals("SCRAM-SHA-512") ? 2 : 1);
    }

    private static String mechanismName(byte code) {
        return switch (code) {
            case 1 -> "SCRAM-SHA-256";
            case 2 -> "SCRAM-SHA-512";
            default -> "UNKNOWN(" + code + ")";
        };
    }

    // ---- client quotas ------------------------------------------------------------------------------

    /** The quotas of every entity that matches: exact names, defaults (null), or every named entity of a type. */
    CompletableFuture<Map<ClientQuotaEntity, Map<String, Double>>> describeQuotas(Map<String, String> exactly,
                                                                                  boolean strict) {
        List<DescribeClientQuotasRequest.ComponentData> components = new ArrayList<>();
        exactly.forEach((type, name) -> components.add(new DescribeClientQuotasRequest.ComponentData(type,
                (byte) (name == null ? 1 : 0), name)));
        return ctx.anyBroker(DescribeClientQuotasRequest.builder().components(components).strict(strict).build())
                .thenApply(resp -> {
                    if (resp.errorCode() != 0) {
                        throw new KafkaErrorException(Errors.forCode(resp.errorCode()), "describing client quotas of "
                                + exactly + (resp.errorMessage() == null ? "" : ": " + resp.errorMessage()));
                    }
                    Map<ClientQuotaEntity, Map<String, Double>> out = new LinkedHashMap<>();
                    if (resp.entries() == null) {
                        return out;
                    }
                    for (DescribeClientQuotasResponse.EntryData e : resp.entries()) {
                        Map<String, String> entity = new HashMap<>();
                        e.entity().forEach(d -> entity.put(d.entityType(), d.entityName()));
                        Map<String, Double> values = new LinkedHashMap<>();
                        e.values().forEach(v -> values.put(v.key(), v.value()));
                        out.put(new ClientQuotaEntity(entity), values);
                    }
                    return out;
                });
    }

    /** Sets quotas (a null value removes the quota) per entity. */
    AdminResults<ClientQuotaEntity, Void> alterQuotas(Map<ClientQuotaEntity, Map<String, Double>> changes) {
        return ctx.run("altering the client quotas of", changes.keySet(), pending -> {
            List<AlterClientQuotasRequest.EntryData> entries = new ArrayList<>();
            for (ClientQuotaEntity entity : pending) {
                List<AlterClientQuotasRequest.EntityData> ids = new ArrayList<>();
                entity.entries().forEach((type, name) -> ids.add(new AlterClientQuotasRequest.EntityData(type, name)));
                List<AlterClientQuotasRequest.OpData> ops = new ArrayList<>();
                changes.get(entity).forEach((key, value) -> ops.add(new AlterClientQuotasRequest.OpData(key,
                        value == null ? 0.0 : value, value == null)));
                entries.add(new AlterClientQuotasRequest.EntryData(ids, ops));
            }
            return ctx.anyBroker(AlterClientQuotasRequest.builder().entries(entries).build()).thenApply(resp -> {
                Map<ClientQuotaEntity, Outcome<Void>> out = new HashMap<>();
                for (AlterClientQuotasResponse.EntryData e : resp.entries()) {
                    Map<String, String> entity = new HashMap<>();
                    e.entity().forEach(d -> entity.put(d.entityType(), d.entityName()));
                    out.put(new ClientQuotaEntity(entity), Outcome.of(e.errorCode(), e.errorMessage(), null));
                }
                return out;
            });
        }, e -> "client quota entity " + e.entries());
    }
}
