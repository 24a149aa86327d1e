/**
 * Code that runs inside the forked broker JVM only, next to Kafka's own jars: the launcher main
 * class and the control channel it serves. Only {@link dev.kurier.testkit.launcher.ControlProtocol}
 * (plain JDK) is used on both sides.
 */
package dev.kurier.testkit.launcher;
