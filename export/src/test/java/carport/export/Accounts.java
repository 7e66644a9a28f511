package carport.export;

import carport.core.syntax.Did;
import carport.export.identity.NetAccountResolver;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolverOptions;
import carport.net.xrpc.SyncClient;
import carport.testbed.PdsClient;
import carport.testbed.Testbed;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: an exporter wired to the test bed, and an account of our own to change. */
final class Accounts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Accounts() {}

    static HttpTransport http() {
        return new HttpTransport(HttpConfig.builder().maxAttempts(2).backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build());
    }

    static AccountExporter exporter(Testbed tb, Path out, boolean keepDeleted) {
        return new AccountExporter(new SyncClient(http()), resolver(tb),
                ExportOptions.defaults(out).withKeepDeleted(keepDeleted).withVersion("test"));
    }

    static NetAccountResolver resolver(Testbed tb) {
        ResolverOptions.Builder b = ResolverOptions.builder().plcHost(tb.plcUrl());
        tb.dns().ifPresent(d -> b.dnsServer(d.host() + ":" + d.port()));
        return new NetAccountResolver(new IdentityResolver(b.build()));
    }

    static ExportResult export(Testbed tb, Path out, String did) {
        return exporter(tb, out, false).export(Did.parse(did), ExportListener.NONE);
    }

    /** A fresh account on the shared test bed, with a few posts and two blobs. */
    static Own create(Testbed tb) {
        PdsClient pds = tb.pds();
        PdsClient.Session s = pds.createAccount(PdsClient.randomHandle("exp"), "pass-" + RANDOM.nextLong());
        Own own = new Own(pds, s);
        for (int i = 0; i < 5; i++) {
            own.post("post " + i);
        }
        own.fileRecord("first file", randomBytes(3000));
        own.fileRecord("second file", randomBytes(5000));
        own.pds.putRecord(s, "app.bsky.actor.profile", "self", Map.of("displayName", "Export Test"));
        return own;
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** An account this test owns and may change. */
    static final class Own {
        final PdsClient pds;
        final PdsClient.Session session;

        Own(PdsClient pds, PdsClient.Session session) {
            this.pds = pds;
            this.session = session;
        }

        String did() {
            return session.did();
        }

        Testbed.RecordRef post(String text) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("text", text);
            r.put("createdAt", Instant.now().toString());
            return pds.createRecord(session, "app.bsky.feed.post", r);
        }

        /** A record in a collection without a lexicon, holding a blob; returns it and the blob CID. */
        String[] fileRecord(String name, byte[] bytes) {
            JsonNode blob = pds.uploadBlob(session, bytes, "application/octet-stream");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", name);
            r.put("file", blob);
            Testbed.RecordRef ref = pds.createRecord(session, "com.example.export.file", r);
            return new String[] {ref.uri(), PdsClient.blobCid(blob)};
        }
    }
}
