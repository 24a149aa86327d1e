/** The producer template. */
package dev.kurier.spring.core;
