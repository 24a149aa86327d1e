/** The development broker started from kurier-testkit when no cluster is configured. */
package dev.kurier.spring.devbroker;
