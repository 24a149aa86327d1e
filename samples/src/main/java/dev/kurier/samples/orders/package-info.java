/** The orders sample: REST endpoint, template, two listeners, actuator. */
package dev.kurier.samples.orders;
