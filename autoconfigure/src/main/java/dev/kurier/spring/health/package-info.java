/** The actuator health contributor. */
package dev.kurier.spring.health;
