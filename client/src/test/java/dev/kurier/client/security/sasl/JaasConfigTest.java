package dev.kurier.client.security.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Kafka's JAAS syntax as users copy it from cloud consoles. */
class JaasConfigTest {

    @Test
    void parsesQuotedAndBareOptions() {
        JaasConfig c = JaasConfig.parse("org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"$ConnectionString\" password=\"Endpoint=sb://x/;Key=a\\\"b=c\" debug=true;");
        assertThat(c.loginModule()).isEqualTo(JaasConfig.PLAIN_MODULE);
        assertThat(c.flag()).isEqualTo("required");
        assertThat(c.options()).containsEntry("username", "$ConnectionString")
                .containsEntry("password", "Endpoint=sb://x/;Key=a\"b=c").containsEntry("debug", "true");
    }

    @Test
    void toStringNamesOptionsNotValues() {
        JaasConfig c = JaasConfig.parse(JaasConfig.SCRAM_MODULE + " required username=\"u\" password=\"hunter2\";");
        assertThat(c.toString()).contains("password").doesNotContain("hunter2");
    }

    @Test
    void errorsSayWhereNotWhat() {
        assertThatThrownBy(() -> JaasConfig.parse(JaasConfig.PLAIN_MODULE + " required password=\"hunter2\""))
                .hasMessageContaining("must end with ';'").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> JaasConfig.parse(JaasConfig.PLAIN_MODULE + " required password=\"hunter2;"))
                .hasMessageContaining("not closed").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> JaasConfig.parse(JaasConfig.PLAIN_MODULE + " mandatory;"))
                .hasMessageContaining("control flag");
        assertThatThrownBy(() -> JaasConfig.parse(JaasConfig.PLAIN_MODULE + " required; " + JaasConfig.PLAIN_MODULE
                + " required;")).hasMessageContaining("more than one");
    }
}
