package dev.kurier.samples.orders;

import dev.kurier.client.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small order service on Kurier: {@code POST /orders} publishes an order event to the {@code orders} topic
 * through the {@code KurierTemplate}; two {@code @KurierListener}s read it back (fulfilment with three workers,
 * and an audit trail acknowledging each record by hand). Run it with {@code ./mvnw -pl samples -am
 * spring-boot:run}: without {@code kurier.bootstrap-servers} a development broker starts on loopback.
 */
@SpringBootApplication
public class OrdersApplication {

    /** The topic, created at startup when missing. */
    @Bean
    NewTopic ordersTopic() {
        return NewTopic.of(OrderEvents.TOPIC, 3, 1);
    }

    /** The dead-letter topic of {@code orders}: orders the fulfilment listener rejected or kept failing on. */
    @Bean
    NewTopic ordersDeadLetterTopic() {
        return NewTopic.of(OrderEvents.DEAD_LETTER_TOPIC, 1, 1);
    }

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
