package carport.export;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.multiformats.Multibase;
import carport.core.json.AtJson;
import carport.core.mst.Mst;
import carport.core.mst.MstKeys;
import carport.core.syntax.Tid;
import carport.core.car.CarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A did:plc account made from scratch with keys of our own: a PLC audit log whose operations we sign,
 * and repositories whose commits we sign, so tests can rotate keys at will.
 */
final class SyntheticAccount {
    final TestKey rotationKey = TestKey.generate();
    final List<Map<String, Object>> log = new ArrayList<>();
    String did;
    String head;

    /** Starts the log with a genesis operation naming {@code atproto} as signing key, at {@code at}. */
    SyntheticAccount(TestKey atproto, Instant at) {
        Map<String, Object> signed = sign(operation(atproto, null));
        did = "did:plc:" + Multibase.encodeBase32(sha256(DagCbor.encode(signed))).substring(1, 25);
        append(signed, at);
    }

    /** Rotates the signing key to {@code atproto} at {@code at}. */
    void rotate(TestKey atproto, Instant at) {
        append(sign(operation(atproto, head)), at);
    }

    private Map<String, Object> operation(TestKey atproto, String prev) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", "plc_operation");
        op.put("rotationKeys", List.of(rotationKey.didKey()));
        op.put("verificationMethods", Map.of("atproto", atproto.didKey()));
        op.put("alsoKnownAs", List.of("at://synthetic.test"));
        op.put("services", Map.of("atproto_pds", Map.of("type", "AtprotoPersonalDataServer",
                "endpoint", "https://pds.example.com")));
        op.put("prev", prev);
        return op;
    }

    private Map<String, Object> sign(Map<String, Object> unsigned) {
        Map<String, Object> signed = new LinkedHashMap<>(unsigned);
        signed.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(
                rotationKey.sign(DagCbor.encode(unsigned))));
        return signed;
    }

    private void append(Map<String, Object> signed, Instant at) {
        head = Cid.of(Cid.DAG_CBOR, DagCbor.encode(signed)).toString();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("did", did);
        e.put("operation", signed);
        e.put("cid", head);
        e.put("nullified", false);
        e.put("createdAt", at.toString());
        log.add(e);
    }

    byte[] auditLogJson() {
        return AtJson.toJson(log, false).getBytes(StandardCharsets.UTF_8);
    }

    /** The DID document as the directory would serve it with {@code atproto} as the current key. */
    byte[] didDocument(TestKey atproto) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("id", did + "#atproto");
        vm.put("type", "Multikey");
        vm.put("controller", did);
        vm.put("publicKeyMultibase", atproto.publicKey().toMultibase());
        Map<String, Object> svc = new LinkedHashMap<>();
        svc.put("id", "#atproto_pds");
        svc.put("type", "AtprotoPersonalDataServer");
        svc.put("serviceEndpoint", "https://pds.example.com");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@context", List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"));
        doc.put("id", did);
        doc.put("alsoKnownAs", List.of("at://synthetic.test"));
        doc.put("verificationMethod", List.of(vm));
        doc.put("service", List.of(svc));
        return AtJson.toJson(doc, true).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A repository CAR with {@code n} posts in a one-node MST (keys chosen on layer 0), committed at
     * {@code at} (its rev) and signed by {@code key}.
     */
    byte[] repo(TestKey key, Instant at, int n) throws IOException {
        long micros = at.toEpochMilli() * 1000 - 5_000_000L;
        return repo(key, at, n, clock -> Tid.of(micros, clock).toString());
    }

    /**
     * The same with record keys {@code rkeys.apply(0)}, {@code rkeys.apply(1)}... (those that land on
     * layer 0, so the tree is one node), which must come in sorted order.
     */
    byte[] repo(TestKey key, Instant at, int n, java.util.function.IntFunction<String> rkeys) throws IOException {
        TreeMap<String, byte[]> records = new TreeMap<>();
        for (int clock = 0; records.size() < n; clock++) {
            String k = "app.bsky.feed.post/" + rkeys.apply(clock);
            if (MstKeys.height(k) != 0) {
                continue;
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("$type", "app.bsky.feed.post");
            rec.put("text", "post " + (records.size() + 1));
            rec.put("createdAt", at.toString());
            records.put(k, DagCbor.encode(rec));
        }
        return repo(key, at, records);
    }

    /**
     * A repository CAR holding {@code records} (repo path to DAG-CBOR block) in a tree built by core's
     * {@link Mst}, committed at {@code at} (its rev) and signed by {@code key}: the commit first, then the
     * tree's nodes, then the records.
     */
    byte[] repo(TestKey key, Instant at, SortedMap<String, byte[]> records) throws IOException {
        Map<Cid, byte[]> recordBlocks = new LinkedHashMap<>();
        TreeMap<String, Cid> entries = new TreeMap<>();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            Cid cid = Cid.of(Cid.DAG_CBOR, r.getValue());
            entries.put(r.getKey(), cid);
            recordBlocks.put(cid, r.getValue());
        }
        Mst tree = Mst.build(entries.entrySet());
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("did", did);
        commit.put("version", 3L);
        commit.put("data", tree.root());
        commit.put("rev", Tid.of(at.toEpochMilli() * 1000, 0).toString());
        commit.put("prev", null);
        commit.put("sig", key.sign(DagCbor.encode(commit)));
        byte[] commitBlock = DagCbor.encode(commit);
        Cid root = Cid.of(Cid.DAG_CBOR, commitBlock);
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
        blocks.put(root, commitBlock);
        blocks.putAll(tree.newBlocks());
        blocks.putAll(recordBlocks);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter.write(out, root, blocks);
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
