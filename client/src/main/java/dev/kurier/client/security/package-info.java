/**
 * What a connection needs to be secure, below the network layer: the {@code security.protocol}, TLS contexts built
 * from trust and key stores (JKS, PKCS12, PEM; re-read when the files change), the SASL mechanisms (PLAIN,
 * SCRAM-SHA-256/512, OAUTHBEARER) and Kafka's JAAS syntax. Pure logic over JDK crypto and Netty's TLS types; it
 * opens no socket, so the network layer uses it and it never reaches up.
 */
package dev.kurier.client.security;
