package carport.core.identity;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.crypto.Curve;
import carport.core.multiformats.Multibase;
import carport.core.crypto.VerifyingKey;
import carport.core.syntax.Handle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidDocumentTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static byte[] resource(String path) {
        return TestData.bytes(path);
    }

    private static DidDocument doc(String json) {
        return DidDocument.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void currentAndLegacyDocsOfAtprotoComDecodeToTheSameKey() {
        DidDocument current = DidDocument.parse(resource("identity/indigo-diddocs/did_plc_doc.json"));
        DidDocument legacy = DidDocument.parse(resource("identity/indigo-diddocs/did_plc_doc_legacy.json"));

        assertThat(current.id()).hasToString("did:plc:ewvi7nxzyoun6zhxrhs64oiz").isEqualTo(legacy.id());
        assertThat(current.claimedHandle()).contains(Handle.parse("atproto.com"));
        assertThat(legacy.claimedHandle()).contains(Handle.parse("atproto.com"));
        assertThat(current.pdsEndpoint()).contains("https://bsky.social");
        assertThat(legacy.pdsEndpoint()).contains("https://bsky.social");

        VerifyingKey k1 = current.atprotoKey().orElseThrow();
        VerifyingKey k2 = legacy.atprotoKey().orElseThrow();
        assertThat(k1).isEqualTo(k2);
        assertThat(k1.curve()).isEqualTo(Curve.K256);
        assertThat(k1.toDidKey()).isEqualTo("did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF");
    }

    @Test
    void didWebDocWithoutAtprotoEntriesHasNoKeyPdsOrHandle() {
        DidDocument web = DidDocument.parse(resource("identity/indigo-diddocs/did_web_doc.json"));
        assertThat(web.id()).hasToString("did:web:discover.bsky.social");
        assertThat(web.alsoKnownAs()).isEmpty();
        assertThat(web.claimedHandle()).isEmpty();
        assertThat(web.atprotoKey()).isEmpty();
        assertThat(web.pdsEndpoint()).isEmpty(); // its only service is #bsky_fg
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cars/companions/indigo-did_plc_z5vnbioquyhivxirw3bbljmu.didDoc.json",
        "cars/companions/indigo-fakermaker.didDoc.json",
        "cars/companions/indigo-greenground.didDoc.json",
        "cars/companions/indigo-paul_staging.didDoc.json",
    })
    void legacyCompanionDocDecodesToTheUncompressedPointItCarries(String path) throws IOException {
        byte[] raw = resource(path);
        JsonNode tree = MAPPER.readTree(raw);
        JsonNode vm = tree.get("verificationMethod").get(0);
        DidDocument doc = DidDocument.parse(raw);

        assertThat(doc.id()).hasToString(tree.get("id").asText());
        assertThat(doc.rawJson()).isEqualTo(raw);
        assertThat("at://" + doc.claimedHandle().orElseThrow()).isEqualTo(tree.get("alsoKnownAs").get(0).asText());
        assertThat(doc.pdsEndpoint()).contains(tree.get("service").get(0).get("serviceEndpoint").asText());

        VerifyingKey key = doc.atprotoKey().orElseThrow();
        Curve expectedCurve = vm.get("type").asText().contains("Secp256k1") ? Curve.K256 : Curve.P256;
        assertThat(key.curve()).isEqualTo(expectedCurve);
        byte[] point = Multibase.decode(vm.get("publicKeyMultibase").asText());
        assertThat(point).hasSize(65);
        assertThat(key.uncompressedBytes()).isEqualTo(point);
        // The canonical form round-trips to the same key.
        assertThat(VerifyingKey.fromDidKey(key.toDidKey())).isEqualTo(key);
    }

    @Test
    void greengroundCompanionUsesTheSameBskySocialKeyAsAtprotoCom() {
        VerifyingKey greenground = DidDocument.parse(resource("cars/companions/indigo-greenground.didDoc.json"))
                .atprotoKey().orElseThrow();
        VerifyingKey atprotoCom = DidDocument.parse(resource("identity/indigo-diddocs/did_plc_doc.json"))
                .atprotoKey().orElseThrow();
        assertThat(greenground).isEqualTo(atprotoCom);
    }

    @Test
    void absoluteIdsAreMatchedButIdsOfAnotherDidAreNot() {
        String key = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
        DidDocument own = doc("{\"id\":\"did:plc:aaa\",\"verificationMethod\":[{\"id\":\"did:plc:aaa#atproto\","
                + "\"type\":\"Multikey\",\"publicKeyMultibase\":\"" + key + "\"}],"
                + "\"service\":[{\"id\":\"did:plc:aaa#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"https://pds.example.com\"}]}");
        assertThat(own.atprotoKey().map(VerifyingKey::toMultibase)).contains(key);
        assertThat(own.pdsEndpoint()).contains("https://pds.example.com");

        DidDocument foreign = doc("{\"id\":\"did:plc:aaa\",\"verificationMethod\":[{\"id\":\"did:plc:bbb#atproto\","
                + "\"type\":\"Multikey\",\"publicKeyMultibase\":\"" + key + "\"}],"
                + "\"service\":[{\"id\":\"did:plc:bbb#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"https://pds.example.com\"}]}");
        assertThat(foreign.atprotoKey()).isEmpty();
        assertThat(foreign.pdsEndpoint()).isEmpty();
    }

    @Test
    void firstValidAtHandleIsClaimedAndLowerCased() {
        DidDocument d = doc("{\"id\":\"did:plc:aaa\",\"alsoKnownAs\":[\"https://example.com\",\"at://not_valid\","
                + "\"at://Alice.Example.COM\",\"at://bob.example.com\"]}");
        assertThat(d.claimedHandle()).contains(Handle.parse("alice.example.com"));
        assertThat(d.alsoKnownAs()).hasSize(4);
        assertThat(doc("{\"id\":\"did:plc:aaa\",\"alsoKnownAs\":[\"at://123.456\"]}").claimedHandle()).isEmpty();
    }

    @Test
    void brokenAtprotoKeyIsReportedNotHidden() {
        DidDocument d = doc("{\"id\":\"did:plc:aaa\",\"verificationMethod\":[{\"id\":\"#atproto\","
                + "\"type\":\"Multikey\",\"publicKeyMultibase\":\"zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmC\"}],"
                + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"https://pds.example.com\"}]}");
        assertThat(d.pdsEndpoint()).contains("https://pds.example.com");
        assertThatThrownBy(d::atprotoKey).isInstanceOf(InvalidDataException.class).hasMessageContaining("#atproto key");

        DidDocument ed = doc("{\"id\":\"did:plc:aaa\",\"verificationMethod\":[{\"id\":\"#atproto\","
                + "\"type\":\"Ed25519VerificationKey2020\",\"publicKeyMultibase\":\"z6Mk\"}]}");
        assertThatThrownBy(ed::atprotoKey).isInstanceOf(InvalidDataException.class).hasMessageContaining("unsupported");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"#atproto_pds\",\"type\":\"BskyFeedGenerator\",\"serviceEndpoint\":\"https://x.example\"}",
        "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"ftp://x.example\"}",
        "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"not a url\"}",
        "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":{\"a\":1}}",
    })
    void brokenPdsServiceIsReportedNotHidden(String service) {
        DidDocument d = doc("{\"id\":\"did:plc:aaa\",\"service\":[" + service + "]}");
        assertThatThrownBy(d::pdsEndpoint).isInstanceOf(InvalidDataException.class).hasMessageContaining("#atproto_pds");
        assertThat(d.atprotoKey()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "not json",
        "{}",
        "{\"id\":5}",
        "{\"id\":\"plc:aaa\"}",
        "{\"id\":\"did:PLC:aaa\"}",
        "{\"id\":\"did:plc:aaa\",\"id\":\"did:plc:bbb\"}",
        "{\"id\":\"did:plc:aaa\"} {}",
        "{\"id\":\"did:plc:aaa\",\"alsoKnownAs\":\"at://a.com\"}",
        "{\"id\":\"did:plc:aaa\",\"alsoKnownAs\":[1]}",
        "{\"id\":\"did:plc:aaa\",\"verificationMethod\":{}}",
    })
    void malformedDocumentsAreRejected(String json) {
        assertThatThrownBy(() -> doc(json)).isInstanceOf(InvalidDataException.class);
    }
}
