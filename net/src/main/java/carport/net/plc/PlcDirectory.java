package carport.net.plc;

import carport.core.syntax.Did;
import carport.net.RemoteException;
import carport.net.http.BadResponseException;
import carport.net.http.HttpTransport;
import carport.net.identity.DidNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * A PLC directory: the live audit log of a did:plc, and submitting a signed operation
 * ({@code POST /<did>}), which is how a restore changes an identity when the account's old PDS is
 * gone. The directory checks the operation's signature and {@code prev} itself and answers 200
 * {@code OK} or 400 {@code {"message": ...}}.
 */
public final class PlcDirectory {
    private static final int MAX_LOG = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransport http;
    private final URI base;

    /** @param base e.g. {@code https://plc.directory} */
    public PlcDirectory(HttpTransport http, URI base) {
        this.http = http;
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    public URI uri() {
        return base;
    }

    /** The raw bytes of {@code <plc>/<did>/log/audit}; validate them with {@code PlcAuditLog}. */
    public byte[] auditLog(Did did) {
        URI uri = URI.create(base + "/" + did + "/log/audit");
        return http.get(uri, "application/json", MAX_LOG, (u, status, headers, body) -> status == 404
                ? new DidNotFoundException(did + " is not registered in the PLC directory " + HttpTransport.host(u))
                : new BadResponseException(HttpTransport.host(u) + " answered HTTP " + status
                        + " when asked for the audit log of " + did));
    }

    /**
     * Submits a signed operation. Not retried on failure: a re-run checks the live log first and
     * sees whether the operation arrived.
     *
     * @throws PlcRefusedException if the directory refused it (its message says why)
     */
    public void submit(Did did, ObjectNode operation) {
        URI uri = URI.create(base + "/" + did);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(operation);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.send(request, false, 64 * 1024, (u, status, headers, answer) -> refused(did, u, status, answer));
    }

    private static RemoteException refused(Did did, URI uri, int status, byte[] body) {
        String message = null;
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.path("message").isTextual()) {
                message = n.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: report the status only
        }
        if (message == null && body != null && body.length > 0 && body.length < 300) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        String why = message == null ? "HTTP " + status : HttpTransport.oneLine(message, 300);
        return new PlcRefusedException("the PLC directory " + HttpTransport.host(uri) + " refused the operation for "
                + did + ": " + why, status);
    }

    /** The directory refused an operation (HTTP 4xx/5xx); the message quotes its reason. */
    public static final class PlcRefusedException extends RemoteException {
        private static final long serialVersionUID = 1L;
        private final int status;

        PlcRefusedException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
