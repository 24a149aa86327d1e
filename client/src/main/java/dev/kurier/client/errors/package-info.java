/**
 * Exception types shared by every layer of the client. This package depends on nothing else in Kurier, so
 * the protocol, network and cluster layers can use it without reaching up.
 */
package dev.kurier.client.errors;
