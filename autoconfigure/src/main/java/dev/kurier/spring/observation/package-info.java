/**
 * Micrometer Observation of template sends and listener calls, with the trace context carried in record headers.
 */
package dev.kurier.spring.observation;
