/**
 * Machinery of the testkit (classpath resolution, ports, configuration files, broker processes);
 * not an API, may change without notice.
 */
package dev.kurier.testkit.internal;
