/**
 * SASL mechanisms written over JDK crypto (PLAIN, SCRAM-SHA-256/512 per RFC 5802 and 7677, OAUTHBEARER per RFC
 * 7628), Kafka's JAAS config syntax, and the token provider callback. Each exchange is a small state machine the
 * network layer drives with SaslAuthenticate round trips.
 */
package dev.kurier.client.security.sasl;
