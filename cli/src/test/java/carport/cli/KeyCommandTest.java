package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.crypto.Curve;
import carport.core.crypto.KeyFile;
import carport.core.crypto.SigningKey;
import carport.core.crypto.VerifyingKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCommandTest {
    @TempDir
    Path dir;

    @Test
    void generatesAPrivateFileAndPrintsOnlyItsDidKey() throws Exception {
        Path f = dir.resolve("rotation.key");
        CliRun r = CliRun.run("key", "generate", "-o", f);
        assertThat(r.code()).as(r.toString()).isZero();
        SigningKey key = KeyFile.read(f);
        assertThat(key.curve()).isEqualTo(Curve.K256);
        assertThat(r.outLines()).containsExactly(key.didKey());
        assertThat(r.out() + r.err()).doesNotContain(key.toMultibase()).doesNotContain(key.toHex());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");

        Path p = dir.resolve("p256.key");
        CliRun rp = CliRun.run("key", "generate", "-o", p, "--curve", "p256");
        assertThat(rp.code()).as(rp.toString()).isZero();
        assertThat(VerifyingKey.fromDidKey(rp.outLines().get(0)).curve()).isEqualTo(Curve.P256);
        assertThat(KeyFile.read(p).didKey()).isEqualTo(rp.outLines().get(0));
    }

    @Test
    void neverOverwritesAndRefusesBadArguments() throws Exception {
        Path f = dir.resolve("existing");
        Files.writeString(f, "keep me");
        CliRun r = CliRun.run("key", "generate", "-o", f);
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("never overwrites");
        assertThat(Files.readString(f)).isEqualTo("keep me");

        CliRun curve = CliRun.run("key", "generate", "-o", dir.resolve("x"), "--curve", "ed25519");
        assertThat(curve.code()).isEqualTo(ExitCode.USAGE);
        assertThat(curve.err()).contains("secp256k1 or p256");
        assertThat(dir.resolve("x")).doesNotExist();

        CliRun missing = CliRun.run("key", "generate", "-o", dir.resolve("no/such/dir/k"));
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run("key", "generate").code()).isEqualTo(ExitCode.USAGE);
    }
}
