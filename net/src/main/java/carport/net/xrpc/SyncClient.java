package carport.net.xrpc;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.http.BadResponseException;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.net.http.ProgressListener;
import carport.net.http.SizeLimit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Client for the public {@code com.atproto.sync.*} endpoints of a PDS. No authentication: these
 * endpoints serve public repository data. Downloads stream to disk (a 1 GB repository never sits
 * in memory) and appear at their target only when complete.
 *
 * <p>Failures are {@link carport.net.RemoteException}s: {@link carport.net.xrpc.RepoNotFoundException},
 * {@link carport.net.xrpc.RepoTakendownException}, {@link carport.net.xrpc.RepoSuspendedException},
 * {@link carport.net.xrpc.RepoDeactivatedException}, {@link carport.net.xrpc.BlobNotFoundException} for the
 * account's state, and the transport's own for the network. Thread-safe.
 *
 * <p>Code that only needs the calls (an exporter, say) can depend on {@link SyncApi} instead, so its
 * tests can answer them without a server.
 */
public final class SyncClient implements SyncApi {
    /** The largest page listBlobs allows (lexicon maximum). */
    public static final int BLOB_PAGE_SIZE = 1000;
    /** Default page cap for listBlobs: 10 million blobs. */
    public static final int DEFAULT_MAX_BLOB_PAGES = 10_000;
    /** Default cap on a repository CAR download: 8 GiB (the largest real repositories are a few GB). */
    public static final long DEFAULT_MAX_REPO_BYTES = 8L << 30;
    /** Default cap on one blob download: 100 MiB (the reference PDS refuses uploads over 50 MB by default). */
    public static final long DEFAULT_MAX_BLOB_BYTES = 100L << 20;

    /**
     * How much a server may send: the largest repository CAR, the largest blob, and the most
     * listBlobs pages. The names of the command-line options go into the messages.
     */
    public record Limits(long maxRepoBytes, long maxBlobBytes, int maxBlobPages) {
        public Limits {
            if (maxRepoBytes < 1 || maxBlobBytes < 1) {
                throw new IllegalArgumentException("size limits must be at least 1 byte");
            }
            if (maxBlobPages < 1) {
                throw new IllegalArgumentException("maxBlobPages must be at least 1");
            }
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_REPO_BYTES, DEFAULT_MAX_BLOB_BYTES, DEFAULT_MAX_BLOB_PAGES);
        }

        public Limits withMaxRepoBytes(long n) {
            return new Limits(n, maxBlobBytes, maxBlobPages);
        }

        public Limits withMaxBlobBytes(long n) {
            return new Limits(maxRepoBytes, n, maxBlobPages);
        }

        public Limits withMaxBlobPages(int n) {
            return new Limits(maxRepoBytes, maxBlobBytes, n);
        }

        SizeLimit repo() {
            return new SizeLimit(maxRepoBytes, "--max-repo-size");
        }

        SizeLimit blob() {
            return new SizeLimit(maxBlobBytes, "--max-blob-size");
        }
    }

    private static final int MAX_JSON = 8 * 1024 * 1024;
    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransport http;
    private final Limits limits;

    /** A client with the default HTTP settings (timeouts, retries, proxy from the environment). */
    public SyncClient() {
        this(HttpConfig.defaults());
    }

    public SyncClient(HttpConfig config) {
        this(new HttpTransport(config));
    }

    public SyncClient(HttpTransport http) {
        this(http, Limits.defaults());
    }

    /** @param maxBlobPages listBlobs gives up after this many pages (a server whose cursor never ends) */
    public SyncClient(HttpTransport http, int maxBlobPages) {
        this(http, Limits.defaults().withMaxBlobPages(maxBlobPages));
    }

    public SyncClient(HttpTransport http, Limits limits) {
        this.http = Objects.requireNonNull(http, "http");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public Limits limits() {
        return limits;
    }

    public HttpTransport transport() {
        return http;
    }

    /**
     * Downloads the repository as a CAR file (com.atproto.sync.getRepo) to {@code target},
     * replacing it atomically once complete. An interrupted download starts over.
     *
     * @param since only changes after this revision (a TID), if the PDS supports it
     * @return the number of bytes written
     */
    @Override
    public long getRepo(URI pds, Did did, Optional<String> since, Path target, ProgressListener progress) {
        List<String> params = new ArrayList<>(List.of("did", did.toString()));
        since.ifPresent(s -> {
            params.add("since");
            params.add(s);
        });
        URI uri = xrpc(pds, "com.atproto.sync.getRepo", params.toArray(String[]::new));
        return http.download(uri, "application/vnd.ipld.car", target, progress, null, limits.repo(),
                XrpcErrors.mapper(did.toString(), false));
    }

    /**
     * Downloads one blob (com.atproto.sync.getBlob) to {@code target}. The bytes must hash to
     * {@code cid} (SHA-256, raw codec); otherwise nothing is written and
     * {@link BadResponseException} is thrown.
     *
     * @return the blob's size in bytes
     */
    @Override
    public long getBlob(URI pds, Did did, Cid cid, Path target, ProgressListener progress) {
        if (cid.codec() != Cid.RAW || cid.hashFunction() != Cid.SHA2_256) {
            throw new InvalidDataException("blob CID " + cid + " is not a raw sha2-256 CID; atproto blobs always are");
        }
        URI uri = xrpc(pds, "com.atproto.sync.getBlob", "did", did.toString(), "cid", cid.toString());
        return http.download(uri, "*/*", target, progress, cid.digest(), limits.blob(),
                XrpcErrors.mapper("blob " + cid + " of " + did, true));
    }

    /**
     * Pages through listBlobs, giving each CID to {@code sink} as its page arrives. Stops on an
     * empty page or a missing cursor (the reference PDS returns a cursor even with the last page,
     * then an empty page). Fails with {@link BadResponseException} on a page longer than the limit
     * asked for, a cursor seen before (a server going round in circles), or after the page cap.
     */
    @Override
    public void forEachBlob(URI pds, Did did, Optional<String> since, Consumer<Cid> sink) {
        String cursor = null;
        Set<String> seen = new HashSet<>();
        int maxBlobPages = limits.maxBlobPages();
        for (int page = 1; ; page++) {
            if (page > maxBlobPages) {
                throw new BadResponseException(HttpTransport.host(pds) + " kept sending listBlobs pages for "
                        + did + " past " + maxBlobPages + " pages (" + (long) maxBlobPages * BLOB_PAGE_SIZE
                        + " blobs); its cursor seems not to end");
            }
            List<String> params = new ArrayList<>(List.of("did", did.toString(), "limit",
                    Integer.toString(BLOB_PAGE_SIZE)));
            since.ifPresent(s -> {
                params.add("since");
                params.add(s);
            });
            if (cursor != null) {
                params.add("cursor");
                params.add(cursor);
            }
            URI uri = xrpc(pds, "com.atproto.sync.listBlobs", params.toArray(String[]::new));
            JsonNode body = getJson(uri, did.toString());
            JsonNode cids = body.get("cids");
            if (cids == null || !cids.isArray()) {
                throw XrpcErrors.malformed(uri, "no \"cids\" array");
            }
            if (cids.isEmpty()) {
                return;
            }
            if (cids.size() > BLOB_PAGE_SIZE) {
                throw XrpcErrors.malformed(uri, "a page of " + cids.size() + " CIDs when at most "
                        + BLOB_PAGE_SIZE + " were asked for");
            }
            for (JsonNode c : cids) {
                sink.accept(cid(uri, c));
            }
            JsonNode next = body.get("cursor");
            if (next == null || next.isNull() || !next.isTextual() || next.asText().isEmpty()) {
                return;
            }
            if (!seen.add(next.asText())) {
                throw XrpcErrors.malformed(uri, "the cursor '" + HttpTransport.oneLine(next.asText(), 80)
                        + "' again, after page " + page + "; the listing goes round in circles");
            }
            cursor = next.asText();
        }
    }

    /** The current head commit CID and revision (com.atproto.sync.getLatestCommit). */
    @Override
    public LatestCommit getLatestCommit(URI pds, Did did) {
        URI uri = xrpc(pds, "com.atproto.sync.getLatestCommit", "did", did.toString());
        JsonNode body = getJson(uri, did.toString());
        String rev = requiredText(uri, body, "rev");
        JsonNode cid = body.get("cid");
        if (cid == null) {
            throw XrpcErrors.malformed(uri, "no \"cid\"");
        }
        return new LatestCommit(cid(uri, cid), rev);
    }

    /** Whether the account is active on this PDS, and if not why (com.atproto.sync.getRepoStatus). */
    @Override
    public RepoStatus getRepoStatus(URI pds, Did did) {
        URI uri = xrpc(pds, "com.atproto.sync.getRepoStatus", "did", did.toString());
        JsonNode body = getJson(uri, did.toString());
        String answered = requiredText(uri, body, "did");
        if (!answered.equals(did.toString())) {
            throw XrpcErrors.malformed(uri, "it is about " + HttpTransport.oneLine(answered, 100) + ", not " + did);
        }
        JsonNode active = body.get("active");
        if (active == null || !active.isBoolean()) {
            throw XrpcErrors.malformed(uri, "no boolean \"active\"");
        }
        return new RepoStatus(did, active.booleanValue(), optionalText(body, "status"), optionalText(body, "rev"));
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode getJson(URI uri, String subject) {
        byte[] bytes = http.get(uri, JSON_TYPE, MAX_JSON, XrpcErrors.mapper(subject, false));
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw XrpcErrors.malformed(uri, "not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw XrpcErrors.malformed(uri, "not JSON");
        }
    }

    private static Cid cid(URI uri, JsonNode n) {
        // getLatestCommit gives {"cid": "b..."}; some servers wrap it as {"$link": "b..."}.
        JsonNode v = n.isObject() && n.has("$link") ? n.get("$link") : n;
        if (!v.isTextual()) {
            throw XrpcErrors.malformed(uri, "a CID that is not a string");
        }
        try {
            return Cid.parse(v.asText());
        } catch (InvalidDataException e) {
            throw XrpcErrors.malformed(uri, e.getMessage());
        }
    }

    private static String requiredText(URI uri, JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw XrpcErrors.malformed(uri, "no string \"" + field + "\"");
        }
        return n.asText();
    }

    private static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** {@code <pds>/xrpc/<nsid>?k=v&...}, the PDS URL taken as an origin (any trailing slash ignored). */
    public static URI xrpc(URI pds, String nsid, String... params) {
        String base = pds.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringBuilder sb = new StringBuilder(base).append("/xrpc/").append(nsid);
        for (int i = 0; i < params.length; i += 2) {
            sb.append(i == 0 ? '?' : '&')
                    .append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return URI.create(sb.toString());
    }
}
