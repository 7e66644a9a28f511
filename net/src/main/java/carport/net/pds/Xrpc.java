package carport.net.pds;

import carport.net.http.BadResponseException;
import carport.net.http.HttpTransport;
import carport.net.xrpc.SyncClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * XRPC calls to one PDS through {@link HttpTransport#send}, which follows no redirect (these
 * requests carry passwords and tokens). Answers are JSON objects; an empty answer is {@code {}}.
 */
final class Xrpc {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_JSON = 8 * 1024 * 1024;
    private static final String JSON_TYPE = "application/json";

    private final HttpTransport http;
    private final URI pds;

    Xrpc(HttpTransport http, URI pds) {
        this.http = Objects.requireNonNull(http, "http");
        this.pds = Objects.requireNonNull(pds, "pds");
    }

    URI pds() {
        return pds;
    }

    HttpTransport http() {
        return http;
    }

    JsonNode get(String nsid, Secret bearer, String... params) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(nsid, params)).GET();
        return send(nsid, b, bearer, true);
    }

    /** POST with a JSON body, or with none at all when {@code body} is null. */
    JsonNode post(String nsid, Secret bearer, JsonNode body, boolean retry) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(nsid));
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", JSON_TYPE);
        }
        return send(nsid, b, bearer, retry);
    }

    /** POST streaming a file from disk (a retry reads it again from the start). */
    JsonNode postFile(String nsid, Secret bearer, Path file, String contentType) {
        HttpRequest.BodyPublisher body;
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(new NoSuchFileException(file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(nsid)).POST(body).header("Content-Type", contentType);
        return send(nsid, b, bearer, true);
    }

    private JsonNode send(String nsid, HttpRequest.Builder b, Secret bearer, boolean retry) {
        b.header("Accept", JSON_TYPE);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer.reveal());
        }
        HttpRequest request = b.build();
        byte[] bytes = http.send(request, retry, MAX_JSON, PdsErrors.mapper(nsid));
        if (bytes.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!n.isObject()) {
                throw malformed(nsid, "not a JSON object");
            }
            return n;
        } catch (IOException e) {
            // plain-text answers (the PLC's "OK") are not errors for calls that return nothing
            return JsonNodeFactory.instance.objectNode();
        }
    }

    BadResponseException malformed(String nsid, String what) {
        return new BadResponseException(HttpTransport.host(pds) + " sent a malformed " + nsid + " answer: " + what);
    }

    String requiredText(String nsid, JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw malformed(nsid, "no string \"" + field + "\"");
        }
        return n.asText();
    }

    URI uri(String nsid, String... params) {
        return SyncClient.xrpc(pds, nsid, params);
    }
}
