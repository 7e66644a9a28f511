package carport.core.plc;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import carport.core.crypto.VerifyingKey;
import carport.core.plc.PlcLogException.Reason;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlcAuditLogTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DIR = "plc/audit_log/";

    /** Why each upstream invalid log must fail; loose where more than one rule honestly applies. */
    private static final Map<String, Set<Reason>> EXPECTED_FAILURES = Map.of(
            "log_invalid_nullification_reused_key.json", EnumSet.of(Reason.ROTATION_KEY_PRIORITY),
            "log_invalid_nullification_too_slow.json", EnumSet.of(Reason.NULLIFICATION_TOO_LATE),
            "log_invalid_sig_b64_newline.json", EnumSet.of(Reason.SIGNATURE_ENCODING),
            "log_invalid_sig_b64_padding_bits.json", EnumSet.of(Reason.SIGNATURE_ENCODING),
            "log_invalid_sig_b64_padding_chars.json", EnumSet.of(Reason.SIGNATURE_ENCODING),
            "log_invalid_sig_der.json", EnumSet.of(Reason.BAD_SIGNATURE),
            "log_invalid_sig_k256_high_s.json", EnumSet.of(Reason.HIGH_S_SIGNATURE),
            "log_invalid_sig_p256_high_s.json", EnumSet.of(Reason.HIGH_S_SIGNATURE),
            "log_invalid_update_nullified.json", EnumSet.of(Reason.PREV_NULLIFIED),
            "log_invalid_update_tombstoned.json", EnumSet.of(Reason.AFTER_TOMBSTONE));

    static byte[] resource(String name) {
        return TestData.bytes(DIR + name);
    }

    static Stream<String> files(String sub) throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(TestData.path(DIR + sub))) {
            List<String> names = s.map(p -> sub + "/" + p.getFileName()).sorted().collect(Collectors.toList());
            assertThat(names).isNotEmpty();
            return names.stream();
        }
    }

    static Stream<String> validLogs() throws Exception {
        return files("valid");
    }

    static Stream<String> invalidLogs() throws Exception {
        return files("invalid");
    }

    @ParameterizedTest
    @MethodSource("validLogs")
    void validLogPassesAndItsNullifiedEntriesAreLeftOutOfTheCanonicalChain(String name) {
        PlcAuditLog log = PlcAuditLog.parse(resource(name));
        log.validate();
        List<PlcLogEntry> live = log.canonicalEntries();
        assertThat(live).isEqualTo(log.entries().stream().filter(e -> !e.nullified()).collect(Collectors.toList()));
        // The canonical chain is linked by prev and starts with the genesis op.
        assertThat(live.get(0).operation().isGenesis()).isTrue();
        for (int i = 1; i < live.size(); i++) {
            assertThat(live.get(i).operation().prev()).isEqualTo(live.get(i - 1).cid());
        }
        assertThat(log.current().entry()).isEqualTo(live.get(live.size() - 1));
        assertThat(log.did()).startsWith("did:plc:").hasSize(32);
    }

    @ParameterizedTest
    @MethodSource("invalidLogs")
    void invalidLogFailsForTheExpectedReason(String name) {
        String file = name.substring(name.indexOf('/') + 1);
        assertThat(EXPECTED_FAILURES).as("expectation for " + file).containsKey(file);
        PlcAuditLog log = PlcAuditLog.parse(resource(name));
        PlcLogException e = catchThrowableOfType(PlcLogException.class, log::validate);
        assertThat(e).as(file + " must fail validation").isNotNull();
        assertThat(EXPECTED_FAILURES.get(file)).as(e.getMessage()).contains(e.reason());
        assertThat(e.getMessage()).contains(log.did()).doesNotContain("\n");
        // Once invalid, the derived views refuse too.
        assertThatThrownBy(log::current).isInstanceOf(PlcLogException.class);
    }

    @Test
    void derEncodedSignatureIsNamedAsSuch() {
        PlcAuditLog log = PlcAuditLog.parse(resource("invalid/log_invalid_sig_der.json"));
        assertThatThrownBy(log::validate).isInstanceOf(PlcLogException.class).hasMessageContaining("DER");
    }

    @Test
    void bnewboldRobocracyAtprotoKeyIsTheOneInItsOperations() {
        PlcAuditLog log = PlcAuditLog.parse(resource("valid/log_bnewbold_robocracy.json"));
        assertThat(log.did()).isEqualTo("did:plc:nhxcyu4ewwhl5pqil4dotqjo");
        VerifyingKey key = log.atprotoKeyAt(Instant.parse("2025-03-10T00:54:05Z")).orElseThrow();
        assertThat(key.toDidKey()).isEqualTo("did:key:zQ3shazA2airLo8gNJvxGMFZWPJDRkLGNR6mn9Txsc8YYndwy");
        assertThat(log.current().pdsEndpoint()).contains("https://pds.robocracy.org");
        assertThat(log.current().alsoKnownAs()).containsExactly("at://bnewbold.robocracy.org");
        assertThat(log.stateAt(Instant.parse("2024-02-22T04:31:08.866Z"))).isEmpty();
        assertThat(log.stateAt(Instant.parse("2024-02-22T04:31:08.867Z")).orElseThrow().alsoKnownAs())
                .containsExactly("at://bnewbold.pds.robocracy.org");
    }

    @Test
    void atprotoKeyAtFollowsKeyRotationInLegacyLog() {
        PlcAuditLog log = PlcAuditLog.parse(resource("valid/log_legacy_dholms.json"));
        assertThat(log.entries().get(0).operation().type()).isEqualTo(PlcOperation.Type.LEGACY_CREATE);
        String before = "did:key:zQ3shP5TBe1sQfSttXty15FAEHV1DZgcxRZNxvEWnPfLFwLxJ";
        String after = "did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
        // The legacy genesis op's signingKey is its atproto key.
        assertThat(log.atprotoKeyAt(Instant.parse("2022-12-01T00:00:00Z")).map(VerifyingKey::toDidKey)).contains(before);
        PlcState genesis = log.stateAt(Instant.parse("2022-12-01T00:00:00Z")).orElseThrow();
        assertThat(genesis.alsoKnownAs()).containsExactly("at://dan.bsky.social");
        assertThat(genesis.pdsEndpoint()).contains("https://bsky.social");
        assertThat(genesis.rotationKeys()).containsExactly(
                "did:key:zQ3shhCGUqDKjStzuDxPkTxN6ujddP4RkEKJJouJGRRkaLGbg", before);
        assertThat(log.atprotoKeyAt(Instant.parse("2023-03-09T23:18:31.708Z")).map(VerifyingKey::toDidKey)).contains(before);
        assertThat(log.atprotoKeyAt(Instant.parse("2023-03-09T23:18:31.709Z")).map(VerifyingKey::toDidKey)).contains(after);
        assertThat(log.atprotoKeyAt(Instant.parse("2022-11-17T01:07:13.995Z"))).isEmpty();
    }

    @Test
    void nullifiedOperationsNeverCountForStateAt() {
        PlcAuditLog log = PlcAuditLog.parse(resource("valid/log_nullified_tombstone.json"));
        PlcLogEntry tomb = log.entries().get(2);
        assertThat(tomb.operation().type()).isEqualTo(PlcOperation.Type.TOMBSTONE);
        assertThat(tomb.nullified()).isTrue();
        PlcState s = log.stateAt(tomb.createdAt()).orElseThrow();
        assertThat(s.tombstoned()).isFalse();
        assertThat(s.entry()).isEqualTo(log.entries().get(1));
    }

    @Test
    void tombstonedStateHasNoKey() {
        PlcAuditLog log = PlcAuditLog.parse(resource("valid/log_tombstone.json"));
        assertThat(log.current().tombstoned()).isTrue();
        assertThat(log.atprotoKeyAt(Instant.parse("2100-01-01T00:00:00Z"))).isEmpty();
        assertThat(log.current().rotationKeys()).isEmpty();
    }

    // --- mutations of a valid log: each edit must be caught by the matching rule ---

    private static ArrayNode tree(String name) {
        try {
            return (ArrayNode) MAPPER.readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reason failure(ArrayNode log) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PlcLogException e = catchThrowableOfType(PlcLogException.class, () -> PlcAuditLog.parse(json).validate());
        assertThat(e).as("mutated log must fail").isNotNull();
        return e.reason();
    }

    @Test
    void editedOperationNoLongerMatchesItsCid() {
        ArrayNode log = tree("valid/log_bskyapp.json");
        ((ArrayNode) ((ObjectNode) log.get(1).get("operation")).get("alsoKnownAs")).set(0, "at://evil.example.com");
        assertThat(failure(log)).isEqualTo(Reason.CID_MISMATCH);
    }

    @Test
    void editedOperationWithRecomputedCidFailsTheSignature() {
        ArrayNode log = tree("valid/log_bnewbold_robocracy.json");
        ObjectNode op = (ObjectNode) log.get(1).get("operation");
        ((ArrayNode) op.get("alsoKnownAs")).set(0, "at://evil.example.com");
        byte[] cbor = carport.core.cbor.DagCbor.encode(toModel(op));
        ((ObjectNode) log.get(1)).put("cid",
                carport.core.cid.Cid.of(carport.core.cid.Cid.DAG_CBOR, cbor, 0, cbor.length).toString());
        assertThat(failure(log)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void wrongDidIsDetected() {
        ArrayNode log = tree("valid/log_bskyapp.json");
        for (int i = 0; i < log.size(); i++) {
            ((ObjectNode) log.get(i)).put("did", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
        }
        assertThat(failure(log)).isEqualTo(Reason.DID_MISMATCH);
    }

    @Test
    void wrongNullifiedFlagIsDetected() {
        ArrayNode log = tree("valid/log_nullification.json");
        ((ObjectNode) log.get(1)).put("nullified", false);
        assertThat(failure(log)).isEqualTo(Reason.NULLIFIED_FLAG);
    }

    @Test
    void logNotStartingWithGenesisIsBroken() {
        ArrayNode log = tree("valid/log_legacy_dholms.json");
        log.remove(0);
        assertThat(failure(log)).isIn(Reason.BROKEN_CHAIN, Reason.DID_MISMATCH);
    }

    @Test
    void missingMiddleOperationBreaksTheChain() {
        ArrayNode log = tree("valid/log_legacy_dholms.json");
        log.remove(2);
        assertThat(failure(log)).isEqualTo(Reason.BROKEN_CHAIN);
    }

    @Test
    void timestampsMustIncrease() {
        ArrayNode log = tree("valid/log_legacy_dholms.json");
        ((ObjectNode) log.get(2)).put("createdAt", "2023-03-01T00:00:00.000Z");
        assertThat(failure(log)).isEqualTo(Reason.TIMESTAMP_ORDER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "[1]", "[{\"did\":\"did:plc:x\"}]", "not json", "[{}", "[] []", "[]x",
            "[{\"did\":\"a\",\"did\":\"b\"}]"})
    void malformedLogsAreRejectedAtParse(String json) {
        PlcLogException e = catchThrowableOfType(PlcLogException.class,
                () -> PlcAuditLog.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void aValidLogFollowedByAnythingIsMalformed() {
        byte[] valid = resource("valid/log_bskyapp.json");
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 3);
        trailing[valid.length] = ' ';
        trailing[valid.length + 1] = '[';
        trailing[valid.length + 2] = ']';
        PlcLogException e = catchThrowableOfType(PlcLogException.class, () -> PlcAuditLog.parse(trailing));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("follows the array");
    }

    @Test
    void aStreamParsesLikeTheBytes() throws IOException {
        byte[] json = resource("valid/log_bnewbold_robocracy.json");
        PlcAuditLog fromStream = PlcAuditLog.parse(new java.io.ByteArrayInputStream(json));
        PlcAuditLog fromBytes = PlcAuditLog.parse(json);
        fromStream.validate();
        assertThat(fromStream.entries()).extracting(PlcLogEntry::cid)
                .isEqualTo(fromBytes.entries().stream().map(PlcLogEntry::cid).toList()).hasSizeGreaterThan(1);
        assertThat(fromStream.current().entry().cid()).isEqualTo(fromBytes.current().entry().cid());
        assertThat(fromStream.did()).isEqualTo(fromBytes.did());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAA=", "AA==", "AB", "A", "AA\n", "A+A_", "A/AA", "AAB"})
    void signatureBase64urlDecodingIsStrict(String s) {
        PlcLogException e = catchThrowableOfType(PlcLogException.class, () -> PlcAuditLog.decodeSignature(s, "t"));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_ENCODING);
    }

    @Test
    void canonicalBase64urlDecodes() {
        assertThat(PlcAuditLog.decodeSignature("AA", "t")).containsExactly(0);
        assertThat(PlcAuditLog.decodeSignature("_-8", "t")).containsExactly(0xff, 0xef);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toModel(ObjectNode op) {
        return MAPPER.convertValue(op, Map.class);
    }
}
