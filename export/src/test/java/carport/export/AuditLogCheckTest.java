package carport.export;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import carport.core.plc.PlcAuditLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The did:plc audit log check of {@code carport check}, over the did:plc interop logs (valid and invalid). */
class AuditLogCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> validLogs() {
        return TestData.files("plc/audit_log/valid").stream();
    }

    static Stream<Path> invalidLogs() {
        return TestData.files("plc/audit_log/invalid").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLogs")
    void validLogPassesWithNoProblem(Path file) throws Exception {
        byte[] json = Files.readAllBytes(file);
        String did = JSON.readTree(json).get(0).get("did").asText();
        List<String> problems = new ArrayList<>();
        PlcAuditLog log = ExportChecker.validAuditLog(json, did, problems::add);
        assertThat(problems).isEmpty();
        assertThat(log).isNotNull();
        assertThat(log.canonicalEntries()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLogs")
    void invalidLogIsReportedAsAProblem(Path file) throws Exception {
        byte[] json = Files.readAllBytes(file);
        String did = JSON.readTree(json).get(0).get("did").asText();
        List<String> problems = new ArrayList<>();
        assertThat(ExportChecker.validAuditLog(json, did, problems::add)).isNull();
        assertThat(problems).singleElement().asString().startsWith("_plc_audit.json: ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLogs")
    void validLogOfAnotherDidIsRejected(Path file) throws Exception {
        byte[] json = Files.readAllBytes(file);
        List<String> problems = new ArrayList<>();
        assertThat(ExportChecker.validAuditLog(json, "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", problems::add)).isNull();
        assertThat(problems).singleElement().asString().contains("is about did:plc:");
    }
}
