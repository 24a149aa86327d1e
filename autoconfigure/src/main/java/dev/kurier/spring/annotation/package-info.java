/** {@link dev.kurier.spring.annotation.KurierListener} and the annotations of its method parameters. */
package dev.kurier.spring.annotation;
