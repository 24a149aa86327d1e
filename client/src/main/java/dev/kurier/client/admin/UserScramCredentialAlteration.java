package dev.kurier.client.admin;

import dev.kurier.client.config.Password;
import java.util.Objects;

/**
 * A change to a user's SCRAM credentials: set one (the salted password is computed here, with JDK crypto; the
 * password itself never leaves the client) or delete one. {@link #toString()} never shows the password.
 *
 * @param user the user name
 * @param mechanism SCRAM-SHA-256 or SCRAM-SHA-512
 * @param iterations the PBKDF2 iteration count (4096 or more), for an upsertion
 * @param password the password, for an upsertion; null for a deletion
 */
public record UserScramCredentialAlteration(String user, String mechanism, int iterations, Password password) {

    /** Checks the fields. */
    public UserScramCredentialAlteration {
        Objects.requireNonNull(user, "user");
        if (!"SCRAM-SHA-256".equals(mechanism) && !"SCRAM-SHA-512".equals(mechanism)) {
            throw new IllegalArgumentException("SCRAM mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, got "
                    + mechanism);
        }
        if (password != null && iterations < 4096) {
            throw new IllegalArgumentException("SCRAM iterations must be at least 4096 (the broker's minimum), got "
                    + iterations);
        }
    }

    /** Sets {@code user}'s credential for {@code mechanism}. */
    public static UserScramCredentialAlteration upsert(String user, String mechanism, int iterations, Password password) {
        return new UserScramCredentialAlteration(user, mechanism, iterations, Objects.requireNonNull(password, "password"));
    }

    /** Deletes {@code user}'s credential for {@code mechanism}. */
    public static UserScramCredentialAlteration delete(String user, String mechanism) {
        return new UserScramCredentialAlteration(user, mechanism, 0, null);
    }

    /** Whether this deletes the credential. */
    public boolean isDeletion() {
        return password == null;
    }

    @Override
    public String toString() {
        return (isDeletion() ? "delete " : "upsert ") + mechanism + " credential of user '" + user + "'"
                + (isDeletion() ? "" : " (" + iterations + " iterations)");
    }
}
