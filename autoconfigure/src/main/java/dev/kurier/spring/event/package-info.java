/** Listener container lifecycle as Spring application events. */
package dev.kurier.spring.event;
