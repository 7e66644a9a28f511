package carport.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The loopback control endpoint of a two-PDS test bed ({@code testbed/README.md}, "Second PDS"):
 * stops PDS 1 for good, and reads the email tokens the PDSes stored (their mail goes nowhere).
 */
public final class Control {

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  Control(URI base) {
    this.base = base;
  }

  /**
   * Stops PDS 1 as a dead server: when this returns, its port refuses connections. PLC, PDS 2
   * and this endpoint keep running. Returns false if it had been stopped already.
   */
  public boolean stopPds1() {
    JsonNode answer = send(HttpRequest.newBuilder(base.resolve("/pds1/stop"))
        .POST(HttpRequest.BodyPublishers.noBody()), 200);
    return !answer.path("already").asBoolean();
  }

  /** The {@code plc_operation} email token a PDS stored for the DID, if any. */
  public Optional<String> emailToken(String did) {
    return emailToken(did, "plc_operation");
  }

  /** The email token for {@code purpose} ({@code plc_operation}, {@code confirm_email}, ...), if any. */
  public Optional<String> emailToken(String did, String purpose) {
    URI uri = base.resolve("/email-token?did=" + URLEncoder.encode(did, StandardCharsets.UTF_8)
        + "&purpose=" + URLEncoder.encode(purpose, StandardCharsets.UTF_8));
    HttpResponse<String> r = exchange(HttpRequest.newBuilder(uri).GET());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(parse(r, 200).required("token").asText());
  }

  private JsonNode send(HttpRequest.Builder request, int expected) {
    return parse(exchange(request), expected);
  }

  private HttpResponse<String> exchange(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("control endpoint " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode parse(HttpResponse<String> r, int expected) {
    if (r.statusCode() != expected) {
      throw new IllegalStateException(r.request().uri() + " answered HTTP " + r.statusCode() + ": " + r.body());
    }
    try {
      return Testbed.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
