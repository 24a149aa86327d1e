/** Value types shared by every layer and by users: topic-partitions, nodes. */
package dev.kurier.client.common;
