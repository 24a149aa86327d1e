/** Conversion of keys and values between objects and record bytes. */
package dev.kurier.spring.convert;
