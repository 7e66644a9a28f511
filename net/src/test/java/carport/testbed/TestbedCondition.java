package carport.testbed;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Decides whether a {@link RequiresTestbed} test runs, is skipped, or fails for want of a test bed. */
final class TestbedCondition implements ExecutionCondition {

  static final String IT_SKIP = "carport.it.skip";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresTestbed> wanted = find(context);
    if (wanted.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @RequiresTestbed");
    }
    String skip = System.getProperty(IT_SKIP);
    if ("true".equalsIgnoreCase(skip)) {
      return ConditionEvaluationResult.disabled(
          "integration test skipped (" + IT_SKIP + "=true); ./scripts/test runs it against a real PLC + PDS");
    }
    // Asked for explicitly (CI, ./scripts/test): anything missing is a failure, not a skip.
    boolean required = "false".equalsIgnoreCase(skip);
    Optional<Path> file = Testbed.locate();
    if (file.isEmpty()) {
      return missing(required, "no test bed configured (-D" + Testbed.PROPERTY + " or " + Testbed.ENV
          + "); ./scripts/test starts one");
    }
    if (!Files.isRegularFile(file.get())) {
      return missing(required, "test bed JSON " + file.get() + " does not exist; is the test bed running?");
    }
    Testbed t = Testbed.get();
    if (!t.isRunning()) {
      return missing(required, "the test bed in " + t.file() + " is not running (pid " + t.pid() + " is gone)");
    }
    List<String> absent = new ArrayList<>();
    RequiresTestbed r = wanted.get();
    if (r.dns() && t.dns().isEmpty()) {
      absent.add("the DNS server (testbed.sh dns-start)");
    }
    if (r.tls() && t.tls().isEmpty()) {
      absent.add("the test TLS material (testbed.sh tls-gen)");
    }
    if (r.hosts() && !t.hostsMappingActive()) {
      absent.add("test names on loopback (run the JVM with -Djdk.net.hosts.file="
          + t.hostsFile().map(Path::toString).orElse("<hosts file from testbed.sh dns-start>") + ")");
    }
    if (!absent.isEmpty()) {
      return missing(required, "the test bed lacks " + String.join(", ", absent));
    }
    return ConditionEvaluationResult.enabled("test bed at " + t.pdsUrl());
  }

  private static ConditionEvaluationResult missing(boolean required, String why) {
    if (required) {
      throw new IllegalStateException(IT_SKIP + "=false but " + why);
    }
    return ConditionEvaluationResult.disabled(why);
  }

  /** The annotation on the test method, else on its class or an enclosing class (for @Nested). */
  private static Optional<RequiresTestbed> find(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    Optional<RequiresTestbed> found = element.flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresTestbed.class));
    for (Class<?> c = context.getTestClass().orElse(null); found.isEmpty() && c != null; c = c.getEnclosingClass()) {
      found = AnnotationSupport.findAnnotation(c, RequiresTestbed.class);
    }
    return found;
  }
}
