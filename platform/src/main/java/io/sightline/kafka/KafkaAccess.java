package io.sightline.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** The start-up check that Kafka answers and lets this service in, with one line that says what to fix. */
public final class KafkaAccess {
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaAccess() {
    }

    /** Returns the cluster id, or throws {@link KafkaAccessException} with one line naming the cause. */
    public static String check(Admin admin, KafkaClients clients) {
        try {
            return admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("interrupted while connecting to Kafka at " + clients.bootstrapServers(), e);
        } catch (ExecutionException e) {
            throw refused(e.getCause(), clients);
        } catch (TimeoutException e) {
            throw new KafkaAccessException("Kafka at " + clients.bootstrapServers() + " did not answer in "
                    + TIMEOUT_SECONDS + " s; check kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) and "
                    + "kafka.security.protocol (KAFKA_SECURITY_PROTOCOL)", e);
        }
    }

    private static KafkaAccessException refused(Throwable cause, KafkaClients clients) {
        if (cause instanceof AuthenticationException) {
            return new KafkaAccessException("Kafka at " + clients.bootstrapServers() + " refused this service's login ("
                    + cause.getMessage() + "); check kafka.sasl.jaas.config / kafka.ssl.* (KAFKA_SASL_JAAS_CONFIG, "
                    + "KAFKA_SSL_*)", cause);
        }
        if (cause instanceof AuthorizationException) {
            return new KafkaAccessException("Kafka at " + clients.bootstrapServers() + " lets this service in but "
                    + "not describe the cluster (" + cause.getMessage() + "); grant it Describe on the cluster", cause);
        }
        return new KafkaAccessException("cannot reach Kafka at " + clients.bootstrapServers() + ": " + cause, cause);
    }

    /** Kafka cannot be used with this configuration; the message is one line for a person. */
    public static final class KafkaAccessException extends RuntimeException {
        KafkaAccessException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
