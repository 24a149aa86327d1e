/** Actuator integration beyond health and metrics: Kurier's secrets masked in the configprops and env endpoints. */
package dev.kurier.spring.actuate;
