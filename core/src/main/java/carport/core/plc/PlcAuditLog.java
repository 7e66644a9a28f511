package carport.core.plc;

import static carport.core.plc.PlcLogException.Reason.AFTER_TOMBSTONE;
import static carport.core.plc.PlcLogException.Reason.BAD_SIGNATURE;
import static carport.core.plc.PlcLogException.Reason.BROKEN_CHAIN;
import static carport.core.plc.PlcLogException.Reason.CID_MISMATCH;
import static carport.core.plc.PlcLogException.Reason.DID_MISMATCH;
import static carport.core.plc.PlcLogException.Reason.HIGH_S_SIGNATURE;
import static carport.core.plc.PlcLogException.Reason.MALFORMED;
import static carport.core.plc.PlcLogException.Reason.NULLIFICATION_TOO_LATE;
import static carport.core.plc.PlcLogException.Reason.NULLIFIED_FLAG;
import static carport.core.plc.PlcLogException.Reason.PREV_NULLIFIED;
import static carport.core.plc.PlcLogException.Reason.ROTATION_KEY_PRIORITY;
import static carport.core.plc.PlcLogException.Reason.SIGNATURE_ENCODING;
import static carport.core.plc.PlcLogException.Reason.TIMESTAMP_ORDER;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.multiformats.Multibase;
import carport.core.crypto.SignatureCheck;
import carport.core.crypto.VerifyingKey;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A did:plc audit log ({@code GET /<did>/log/audit}): every operation the directory accepted, in
 * order, including nullified ones. {@link #validate()} re-checks everything the directory claims, so
 * the log can be trusted without trusting the directory (except for withholding operations).
 *
 * <p>Rules: each {@code cid} is the CID of the DAG-CBOR of the signed operation; the DID is the first
 * 24 characters of base32(sha256(that encoding)) of the genesis op; every operation is signed
 * (ECDSA, low-S, strict unpadded base64url) by a rotation key of the operation it names as
 * {@code prev}; an operation whose {@code prev} already has a successor forks the log and nullifies
 * that successor and everything after it, which is allowed only within 72 hours of the first
 * nullified operation and only with a rotation key of higher priority (lower index) than the one that
 * signed the nullified branch; nothing may follow a tombstone or a nullified operation.
 */
public final class PlcAuditLog {
    /** How long after an operation a higher-priority rotation key may still undo it. */
    public static final Duration RECOVERY_WINDOW = Duration.ofHours(72);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String did;
    private final List<PlcLogEntry> entries;
    private volatile List<PlcLogEntry> canonical; // set once validate() has passed

    private PlcAuditLog(String did, List<PlcLogEntry> entries) {
        this.did = did;
        this.entries = entries;
    }

    /**
     * Parses the JSON of an audit log. Structure only; call {@link #validate()} to check it. The array is
     * read entry by entry: only one operation's tree is held at a time, however long the log.
     */
    public static PlcAuditLog parse(byte[] json) {
        try (JsonParser p = MAPPER.createParser(json)) {
            return parse(p);
        } catch (JsonProcessingException e) {
            throw new PlcLogException(MALFORMED, "PLC audit log is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PlcLogException(MALFORMED, "PLC audit log could not be read: " + e.getMessage());
        }
    }

    /** The same, reading {@code in} (not closed) as it goes. */
    public static PlcAuditLog parse(InputStream in) throws IOException {
        try (JsonParser p = MAPPER.createParser(in)) {
            return parse(p);
        } catch (JsonProcessingException e) {
            throw new PlcLogException(MALFORMED, "PLC audit log is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static PlcAuditLog parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new PlcLogException(MALFORMED, "PLC audit log is not a JSON array");
        }
        List<PlcLogEntry> entries = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new PlcLogException(MALFORMED, "PLC audit log is not valid JSON: it ends inside the array");
            }
            String where = "PLC log entry " + entries.size();
            if (t != JsonToken.START_OBJECT) {
                throw new PlcLogException(MALFORMED, where + " is not an object");
            }
            entries.add(entry(MAPPER.readTree(p), where));
        }
        if (p.nextToken() != null) {
            throw new PlcLogException(MALFORMED, "PLC audit log is not valid JSON: something follows the array");
        }
        if (entries.isEmpty()) {
            throw new PlcLogException(MALFORMED, "PLC audit log is empty");
        }
        return new PlcAuditLog(entries.get(0).did(), Collections.unmodifiableList(entries));
    }

    private static PlcLogEntry entry(JsonNode e, String where) {
        String entryDid = text(e, "did", where);
        String cid = text(e, "cid", where);
        JsonNode nullified = e.get("nullified");
        if (nullified == null || !nullified.isBoolean()) {
            throw new PlcLogException(MALFORMED, where + ": \"nullified\" is missing or not a boolean");
        }
        String createdAt = text(e, "createdAt", where);
        Instant at;
        try {
            at = Instant.parse(createdAt);
        } catch (DateTimeParseException ex) {
            throw new PlcLogException(MALFORMED, where + ": \"createdAt\" is not a timestamp: " + createdAt);
        }
        PlcOperation op = PlcOperation.fromJson(e.get("operation"), where + " (" + cid + ")");
        return new PlcLogEntry(entryDid, op, cid, nullified.asBoolean(), at);
    }

    /** The DID the log claims to be for (that of its first entry; checked by {@link #validate()}). */
    public String did() {
        return did;
    }

    /** All entries as served, nullified ones included. */
    public List<PlcLogEntry> entries() {
        return entries;
    }

    /** Per-operation bookkeeping while replaying the log. */
    private static final class Node {
        final PlcLogEntry entry;
        List<String> allowedKeys; // rotation keys that may still sign a successor of this op
        int lastChild = -1;
        boolean nullified;

        Node(PlcLogEntry entry) {
            this.entry = entry;
            this.allowedKeys = entry.operation().rotationKeys();
        }
    }

    /**
     * Checks the whole log; returns normally if it is valid.
     *
     * @throws PlcLogException naming the broken rule and the entry
     */
    public void validate() {
        if (canonical != null) {
            return;
        }
        List<Node> nodes = new ArrayList<>(entries.size());
        Map<String, Integer> byCid = new HashMap<>();
        int head = -1;
        for (int i = 0; i < entries.size(); i++) {
            PlcLogEntry e = entries.get(i);
            PlcOperation op = e.operation();
            String where = "PLC log of " + did + ", entry " + i + " (" + e.cid() + ")";
            if (!e.did().equals(did)) {
                throw new PlcLogException(DID_MISMATCH, where + " is for another DID: " + e.did());
            }
            byte[] signed = encode(op.signedModel(), where);
            String computed = Cid.of(Cid.DAG_CBOR, signed, 0, signed.length).toString();
            if (!computed.equals(e.cid())) {
                throw new PlcLogException(CID_MISMATCH, where + ": operation hashes to " + computed);
            }
            if (byCid.containsKey(computed)) {
                throw new PlcLogException(MALFORMED, where + ": the same operation appears twice");
            }

            Node prev = null;
            List<String> allowed;
            if (op.isGenesis()) {
                if (head >= 0) {
                    throw new PlcLogException(BROKEN_CHAIN, where + ": a second genesis operation");
                }
                String derived = "did:plc:" + Multibase.encodeBase32(sha256(signed)).substring(1, 25);
                if (!derived.equals(did)) {
                    throw new PlcLogException(DID_MISMATCH, where + ": genesis operation gives " + derived);
                }
                allowed = op.rotationKeys();
            } else {
                if (head < 0) {
                    throw new PlcLogException(BROKEN_CHAIN, where + ": the log does not start with a genesis operation");
                }
                if (op.type() == PlcOperation.Type.LEGACY_CREATE) {
                    throw new PlcLogException(MALFORMED, where + ": legacy \"create\" is only allowed as genesis");
                }
                Integer p = byCid.get(op.prev());
                if (p == null) {
                    throw new PlcLogException(BROKEN_CHAIN, where + ": prev " + op.prev() + " is not an earlier operation");
                }
                prev = nodes.get(p);
                if (prev.entry.operation().type() == PlcOperation.Type.TOMBSTONE) {
                    throw new PlcLogException(AFTER_TOMBSTONE, where + ": builds on a tombstone");
                }
                if (prev.nullified) {
                    throw new PlcLogException(PREV_NULLIFIED, where + ": builds on nullified operation " + op.prev());
                }
                allowed = prev.allowedKeys;
            }

            List<String> all = prev == null ? op.rotationKeys() : prev.entry.operation().rotationKeys();
            int keyIndex = verifySignature(op, allowed, all, where);

            if (prev != null) {
                Node headNode = nodes.get(head);
                if (!e.createdAt().isAfter(headNode.entry.createdAt())) {
                    throw new PlcLogException(TIMESTAMP_ORDER, where + ": createdAt is not after the previous operation's");
                }
                if (prev.lastChild >= 0) {
                    // A fork: everything from prev's current successor on is undone.
                    Node first = nodes.get(prev.lastChild);
                    Duration late = Duration.between(first.entry.createdAt(), e.createdAt());
                    if (late.compareTo(RECOVERY_WINDOW) > 0) {
                        throw new PlcLogException(NULLIFICATION_TOO_LATE, where + ": nullifies " + first.entry.cid()
                                + " " + String.format("%dh%02dm%02ds", late.toHours(), late.toMinutesPart(),
                                        late.toSecondsPart()) + " after it (limit 72h)");
                    }
                    for (int c = prev.lastChild; c >= 0; c = nodes.get(c).lastChild) {
                        nodes.get(c).nullified = true;
                    }
                }
                // Only keys of higher priority than the one just used may fork from prev later.
                prev.allowedKeys = allowed.subList(0, keyIndex);
                prev.lastChild = i;
            }
            nodes.add(new Node(e));
            byCid.put(computed, i);
            head = i;
        }

        List<PlcLogEntry> live = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.nullified != n.entry.nullified()) {
                throw new PlcLogException(NULLIFIED_FLAG, "PLC log of " + did + ", entry " + i + " (" + n.entry.cid()
                        + ") is marked nullified=" + n.entry.nullified() + " but the operations imply " + n.nullified);
            }
            if (!n.nullified) {
                live.add(n.entry);
            }
        }
        canonical = Collections.unmodifiableList(live);
    }

    /**
     * This log with {@code next} appended as the directory would record it at {@code at} (or just
     * after the last entry, if {@code at} is not later), validated: the check a new operation gets
     * before it is submitted. It must build on the current state and be signed by one of its
     * rotation keys.
     *
     * @throws PlcLogException saying why the directory would refuse it
     */
    public PlcAuditLog append(PlcUpdate.Signed next, Instant at) {
        PlcState head = current();
        if (!next.did().equals(did)) {
            throw new PlcLogException(DID_MISMATCH, "new operation is for " + next.did() + ", not " + did);
        }
        if (!head.entry().cid().equals(next.operation().prev())) {
            throw new PlcLogException(BROKEN_CHAIN, "new operation builds on " + next.operation().prev()
                    + ", but the log's last operation is " + head.entry().cid() + " (the log moved on: fetch it again)");
        }
        Instant last = entries.get(entries.size() - 1).createdAt();
        Instant when = at.isAfter(last) ? at : last.plusMillis(1);
        List<PlcLogEntry> more = new ArrayList<>(entries);
        more.add(new PlcLogEntry(did, next.operation(), next.cid(), false, when));
        PlcAuditLog log = new PlcAuditLog(did, Collections.unmodifiableList(more));
        log.validate();
        return log;
    }

    /** Validates, then returns the operations in force in order (nullified ones left out). */
    public List<PlcLogEntry> canonicalEntries() {
        validate();
        return canonical;
    }

    /** Validates, then returns the current state (that of the last non-nullified operation). */
    public PlcState current() {
        List<PlcLogEntry> live = canonicalEntries();
        return new PlcState(did, live.get(live.size() - 1));
    }

    /**
     * Validates, then returns the state in force at {@code time}: that of the last non-nullified
     * operation created at or before it. Empty if {@code time} is before the genesis operation.
     * Nullified operations never count, even for times when the directory briefly served them.
     */
    public Optional<PlcState> stateAt(Instant time) {
        PlcLogEntry found = null;
        for (PlcLogEntry e : canonicalEntries()) {
            if (e.createdAt().isAfter(time)) {
                break;
            }
            found = e;
        }
        return found == null ? Optional.empty() : Optional.of(new PlcState(did, found));
    }

    /** The {@code #atproto} key in force at {@code time}; empty before genesis, after a tombstone or if none. */
    public Optional<VerifyingKey> atprotoKeyAt(Instant time) {
        return stateAt(time).flatMap(PlcState::atprotoKey);
    }

    /** Returns the index in {@code allowed} of the key that made the signature, or throws saying why none did. */
    private static int verifySignature(PlcOperation op, List<String> allowed, List<String> all, String where) {
        byte[] sig = decodeSignature(op.sig(), where);
        byte[] digest = sha256(encode(op.unsignedModel(), where));
        boolean highS = false;
        for (int k = 0; k < allowed.size(); k++) {
            SignatureCheck check = key(allowed.get(k), where).checkDigest(digest, sig);
            if (check == SignatureCheck.VALID) {
                return k;
            }
            highS |= check == SignatureCheck.HIGH_S;
        }
        if (sig.length != VerifyingKey.SIGNATURE_LENGTH) {
            throw new PlcLogException(BAD_SIGNATURE, where + ": signature is " + sig.length
                    + " bytes, not a 64-byte r||s (DER-encoded?)");
        }
        if (highS) {
            throw new PlcLogException(HIGH_S_SIGNATURE, where + ": signature is high-S (atproto requires low-S)");
        }
        // Say so when a key of the previous operation did sign, but had lost the priority to fork.
        for (int k = allowed.size(); k < all.size(); k++) {
            try {
                if (VerifyingKey.fromDidKey(all.get(k)).checkDigest(digest, sig) == SignatureCheck.VALID) {
                    throw new PlcLogException(ROTATION_KEY_PRIORITY, where + ": signed by rotation key " + all.get(k)
                            + ", which does not outrank the key that signed the branch it would nullify");
                }
            } catch (PlcLogException ex) {
                throw ex;
            } catch (InvalidDataException ignored) {
                // not a usable key: cannot be the signer
            }
        }
        if (allowed.isEmpty()) {
            throw new PlcLogException(BAD_SIGNATURE, where + ": no rotation key may sign this operation");
        }
        // A 64-byte DER blob (0x30, length) can slip past the length check; name it for the user.
        boolean derShape = sig[0] == 0x30 && (sig[1] & 0xff) == sig.length - 2;
        throw new PlcLogException(BAD_SIGNATURE, where + ": signature was not made by any permitted rotation key"
                + (derShape ? " (it looks DER-encoded; atproto needs raw r||s)" : ""));
    }

    private static VerifyingKey key(String didKey, String where) {
        try {
            return VerifyingKey.fromDidKey(didKey);
        } catch (InvalidDataException e) {
            throw new PlcLogException(MALFORMED, where + ": rotation key is not usable: " + e.getMessage());
        }
    }

    /**
     * Strict unpadded base64url: only the 64 URL-safe characters, no '=' padding, no line breaks,
     * and zero unused trailing bits, so that each signature has exactly one accepted spelling.
     */
    static byte[] decodeSignature(String s, String where) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new PlcLogException(SIGNATURE_ENCODING, where + ": signature is not unpadded base64url"
                        + " (character 0x" + Integer.toHexString(c) + " at " + i + ")");
            }
        }
        if (s.isEmpty() || s.length() % 4 == 1) {
            throw new PlcLogException(SIGNATURE_ENCODING, where + ": signature has an impossible base64 length " + s.length());
        }
        byte[] out = Base64.getUrlDecoder().decode(s);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(out).equals(s)) {
            throw new PlcLogException(SIGNATURE_ENCODING, where + ": signature base64 has non-zero padding bits");
        }
        return out;
    }

    private static byte[] encode(Map<String, Object> model, String where) {
        try {
            return DagCbor.encode(model);
        } catch (InvalidDataException e) {
            throw new PlcLogException(MALFORMED, where + ": operation cannot be encoded as DAG-CBOR: " + e.getMessage());
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String text(JsonNode obj, String field, String where) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isTextual()) {
            throw new PlcLogException(MALFORMED, where + ": \"" + field + "\" is missing or not a string");
        }
        return n.asText();
    }
}
