/**
 * Kurier transactions in Spring: a pool of transactional producers ({@link dev.kurier.spring.transaction.TransactionalProducers}),
 * a {@code PlatformTransactionManager} over it ({@link dev.kurier.spring.transaction.KurierTransactionManager}) for
 * {@code @Transactional}, and the lookup that lets the template send on the current transaction's producer.
 */
package dev.kurier.spring.transaction;
