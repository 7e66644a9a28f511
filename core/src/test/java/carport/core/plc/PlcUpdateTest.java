package carport.core.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.DagCbor;
import carport.core.crypto.Curve;
import carport.core.crypto.SignatureCheck;
import carport.core.crypto.SigningKey;
import carport.core.crypto.VerifyingKey;
import carport.core.multiformats.Multibase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlcUpdateTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static java.util.stream.Stream<String> validLogs() throws Exception {
        return PlcAuditLogTest.files("valid");
    }

    /**
     * Rebuilding each regular operation of the real logs from the state before it gives exactly the
     * bytes its rotation key signed: the recorded signature verifies over our encoding.
     */
    @ParameterizedTest
    @MethodSource("validLogs")
    void rebuiltOperationsOfRealLogsSignToTheSameBytes(String file) {
        PlcAuditLog log = PlcAuditLog.parse(PlcAuditLogTest.resource(file));
        List<PlcLogEntry> live = log.canonicalEntries();
        int checked = 0;
        for (int i = 1; i < live.size(); i++) {
            PlcOperation op = live.get(i).operation();
            if (op.type() != PlcOperation.Type.PLC_OPERATION
                    || !op.prev().equals(live.get(i - 1).cid())
                    || op.rotationKeys().size() != op.rotationKeys().stream().distinct().count()
                    || op.rotationKeys().isEmpty()) {
                continue; // not something PlcUpdate builds (carport never writes repeated or empty key lists)
            }
            PlcUpdate rebuilt = PlcUpdate.after(new PlcState(log.did(), live.get(i - 1)))
                    .withRotationKeys(op.rotationKeys())
                    .withVerificationMethods(op.verificationMethods())
                    .withAlsoKnownAs(op.alsoKnownAs())
                    .withServices(op.services());
            assertThat(rebuilt.signingBytes()).isEqualTo(DagCbor.encode(op.unsignedModel()));
            byte[] sig = Base64.getUrlDecoder().decode(op.sig());
            boolean someKeySigned = live.get(i - 1).operation().rotationKeys().stream()
                    .anyMatch(k -> VerifyingKey.fromDidKey(k).check(rebuilt.signingBytes(), sig) == SignatureCheck.VALID);
            assertThat(someKeySigned).as(file + " entry " + i).isTrue();
            checked++;
        }
        if (file.endsWith("log_bskyapp.json") || file.endsWith("log_bnewbold_robocracy.json")) {
            assertThat(checked).as(file).isPositive();
        }
    }

    /** A real log extended by an operation signed with a key that is not one of its rotation keys: refused. */
    @ParameterizedTest
    @MethodSource("validLogs")
    void aStrangersOperationOnARealLogIsRefusedBeforeSubmission(String file) {
        PlcAuditLog log = PlcAuditLog.parse(PlcAuditLogTest.resource(file));
        PlcState head = log.current();
        if (head.tombstoned() || head.rotationKeys().isEmpty()) {
            assertThatThrownBy(() -> PlcUpdate.after(head).withPds("https://x.example").withRotationKeys(List.of())
                    .sign(SigningKey.generate(Curve.K256))).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        SigningKey stranger = SigningKey.generate(Curve.K256);
        PlcUpdate.Signed op = PlcUpdate.after(head).withPds("https://pds.example").sign(stranger);
        assertThatThrownBy(() -> log.append(op, Instant.now()))
                .isInstanceOfSatisfying(PlcLogException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlcLogException.Reason.BAD_SIGNATURE));
    }

    @Test
    void restoreSequenceOnAFreshDidValidatesAndKeepsTheUsersKeyFirst() throws Exception {
        SigningKey user = SigningKey.generate(Curve.K256);
        SigningKey oldPds = SigningKey.generate(Curve.K256);
        SigningKey signing = SigningKey.generate(Curve.P256);
        SigningKey newPds = SigningKey.generate(Curve.K256);
        SigningKey newSigning = SigningKey.generate(Curve.K256);
        PlcAuditLog log = genesis(oldPds, List.of(user.didKey(), oldPds.didKey()), "https://old.example", "alice.test");

        // step 1 of a restore: the user's key sets an #atproto key the restorer holds
        PlcUpdate.Signed first = PlcUpdate.after(log.current()).withAtprotoKey(signing.didKey()).sign(user);
        assertThat(first.json().get("prev").asText()).isEqualTo(log.current().entry().cid());
        PlcAuditLog after1 = log.append(first, Instant.now());
        assertThat(after1.current().atprotoKey()).contains(signing.publicKey());
        assertThat(after1.current().entry().cid()).isEqualTo(first.cid());

        // step 2: point at the new PDS with its key and rotation key, the user's still first
        PlcUpdate.Signed second = PlcUpdate.after(after1.current())
                .withRotationKeys(user.didKey(), List.of(newPds.didKey()))
                .withAtprotoKey(newSigning.didKey())
                .withPds("https://new.example")
                .withAlsoKnownAs(List.of("at://alice.new.example"))
                .sign(user);
        PlcState now = after1.append(second, Instant.now()).current();
        assertThat(now.rotationKeys()).containsExactly(user.didKey(), newPds.didKey());
        assertThat(now.pdsEndpoint()).contains("https://new.example");
        assertThat(now.alsoKnownAs()).containsExactly("at://alice.new.example");

        // a stale prev (the log moved on) and a non-rotation key are refused before submission
        assertThatThrownBy(() -> after1.append(first, Instant.now()))
                .isInstanceOfSatisfying(PlcLogException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlcLogException.Reason.BROKEN_CHAIN));
        assertThatThrownBy(() -> log.append(PlcUpdate.after(log.current()).withPds("https://x").sign(signing),
                Instant.now())).isInstanceOfSatisfying(PlcLogException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlcLogException.Reason.BAD_SIGNATURE));
        // at most five rotation keys, none twice
        assertThat(PlcUpdate.after(log.current()).withRotationKeys(user.didKey(),
                List.of(user.didKey(), oldPds.didKey())).rotationKeys()).containsExactly(user.didKey(), oldPds.didKey());
        assertThatThrownBy(() -> PlcUpdate.after(log.current()).withRotationKeys(List.of(user.didKey(),
                user.didKey()))).isInstanceOf(IllegalArgumentException.class);
        List<String> six = java.util.stream.Stream.generate(() -> SigningKey.generate(Curve.K256).didKey())
                .limit(6).toList();
        assertThatThrownBy(() -> PlcUpdate.after(log.current()).withRotationKeys(six))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signedJsonIsWhatTheDirectoryTakes() {
        SigningKey user = SigningKey.generate(Curve.K256);
        PlcAuditLog log = genesis(user, List.of(user.didKey()), "https://old.example", "a.test");
        ObjectNode op = PlcUpdate.after(log.current()).withPds("https://new.example").sign(user).json();
        assertThat(op.get("type").asText()).isEqualTo("plc_operation");
        assertThat(op.fieldNames()).toIterable().containsExactlyInAnyOrder("type", "rotationKeys",
                "verificationMethods", "alsoKnownAs", "services", "prev", "sig");
        assertThat(op.at("/services/atproto_pds/type").asText()).isEqualTo("AtprotoPersonalDataServer");
        assertThat(op.get("sig").asText()).matches("[A-Za-z0-9_-]{86}");
    }

    /** A one-entry audit log whose genesis operation {@code signer} (its first rotation key) signed. */
    static PlcAuditLog genesis(SigningKey signer, List<String> rotationKeys, String pds, String handle) {
        ObjectNode op = MAPPER.createObjectNode().put("type", "plc_operation");
        ArrayNode rk = op.putArray("rotationKeys");
        rotationKeys.forEach(rk::add);
        op.putObject("verificationMethods").put("atproto", rotationKeys.get(rotationKeys.size() - 1));
        op.putArray("alsoKnownAs").add("at://" + handle);
        op.putObject("services").putObject("atproto_pds").put("type", "AtprotoPersonalDataServer").put("endpoint", pds);
        op.putNull("prev");
        PlcOperation unsigned = PlcOperation.fromJson(op.deepCopy().put("sig", "x"), "genesis");
        op.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(
                signer.sign(DagCbor.encode(unsigned.unsignedModel()))));
        byte[] signed = DagCbor.encode(PlcOperation.fromJson(op, "genesis").signedModel());
        String did;
        try {
            did = "did:plc:" + Multibase.encodeBase32(MessageDigest.getInstance("SHA-256").digest(signed)).substring(1, 25);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ArrayNode log = MAPPER.createArrayNode();
        log.addObject().put("did", did).<ObjectNode>set("operation", op)
                .put("cid", carport.core.cid.Cid.of(carport.core.cid.Cid.DAG_CBOR, signed, 0, signed.length).toString())
                .put("nullified", false).put("createdAt", "2026-01-01T00:00:00.000Z");
        try {
            PlcAuditLog parsed = PlcAuditLog.parse(MAPPER.writeValueAsBytes(log));
            parsed.validate();
            return parsed;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
