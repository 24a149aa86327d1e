/**
 * Record batches (magic v2): {@link dev.kurier.client.protocol.record.RecordBatchBuilder} writes one batch,
 * {@link dev.kurier.client.protocol.record.RecordBatchIterator} finds the batches in a records buffer,
 * {@link dev.kurier.client.protocol.record.RecordBatch} reads a batch's header in place and
 * {@link dev.kurier.client.protocol.record.RecordIterator} decodes its records lazily. Nothing here copies record data
 * unless asked to ({@code keyBytes()}, {@code valueBytes()}); compressed batches are decompressed once per iteration
 * into a buffer the iterator owns and releases.
 */
package dev.kurier.client.protocol.record;
