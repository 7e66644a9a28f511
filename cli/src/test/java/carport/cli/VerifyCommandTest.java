package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.crypto.Curve;
import carport.core.crypto.VerifyingKey;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VerifyCommandTest {
    private static final String PEGASUS = "pegasus-mist-sample-bsky.app.car";
    private static final String PEGASUS_KEY = "did:key:zQ3shQo6TF2moaqMTrUZEM1jeuYRQXeHEx4evX9751y2qPqRA";
    private static final String PEGASUS_DID = "did:plc:z72i7hdynmk6r22z27h6tvur";

    static List<String> realCars() {
        return CliRun.realCars().toList();
    }

    private static String last(CliRun r) {
        List<String> l = r.outLines();
        return l.isEmpty() ? "" : l.get(l.size() - 1);
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void withoutSignatureCompleteCarsPassAndPartialOnesListTheirMissingBlocks(String car) throws IOException {
        CliRun r = CliRun.run("verify", CliRun.car(car), "--no-signature");
        if (CliRun.partial(car)) {
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID);
            long missingRecords = Derived.summary(car).get("records_missing").asLong();
            long missingNodes = Derived.summary(car).get("mst_nodes_missing").size();
            assertThat(r.outLines().stream().filter(l -> l.startsWith("FAIL ") && l.contains("missing")).count())
                    .isEqualTo(missingRecords + missingNodes);
            assertThat(last(r)).startsWith("FAILED: " + (missingRecords + missingNodes) + " checks failed");
        } else {
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.outLines()).noneMatch(l -> l.startsWith("FAIL"));
            assertThat(last(r)).startsWith("OK: ").endsWith("signature NOT checked (--no-signature)");
        }
        assertThat(r.err()).isEmpty();
    }

    /** The cars with a key in derived/*.summary.json: verify with it; strict atproto rejects the high-S one. */
    static List<String> carsWithKeys() throws IOException {
        List<String> out = new ArrayList<>();
        for (String car : realCars()) {
            if (!Derived.summary(car).get("signature_check").isNull()) {
                out.add(car);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("carsWithKeys")
    void signaturesCheckAsTheDerivedSummarySays(String car) throws IOException {
        JsonNode sc = Derived.summary(car).get("signature_check");
        String key = sc.get("key").asText();
        if (!key.startsWith("did:key:")) {
            Curve curve = sc.get("curve").asText().equals("secp256r1") ? Curve.P256 : Curve.K256;
            key = VerifyingKey.fromLegacyMultibase(key, curve).toDidKey();
        }
        boolean good = sc.get("verifies").asBoolean() && sc.path("low_s").asBoolean(true);
        CliRun r = CliRun.run("verify", CliRun.car(car), "--key", key);
        assertThat(r.code()).as(r.toString()).isEqualTo(good ? ExitCode.OK : ExitCode.INVALID);
        if (good) {
            assertThat(last(r)).startsWith("OK: ").contains("signature valid (" + key);
        } else {
            assertThat(r.outLines()).filteredOn(l -> l.startsWith("FAIL ")).singleElement().asString()
                    .contains("signature");
            assertThat(last(r)).startsWith("FAILED: 1 check failed").contains("signature INVALID");
        }
    }

    @Test
    void theDidMustMatchWhenGiven() {
        CliRun ok = CliRun.run("verify", CliRun.car(PEGASUS), "--key", PEGASUS_KEY, "--did", PEGASUS_DID);
        assertThat(ok.code()).as(ok.toString()).isZero();
        CliRun bad = CliRun.run("verify", CliRun.car(PEGASUS), "--no-signature", "--did", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(bad.code()).isEqualTo(ExitCode.INVALID);
        assertThat(bad.outLines()).contains("FAIL commit is for " + PEGASUS_DID + ", expected did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void didDocumentGivesTheKeyAndItsIdMustBeTheCommitDid() {
        Path doc = CliRun.cars().resolve("companions/indigo-greenground.didDoc.json");
        CliRun ok = CliRun.run("verify", CliRun.car("indigo-greenground-2023-04.repo.car"), "--did-doc", doc);
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(last(ok)).contains("signature valid");
        // the current greenground CAR is signed by the same key but for another DID
        CliRun bad = CliRun.run("verify", CliRun.car("indigo-greenground.repo.car"), "--did-doc", doc);
        assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCode.INVALID);
        assertThat(bad.outLines()).filteredOn(l -> l.startsWith("FAIL ")).singleElement().asString()
                .contains("expected did:plc:wqgdnqlv2mwiio6pfchwtrff");
        assertThat(last(bad)).contains("signature valid");
        // --did that disagrees with the document
        CliRun both = CliRun.run("verify", CliRun.car("indigo-greenground-2023-04.repo.car"), "--did-doc", doc,
                "--did", "did:plc:kzcqyc3unb33eh5sxzsfs25z");
        assertThat(both.code()).isEqualTo(ExitCode.INVALID);
        assertThat(both.outLines()).anyMatch(l -> l.startsWith("FAIL the DID document is for"));
    }

    @Test
    void highSSignatureFromTheDidDocumentFails() {
        CliRun r = CliRun.run("verify", CliRun.car("indigo-fakermaker.repo.car"), "--did-doc",
                CliRun.cars().resolve("companions/indigo-fakermaker.didDoc.json"));
        assertThat(r.code()).isEqualTo(ExitCode.INVALID);
        assertThat(r.outLines()).anyMatch(l -> l.startsWith("FAIL ") && l.contains("high-S"));
    }

    @Test
    void exactlyOneWayToTheKeyIsRequired() {
        for (Object[] args : new Object[][] {
            {"verify", CliRun.car(PEGASUS)},
            {"verify", CliRun.car(PEGASUS), "--no-signature", "--key", PEGASUS_KEY},
            {"verify", CliRun.car(PEGASUS), "--key", PEGASUS_KEY, "--did-doc", "x.json"},
        }) {
            CliRun r = CliRun.run(args);
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines().get(0)).startsWith("carport: ");
        }
    }

    @Test
    void badArgumentsAreUsageErrors(@TempDir Path tmp) throws IOException {
        assertThat(CliRun.run("verify", CliRun.car(PEGASUS), "--key", "did:key:zNotAKey").code())
                .isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run("verify", CliRun.car(PEGASUS), "--no-signature", "--did", "not-a-did").code())
                .isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run("verify", CliRun.car(PEGASUS), "--did-doc", tmp.resolve("absent.json")).code())
                .isEqualTo(ExitCode.USAGE);
        Path notJson = Files.writeString(tmp.resolve("doc.json"), "{not json");
        CliRun r = CliRun.run("verify", CliRun.car(PEGASUS), "--did-doc", notJson);
        assertThat(r.code()).isEqualTo(ExitCode.INVALID);
        assertThat(r.errLines()).singleElement().asString().startsWith("carport: DID document is not valid JSON");
        Path noKey = Files.writeString(tmp.resolve("nokey.json"), "{\"id\": \"" + PEGASUS_DID + "\"}");
        CliRun r2 = CliRun.run("verify", CliRun.car(PEGASUS), "--did-doc", noKey);
        assertThat(r2.code()).isEqualTo(ExitCode.INVALID);
        assertThat(r2.errLines()).singleElement().asString().contains("has no #atproto key");
    }

    @Test
    void everySingleByteChangeToACarFailsVerification(@TempDir Path tmp) throws IOException {
        byte[] original = Files.readAllBytes(CliRun.car("arroba-snarfed2.car"));
        Path f = tmp.resolve("x.car");
        for (int i = 0; i < original.length; i++) {
            byte[] b = original.clone();
            b[i] ^= (byte) (1 << (i % 8));
            Files.write(f, b);
            CliRun r = CliRun.run("verify", f, "--no-signature");
            assertThat(r.code()).as("byte " + i + ": " + r).isEqualTo(ExitCode.INVALID);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
