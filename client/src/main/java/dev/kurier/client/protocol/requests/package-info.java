/**
 * Hand-written helpers over the generated message types, for APIs whose shape changed between the versions Kurier
 * speaks: they build the request a version needs and read every version's response into one view, so that callers
 * (groups, admin) do not branch on versions. Modelled on kafka-clients' split of {@code common.message} (generated
 * data) and {@code common.requests} (the logic around it).
 */
package dev.kurier.client.protocol.requests;
