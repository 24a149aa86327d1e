package dev.kurier.client.admin;

/**
 * One SCRAM credential a user has (never the secret itself).
 *
 * @param mechanism SCRAM-SHA-256 or SCRAM-SHA-512
 * @param iterations the PBKDF2 iteration count
 */
public record ScramCredentialInfo(String mechanism, int iterations) {
}
