package carport.export;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import carport.core.plc.PlcAuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carport check} with nothing but the export's files: a real account's repository with its
 * real PLC log, and synthetic accounts that rotate their signing key after the commit.
 */
class OfflineCheckTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void realRepositoryVerifiesWithTheKeyFromItsRealAuditLog(@TempDir Path out) throws Exception {
        byte[] log = TestData.bytes("plc/audit_log/valid/log_bnewbold_robocracy.json");
        PlcAuditLog parsed = PlcAuditLog.parse(log);
        byte[] doc = didDocumentFor(parsed);
        Path dir = OfflineExport.build(out, TestData.bytes("cars/indigo-bnewbold.robocracy.org.20250310005405.car"),
                doc, log);
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.problems()).isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.records()).isEqualTo(recordCount(dir.resolve("_repo.car"))).isPositive();
        assertThat(r.key()).isEqualTo(parsed.current().atprotoKey().orElseThrow().toDidKey());
        // its blobs are not in the test data, and the manifest says so
        assertThat(r.recordedFailures()).isNotEmpty().allMatch(f -> f.kind().equals("blob"));
        assertThat(r.ok()).isFalse();
    }

    @Test
    void afterAKeyRotationTheKeyInForceAtTheCommitIsUsed(@TempDir Path out) throws Exception {
        TestKey oldKey = TestKey.generate();
        TestKey newKey = TestKey.generate();
        SyntheticAccount acct = new SyntheticAccount(oldKey, T0);
        Instant commitTime = T0.plus(Duration.ofDays(10));
        byte[] car = acct.repo(oldKey, commitTime, 5);
        acct.rotate(newKey, T0.plus(Duration.ofDays(20)));

        // _did.json names only the new key, which did not sign this commit
        Path dir = OfflineExport.build(out, car, acct.didDocument(newKey), acct.auditLogJson());
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.problems()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.records()).isEqualTo(5);
        assertThat(r.key()).isEqualTo(oldKey.didKey());
        assertThat(r.notes()).anyMatch(n -> n.contains("2 operations, chain valid"));
    }

    @Test
    void withoutTheAuditLogARotatedKeyCannotVerify(@TempDir Path out) throws Exception {
        TestKey oldKey = TestKey.generate();
        TestKey newKey = TestKey.generate();
        SyntheticAccount acct = new SyntheticAccount(oldKey, T0);
        byte[] car = acct.repo(oldKey, T0.plus(Duration.ofDays(10)), 3);
        acct.rotate(newKey, T0.plus(Duration.ofDays(20)));
        Path dir = OfflineExport.build(out, car, acct.didDocument(newKey), acct.auditLogJson());
        Files.delete(dir.resolve("_plc_audit.json"));
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.problems()).anyMatch(p -> p.contains("no _plc_audit.json"));
        assertThat(r.problems()).anyMatch(p -> p.startsWith("_repo.car: ") && p.contains("signature"));
    }

    @Test
    void aCommitSignedByAKeyTheAccountNeverHadFails(@TempDir Path out) throws Exception {
        TestKey key = TestKey.generate();
        SyntheticAccount acct = new SyntheticAccount(key, T0);
        byte[] car = acct.repo(TestKey.generate(), T0.plus(Duration.ofDays(1)), 3);
        Path dir = OfflineExport.build(out, car, acct.didDocument(key), acct.auditLogJson());
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.intact()).isFalse();
        assertThat(r.problems()).anyMatch(p -> p.contains("signature does not match"));
    }

    @Test
    void aForgedAuditLogOperationFailsTheCheck(@TempDir Path out) throws Exception {
        TestKey key = TestKey.generate();
        SyntheticAccount acct = new SyntheticAccount(key, T0);
        byte[] car = acct.repo(key, T0.plus(Duration.ofDays(1)), 3);
        acct.rotate(TestKey.generate(), T0.plus(Duration.ofDays(2)));
        // Point the last operation at another key: its signature no longer covers what it says.
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode log =
                (com.fasterxml.jackson.databind.node.ArrayNode) json.readTree(acct.auditLogJson());
        ((com.fasterxml.jackson.databind.node.ObjectNode) log.get(1).get("operation").get("verificationMethods"))
                .put("atproto", key.didKey());
        String forged = json.writeValueAsString(log);
        Path dir = OfflineExport.build(out, car, acct.didDocument(key), forged.getBytes(StandardCharsets.UTF_8));
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.problems()).anyMatch(p -> p.startsWith("_plc_audit.json: "));
    }

    private static long recordCount(Path car) throws java.io.IOException {
        try (carport.core.repo.RepoReader r = carport.core.repo.RepoReader.open(car)) {
            long[] n = {0};
            r.forEachRecord(x -> n[0]++);
            return n[0];
        }
    }

    /** A DID document with the log's current key and handle, as the directory would serve it. */
    private static byte[] didDocumentFor(PlcAuditLog log) {
        String did = log.did();
        String key = log.current().atprotoKey().orElseThrow().toMultibase();
        return ("{\"id\":\"" + did + "\",\"alsoKnownAs\":[\"at://bnewbold.robocracy.org\"],"
                + "\"verificationMethod\":[{\"id\":\"" + did + "#atproto\",\"type\":\"Multikey\",\"controller\":\""
                + did + "\",\"publicKeyMultibase\":\"" + key + "\"}],"
                + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"https://pds.robocracy.org\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
