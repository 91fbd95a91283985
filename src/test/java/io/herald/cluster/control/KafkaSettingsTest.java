package io.herald.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void otherKeysPassToTheKafkaClientsWithoutThePrefixFromConfigAndTheEnvironment() {
        assertEquals("security.protocol", KafkaSettings.clientProperty("herald.kafka.security.protocol"));
        assertEquals("sasl.jaas.config", KafkaSettings.clientProperty("HERALD_KAFKA_SASL_JAAS_CONFIG"));
        assertEquals("ssl.truststore.location", KafkaSettings.clientProperty("HERALD_KAFKA_SSL_TRUSTSTORE_LOCATION"));
    }

    @Test
    void heraldsOwnKeysAndOthersDoNot() {
        assertNull(KafkaSettings.clientProperty("herald.kafka.bootstrap-servers"));
        assertNull(KafkaSettings.clientProperty("HERALD_KAFKA_BOOTSTRAP_SERVERS"));
        assertNull(KafkaSettings.clientProperty("HERALD_KAFKA_PUBLISH_TIMEOUT"));
        assertNull(KafkaSettings.clientProperty("herald.sse.heartbeat-interval"));
        assertNull(KafkaSettings.clientProperty("PATH"));
    }
}
