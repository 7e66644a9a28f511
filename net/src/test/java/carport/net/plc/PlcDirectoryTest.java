package carport.net.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.crypto.Curve;
import carport.core.crypto.SigningKey;
import carport.core.plc.PlcAuditLog;
import carport.core.plc.PlcUpdate;
import carport.core.syntax.Did;
import carport.net.identity.DidNotFoundException;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import org.junit.jupiter.api.Test;

/** The real PLC directory of the test bed: live logs, and its refusals quoted. Changes nothing. */
@RequiresTestbed
class PlcDirectoryTest {
    private final Testbed bed = Testbed.get();
    private final PlcDirectory plc = new PlcDirectory(new HttpTransport(HttpConfig.builder().build()), bed.plcUrl());

    @Test
    void liveAuditLogValidates() {
        Testbed.Account alice = bed.account("alice");
        PlcAuditLog log = PlcAuditLog.parse(plc.auditLog(Did.parse(alice.did())));
        log.validate();
        assertThat(log.did()).isEqualTo(alice.did());
        assertThat(log.current().pdsEndpoint()).contains(bed.pdsUrl().toString());
    }

    @Test
    void anOperationByAStrangerIsRefusedWithTheDirectorysReason() {
        Testbed.Account alice = bed.account("alice");
        Did did = Did.parse(alice.did());
        PlcAuditLog log = PlcAuditLog.parse(plc.auditLog(did));
        PlcUpdate.Signed op = PlcUpdate.after(log.current()).withPds("https://elsewhere.example")
                .sign(SigningKey.generate(Curve.K256));
        assertThatThrownBy(() -> plc.submit(did, op.json()))
                .isInstanceOfSatisfying(PlcDirectory.PlcRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("refused the operation for " + did).contains("Invalid signature");
                });
        assertThat(PlcAuditLog.parse(plc.auditLog(did)).entries()).hasSize(log.entries().size());
    }

    @Test
    void anUnknownDidIsNotFound() {
        assertThatThrownBy(() -> plc.auditLog(Did.parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")))
                .isInstanceOf(DidNotFoundException.class);
    }
}
