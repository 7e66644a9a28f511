package carport.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Curve.class)
    void writesOwnerOnlyAndReadsBack(Curve curve) throws Exception {
        SigningKey key = SigningKey.generate(curve);
        Path f = dir.resolve("rotation.key");
        KeyFile.write(f, key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(Files.readString(f)).isEqualTo(key.toMultibase() + "\n");
        assertThat(KeyFile.read(f)).isEqualTo(key);
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(f); // no temporary file left
        }
    }

    @Test
    void neverOverwrites() throws Exception {
        Path f = dir.resolve("taken");
        Files.writeString(f, "something precious");
        assertThatThrownBy(() -> KeyFile.write(f, SigningKey.generate(Curve.K256)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(f)).isEqualTo("something precious");
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        Path f = dir.resolve("k");
        KeyFile.write(f, SigningKey.generate(Curve.K256));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyFile.read(f)).isInstanceOf(KeyFile.KeyFileException.class)
                .hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> KeyFile.read(f)).isInstanceOf(KeyFile.KeyFileException.class);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        assertThat(KeyFile.read(f).curve()).isEqualTo(Curve.K256);
    }

    @Test
    void readsGoatAndHexFormsAndSaysWhatIsWrongWithoutEchoingTheContent() throws Exception {
        Path hex = dir.resolve("hex");
        Files.writeString(hex, "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c\n");
        Files.setPosixFilePermissions(hex, PosixFilePermissions.fromString("rw-------"));
        assertThat(KeyFile.read(hex).didKey()).isEqualTo("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme");

        Path bad = dir.resolve("bad");
        Files.write(bad, "secret-looking garbage".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> KeyFile.read(bad)).isInstanceOf(KeyFile.KeyFileException.class)
                .hasMessageNotContaining("garbage");
        assertThatThrownBy(() -> KeyFile.read(dir.resolve("missing"))).isInstanceOf(KeyFile.KeyFileException.class)
                .hasMessageContaining("does not exist");
    }
}
