package io.ddestream.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class of the slow loop: one that starts a Kafka broker, a second JVM or a browser, or trains for
 * long. {@code ./mvnw test} leaves these out; {@code ./mvnw verify} runs them after the unit tests, through
 * maven-failsafe-plugin (the pom selects them by the tag {@value #TAG}; README, "Tests").
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(IntegrationTest.TAG)
public @interface IntegrationTest {

    /** The JUnit tag of the slow loop, as the pom names it. */
    String TAG = "integration";
}
