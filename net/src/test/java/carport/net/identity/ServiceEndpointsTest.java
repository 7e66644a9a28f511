package carport.net.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Service endpoint URLs from DID documents and options: https origins, plain http on loopback only. */
class ServiceEndpointsTest {
    @ParameterizedTest
    @CsvSource({
        "https://pds.example.com, https://pds.example.com",
        "https://pds.example.com/, https://pds.example.com",
        "https://pds.example.com:8443/base/, https://pds.example.com:8443/base",
        "http://127.0.0.1:2583, http://127.0.0.1:2583",
        "http://localhost:2583/, http://localhost:2583",
        "http://[::1]:2583, http://[::1]:2583"})
    void usableServiceEndpointsAreNormalised(String in, String out) {
        assertThat(ServiceEndpoints.require(in, "PDS")).isEqualTo(URI.create(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://pds.example.com", "ftp://pds.example.com", "https://user:pw@pds.example.com",
        "https://pds.example.com/?x=1", "pds.example.com", "https://", "not a url at all"})
    void unusableServiceEndpointsAreRefused(String in) {
        assertThatThrownBy(() -> ServiceEndpoints.require(in, "PDS endpoint"))
                .isInstanceOf(IdentityException.class)
                .hasMessageStartingWith("PDS endpoint '" + in + "'");
    }
}
