/** Listener containers, their registry and the {@code @KurierListener} processing. */
package dev.kurier.spring.listener;
