package carport.export.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveStateTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsStepByStepAndLeavesNoTemporaryFile() throws Exception {
        assertThat(MoveState.read(dir)).isEmpty();
        MoveState s = MoveState.start("restore", "did:plc:abc", null, "https://new.example").write(dir);
        assertThat(MoveState.read(dir)).get().extracting(MoveState::step).isEqualTo(MoveState.Step.STARTED);
        s = s.withHandle("alice.new.example").withRotationKeys(List.of("did:key:zQ3sfirst"))
                .withStep(MoveState.Step.REPO_IMPORTED).withBlobsLeft(3).write(dir);
        MoveState back = MoveState.read(dir).orElseThrow();
        assertThat(back.command()).isEqualTo("restore");
        assertThat(back.from()).isEmpty();
        assertThat(back.to()).isEqualTo("https://new.example");
        assertThat(back.handle()).contains("alice.new.example");
        assertThat(back.rotationKeys()).containsExactly("did:key:zQ3sfirst");
        assertThat(back.blobsLeft()).isEqualTo(3);
        assertThat(back.reached(MoveState.Step.SIGNING_KEY_SET)).isTrue();
        assertThat(back.reached(MoveState.Step.BLOBS_UPLOADED)).isFalse();
        assertThat(back.started()).isEqualTo(s.started());
        assertThat(back.updated()).isPresent();
        assertThat(back.sameMove("restore", "https://new.example")).isTrue();
        assertThat(back.sameMove("migrate", "https://new.example")).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(MoveState.NAME));
        }
        assertThat(Files.readString(dir.resolve(MoveState.NAME))).contains("\"step\" : \"repo_imported\"")
                .doesNotContain("password").doesNotContain("token");
    }

    @Test
    void damagedOrForeignFilesSayWhatToDo() throws Exception {
        Files.writeString(dir.resolve(MoveState.NAME), "{not json");
        assertThatThrownBy(() -> MoveState.read(dir)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("delete it");
        Files.writeString(dir.resolve(MoveState.NAME), "{\"did\":\"x\",\"to\":\"y\",\"command\":\"restore\",\"step\":\"flying\"}");
        assertThatThrownBy(() -> MoveState.read(dir)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("flying");
        Files.writeString(dir.resolve(MoveState.NAME), "{\"did\":\"x\",\"to\":\"y\",\"command\":\"steal\",\"step\":\"started\"}");
        assertThatThrownBy(() -> MoveState.read(dir)).isInstanceOf(InvalidDataException.class);
    }
}
