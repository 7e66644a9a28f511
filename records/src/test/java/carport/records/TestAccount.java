package carport.records;

import carport.core.car.CarFile;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.crypto.Curve;
import carport.core.crypto.VerifyingKey;
import carport.core.json.AtJson;
import carport.core.multiformats.Multibase;
import carport.core.repo.TestRepo;
import carport.core.syntax.Tid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * A did:plc account of our own for tests: K-256 keys we hold, a PLC audit log whose operations we sign (so
 * the account can rotate its signing key), signed repository CARs, and export folders made of them.
 */
final class TestAccount {
    static final class Key {
        private static final X9ECParameters K256 = CustomNamedCurves.getByName("secp256k1");
        private static final ECDomainParameters DOMAIN = new ECDomainParameters(K256.getCurve(), K256.getG(),
                K256.getN(), K256.getH());
        private static final SecureRandom RANDOM = new SecureRandom();
        final BigInteger d;
        final VerifyingKey publicKey;

        Key() {
            BigInteger x;
            do {
                x = new BigInteger(256, RANDOM);
            } while (x.signum() == 0 || x.compareTo(DOMAIN.getN()) >= 0);
            d = x;
            publicKey = VerifyingKey.fromSec1(Curve.K256, DOMAIN.getG().multiply(d).normalize().getEncoded(true));
        }

        byte[] sign(byte[] message) {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
            BigInteger[] rs = signer.generateSignature(sha256(message));
            BigInteger s = rs[1];
            if (s.compareTo(DOMAIN.getN().shiftRight(1)) > 0) {
                s = DOMAIN.getN().subtract(s); // low-S, as atproto requires
            }
            byte[] out = new byte[64];
            put(rs[0], out, 0);
            put(s, out, 32);
            return out;
        }

        private static void put(BigInteger v, byte[] out, int off) {
            byte[] b = v.toByteArray();
            int n = Math.min(b.length, 32);
            System.arraycopy(b, b.length - n, out, off + 32 - n, n);
        }
    }

    final Key rotationKey = new Key();
    final List<Map<String, Object>> log = new ArrayList<>();
    final String did;
    private String head;

    /** An account whose genesis operation, at {@code at}, names {@code atproto} as signing key. */
    TestAccount(Key atproto, Instant at) {
        Map<String, Object> signed = signOp(operation(atproto, null));
        did = "did:plc:" + Multibase.encodeBase32(sha256(DagCbor.encode(signed))).substring(1, 25);
        append(signed, at);
    }

    /** Rotates the signing key to {@code atproto} at {@code at}. */
    void rotate(Key atproto, Instant at) {
        append(signOp(operation(atproto, head)), at);
    }

    private Map<String, Object> operation(Key atproto, String prev) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", "plc_operation");
        op.put("rotationKeys", List.of(rotationKey.publicKey.toDidKey()));
        op.put("verificationMethods", Map.of("atproto", atproto.publicKey.toDidKey()));
        op.put("alsoKnownAs", List.of("at://test.example"));
        op.put("services", Map.of("atproto_pds", Map.of("type", "AtprotoPersonalDataServer",
                "endpoint", "https://pds.example.com")));
        op.put("prev", prev);
        return op;
    }

    private Map<String, Object> signOp(Map<String, Object> unsigned) {
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

    /** The DID document naming {@code atproto} as the (current) signing key. */
    byte[] didDocument(Key atproto) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("id", did + "#atproto");
        vm.put("type", "Multikey");
        vm.put("controller", did);
        vm.put("publicKeyMultibase", atproto.publicKey.toMultibase());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@context", List.of("https://www.w3.org/ns/did/v1"));
        doc.put("id", did);
        doc.put("alsoKnownAs", List.of("at://test.example"));
        doc.put("verificationMethod", List.of(vm));
        doc.put("service", List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer",
                "serviceEndpoint", "https://pds.example.com")));
        return AtJson.toJson(doc, true).getBytes(StandardCharsets.UTF_8);
    }

    /** The repository {@code repo} (built for this DID) with its commit at {@code at} signed by {@code key}. */
    byte[] signedCar(TestRepo.Builder repo, Key key, Instant at, Path tmp) throws IOException {
        Path unsigned = repo.did(did).write(Files.createTempFile(tmp, "unsigned", ".car"));
        return resign(unsigned, key, Tid.of(at.toEpochMilli() * 1000, 0).toString());
    }

    /** The CAR at {@code car} with its commit given {@code rev} and signed by {@code key}. */
    static byte[] resign(Path car, Key key, String rev) throws IOException {
        try (CarFile f = CarFile.open(car)) {
            Cid root = f.roots().get(0);
            @SuppressWarnings("unchecked")
            Map<String, Object> commit = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(f.get(root)));
            commit.remove("sig");
            commit.put("rev", rev);
            commit.put("sig", key.sign(DagCbor.encode(commit)));
            byte[] commitBlock = DagCbor.encode(commit);
            Cid newRoot = Cid.of(Cid.DAG_CBOR, commitBlock);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("roots", List.of(newRoot));
            header.put("version", 1L);
            byte[] h = DagCbor.encode(header);
            varint(out, h.length);
            out.write(h);
            section(out, newRoot, commitBlock);
            for (int i = 0; i < f.sectionCount(); i++) {
                if (!f.cidAt(i).equals(root)) {
                    section(out, f.cidAt(i), f.block(i));
                }
            }
            return out.toByteArray();
        }
    }

    /** An export folder {@code out/<did>/} as {@code carport export} leaves it (no blobs). */
    Path exportFolder(Path out, byte[] car, byte[] didDoc, boolean withAuditLog) throws IOException {
        Path dir = Files.createDirectories(out.resolve(did));
        Files.write(dir.resolve(ExportFiles.REPO), car);
        Files.write(dir.resolve(ExportFiles.DID_DOC), didDoc);
        if (withAuditLog) {
            Files.write(dir.resolve(ExportFiles.PLC_AUDIT), AtJson.toJson(log, false).getBytes(StandardCharsets.UTF_8));
        }
        writeManifest(dir, car);
        return dir;
    }

    /** Writes {@code _export.json} for the CAR bytes {@code car}. */
    static void writeManifest(Path dir, byte[] car) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (CarFile f = CarFile.fromBytes(car)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> commit = (Map<String, Object>) DagCbor.decode(f.get(f.roots().get(0)));
            m.put("format", 1L);
            m.put("did", commit.get("did"));
            m.put("handle", "test.example");
            m.put("pds", "https://pds.example.com");
            m.put("rev", commit.get("rev"));
            m.put("commit", f.roots().get(0).toString());
            m.put("records", 0L);
            m.put("blobs", 0L);
            m.put("verified", true);
            m.put("sync", "full");
            m.put("started", "2026-01-01T00:00:00Z");
            m.put("finished", "2026-01-01T00:00:01Z");
            m.put("carport", "test");
            m.put("failures", List.of());
            m.put("recordFileNames", Map.of("caseInsensitive", false, "windows", false));
        }
        Files.write(dir.resolve(ExportFiles.MANIFEST), AtJson.toJson(m, true).getBytes(StandardCharsets.UTF_8));
    }

    private static void section(ByteArrayOutputStream out, Cid cid, byte[] block) throws IOException {
        byte[] c = cid.toBytes();
        varint(out, c.length + block.length);
        out.write(c);
        out.write(block);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
