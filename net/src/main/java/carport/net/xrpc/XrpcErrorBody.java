package carport.net.xrpc;

import carport.net.http.HttpTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The {@code error} and {@code message} of an XRPC error answer ({@code {"error": ..., "message": ...}}), both
 * empty when the body is not one (a proxy's HTML page, say): then the status alone must do.
 */
public record XrpcErrorBody(String error, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static XrpcErrorBody parse(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                return new XrpcErrorBody(text(n.get("error")), text(n.get("message")));
            }
        } catch (IOException e) {
            // not an XRPC error body
        }
        return new XrpcErrorBody("", "");
    }

    /** The message for a user, as {@code " (message)"} on one line, or empty. */
    public String said() {
        return message.isEmpty() ? "" : " (" + HttpTransport.oneLine(message, 200) + ")";
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : "";
    }
}
