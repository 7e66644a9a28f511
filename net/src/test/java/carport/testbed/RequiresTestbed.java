package carport.testbed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test that needs the running test bed ({@link Testbed#get()}).
 *
 * <p>Such tests are skipped, with a message, when {@code carport.it.skip} is {@code true} (the
 * default of a plain {@code ./mvnw verify}) or when no test bed JSON is configured. With
 * {@code -Dcarport.it.skip=false} (as {@code ./scripts/test} and CI run) a missing or dead test
 * bed, or a missing requested part, fails the test instead: CI must never pass by skipping.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(TestbedCondition.class)
@Tag("testbed")
public @interface RequiresTestbed {

  /** Also needs the loopback DNS server ({@link Testbed#dns()}). */
  boolean dns() default false;

  /** Also needs this JVM to resolve the test names to 127.0.0.1 (run with {@code -Djdk.net.hosts.file}). */
  boolean hosts() default false;

  /** Also needs the test CA and key stores ({@link Testbed#tls()}). */
  boolean tls() default false;
}
