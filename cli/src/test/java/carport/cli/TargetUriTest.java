package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --to} of migrate and restore: the rule a DID document's PDS endpoint follows. */
class TargetUriTest {
    @Test
    void anHttpsOriginOrLoopbackHttpIsTakenWithoutTrailingSlash() {
        assertThat(MigrateCommand.targetUri(" https://pds.example.com/ ").toString()).isEqualTo("https://pds.example.com");
        assertThat(MigrateCommand.targetUri("http://127.0.0.1:2583").toString()).isEqualTo("http://127.0.0.1:2583");
        assertThat(MigrateCommand.targetUri("http://localhost:2583/").toString()).isEqualTo("http://localhost:2583");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://pds.example.com", "https://user:secret@pds.example.com", "https://pds.example.com?x=1",
            "https://pds.example.com/#f", "ftp://pds.example.com", "pds.example.com", "https://", "not a url",
            "https://user:se cret@pds.example.com"})
    void anythingElseIsAUsageErrorThatNeverEchoesCredentials(String to) {
        assertThatThrownBy(() -> MigrateCommand.targetUri(to)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--to").hasMessageNotContaining("secret");
    }
}
