/**
 * Secured brokers for tests and trying things out: a throwaway CA with broker and client certificates in every
 * store format ({@link dev.kurier.testkit.security.TestCertificates}), and listeners for TLS, mTLS and SASL with
 * users ready ({@link dev.kurier.testkit.security.SecureListeners}).
 */
package dev.kurier.testkit.security;
