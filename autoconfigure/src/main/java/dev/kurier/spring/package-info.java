/** Spring Boot auto-configuration for Kurier. */
package dev.kurier.spring;
