package io.ddestream.streaming;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** What a Kafka failure means to the person running dde, told without handing Kafka's types to the caller. */
public final class KafkaFailures {

    private KafkaFailures() {
    }

    /**
     * Whether Kafka refused the client's credentials or permissions, somewhere in the cause chain of
     * {@code failure}: a setting to fix, not a bug.
     */
    public static boolean refusedAccess(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }
}
