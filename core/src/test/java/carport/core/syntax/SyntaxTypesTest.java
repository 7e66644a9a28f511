package carport.core.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntaxTypesTest {

    @Test
    void tidRoundTripsTimestampAndClockId() {
        long micros = 1_700_000_000_123_456L;
        Tid t = Tid.of(micros, 42);
        assertThat(t.toString()).hasSize(13);
        Tid back = Tid.parse(t.toString());
        assertThat(back).isEqualTo(t);
        assertThat(back.timestampMicros()).isEqualTo(micros);
        assertThat(back.clockId()).isEqualTo(42);
    }

    @Test
    void tidExtremesDecode() {
        assertThat(Tid.parse("2222222222222").timestampMicros()).isZero();
        assertThat(Tid.parse("2222222222222").clockId()).isZero();
        // All 63 usable bits set: top character carries 0b0111 -> alphabet index 7.
        Tid max = Tid.of((1L << 53) - 1, 1023);
        assertThat(max.toString()).isEqualTo("bzzzzzzzzzzzz");
        assertThat(Tid.parse("bzzzzzzzzzzzz").timestampMicros()).isEqualTo((1L << 53) - 1);
        assertThat(Tid.parse("bzzzzzzzzzzzz").clockId()).isEqualTo(1023);
        // "3jzfcijpj2z2a" from the spec: clock id is the low 10 bits of the last two characters.
        Tid spec = Tid.parse("3jzfcijpj2z2a");
        assertThat(Tid.of(spec.timestampMicros(), spec.clockId())).isEqualTo(spec);
    }

    @Test
    void tidStringOrderIsChronological() {
        Tid a = Tid.of(1_000_000L, 1023);
        Tid b = Tid.of(1_000_001L, 0);
        assertThat(a.compareTo(b)).isNegative();
        assertThat(a.toString().compareTo(b.toString())).isNegative();
        assertThat(b.toRecordKey().toString()).isEqualTo(b.toString());
    }

    @Test
    void tidOfRejectsOutOfRange() {
        assertThatThrownBy(() -> Tid.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tid.of(1L << 53, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tid.of(0, 1024)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handleNormalisesToLowerCase() {
        Handle h = Handle.parse("John.TEST");
        assertThat(h.toString()).isEqualTo("john.test");
        assertThat(h).isEqualTo(Handle.parse("john.test"));
        assertThat(h.hashCode()).isEqualTo(Handle.parse("JOHN.test").hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"laptop.local", "x.arpa", "a.invalid", "b.localhost", "c.internal",
        "expyuzz4wqqyqhjn.onion", "d.alt", "e.example", "UPPER.LOCAL"})
    void handleFlagsDisallowedTlds(String s) {
        assertThat(Handle.parse(s).isDisallowedTld()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bsky.social", "local.example.com", "localhost.com", "onion.net", "example.com",
        "alt.test"})
    void handleAllowsOrdinaryTlds(String s) {
        assertThat(Handle.parse(s).isDisallowedTld()).isFalse();
    }

    @Test
    void didExposesMethodAndIdentifier() {
        Did d = Did.parse("did:web:localhost%3A1234");
        assertThat(d.method()).isEqualTo("web");
        assertThat(d.identifier()).isEqualTo("localhost%3A1234");
        assertThat(Did.parse("did:plc:7iza6de2dwap2sbkpav7c6c6").method()).isEqualTo("plc");
        assertThat(Did.isValid("did:plc:" + "a".repeat(Did.MAX_LENGTH - 8))).isTrue();
        assertThat(Did.isValid("did:plc:" + "a".repeat(Did.MAX_LENGTH - 7))).isFalse();
    }

    @Test
    void atIdentifierDispatchesOnDidPrefix() {
        assertThat(AtIdentifier.parse("did:plc:abc")).isInstanceOf(Did.class);
        assertThat(AtIdentifier.parse("did:plc:abc").isDid()).isTrue();
        assertThat(AtIdentifier.parse("Alice.Example.com")).isEqualTo(Handle.parse("alice.example.com"));
        assertThat(AtIdentifier.parse("alice.example.com").isHandle()).isTrue();
    }

    @Test
    void nsidSplitsAuthorityAndName() {
        Nsid n = Nsid.parse("app.bsky.feed.post");
        assertThat(n.authority()).isEqualTo("app.bsky.feed");
        assertThat(n.name()).isEqualTo("post");
        assertThat(Nsid.parse("com.Example.fooBar").toString()).isEqualTo("com.Example.fooBar");
        assertThat(Nsid.parse("com.example.fooBar")).isNotEqualTo(Nsid.parse("com.example.foobar"));
        assertThat(Nsid.isValid("a.b." + "c".repeat(63))).isTrue();
        assertThat(Nsid.isValid("a.b." + "c".repeat(64))).isFalse();
    }

    @Test
    void repoPathSplitsCollectionAndRkey() {
        RepoPath p = RepoPath.parse("app.bsky.feed.post/3jzfcijpj2z2a");
        assertThat(p.collection()).isEqualTo(Nsid.parse("app.bsky.feed.post"));
        assertThat(p.rkey()).isEqualTo(RecordKey.parse("3jzfcijpj2z2a"));
        assertThat(p.toString()).isEqualTo("app.bsky.feed.post/3jzfcijpj2z2a");
        assertThat(RepoPath.of(p.collection(), p.rkey())).isEqualTo(p);
        assertThat(RepoPath.parse("com.example.thing/lang:en~1.x_y-z").rkey().toString())
                .isEqualTo("lang:en~1.x_y-z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "app.bsky.feed.post", "app.bsky.feed.post/", "/app.bsky.feed.post/x",
        "app.bsky.feed.post/../x", "app.bsky.feed.post/.", "app.bsky.feed.post/..", "app.bsky.feed.post/a/b",
        "app.bsky/x", "app.bsky.feed.post/a b", "A0/374913", "app.bsky.feed.post//x"})
    void repoPathRejectsMalformedKeys(String s) {
        assertThat(RepoPath.isValid(s)).isFalse();
        assertThatThrownBy(() -> RepoPath.parse(s)).isInstanceOf(InvalidSyntaxException.class)
                .hasMessageStartingWith("invalid repo path: ");
    }

    @Test
    void repoPathOrderIsMstKeyOrder() {
        assertThat(RepoPath.parse("a.b.c/Z").compareTo(RepoPath.parse("a.b.c/a"))).isNegative();
        assertThat(RepoPath.parse("a.b.c/x").compareTo(RepoPath.parse("a.b.cd/x"))).isNegative();
    }

    @Test
    void atUriExposesPartsAndNormalisesHandle() {
        AtUri u = AtUri.parse("at://Alice.Example.com/app.bsky.feed.post/3k5nobkf2w72g");
        assertThat(u.authority()).isEqualTo(Handle.parse("alice.example.com"));
        assertThat(u.collection()).contains(Nsid.parse("app.bsky.feed.post"));
        assertThat(u.rkey()).contains(RecordKey.parse("3k5nobkf2w72g"));
        assertThat(u.repoPath()).contains(RepoPath.parse("app.bsky.feed.post/3k5nobkf2w72g"));
        assertThat(u.toString()).isEqualTo("at://alice.example.com/app.bsky.feed.post/3k5nobkf2w72g");
        AtUri bare = AtUri.parse("at://did:plc:abc");
        assertThat(bare.collection()).isEmpty();
        assertThat(bare.rkey()).isEmpty();
        assertThat(AtUri.of(Did.parse("did:plc:abc"), Nsid.parse("a.b.c"), null).toString())
                .isEqualTo("at://did:plc:abc/a.b.c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T00:00:00Z", "2000-02-29T12:00:00.5+01:00", "1985-04-30T23:59:59Z",
        "0000-01-01T00:00:00-01:00", "9999-12-31T23:59:59.999999999999Z"})
    void datetimeAcceptsRealDates(String s) {
        assertThat(Datetime.isValid(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1985-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "1985-04-31T00:00:00Z",
        "1985-04-12T23:20:60Z", "1985-04-12T24:00:00Z", "1985-04-12T23:20:50+24:00",
        "1985-04-12T23:20:50+01:60", "1985-04-12T23:20:50.123-00:00", "1985-04-12T23:20:50Zz"})
    void datetimeRejectsImpossibleDates(String s) {
        assertThat(Datetime.isValid(s)).isFalse();
    }

    @Test
    void datetimeGivesTheInstant() {
        Datetime d = Datetime.parse("1985-04-12T23:20:50.123456789123-07:00");
        assertThat(d.toInstant()).isEqualTo(Instant.parse("1985-04-13T06:20:50.123456789Z"));
        assertThat(d.toString()).isEqualTo("1985-04-12T23:20:50.123456789123-07:00");
        assertThat(Datetime.parse("1985-04-12T23:20:50Z").compareTo(Datetime.parse("1985-04-12T23:20:51Z")))
                .isNegative();
    }

    @Test
    void languageExposesPrimarySubtag() {
        assertThat(Language.parse("pt-BR").primary()).isEqualTo("pt");
        assertThat(Language.parse("ja").primary()).isEqualTo("ja");
        assertThat(Language.isValid("zh-yue-Hant-HK")).isTrue();
        assertThat(Language.isValid("en-a-bbb-b-ccc-x-a-a")).isTrue(); // private use may repeat
        assertThat(Language.isValid("en-a")).isFalse();
        assertThat(Language.isValid("en-x")).isFalse();
        assertThat(Language.isValid("en-1-ab-1-cd")).isFalse();
    }

    @Test
    void errorMessageIsOneQuotedLineAndCutsLongInput() {
        InvalidSyntaxException e = new InvalidSyntaxException("DID", "did:x:\n\"q\"" + "y".repeat(500));
        assertThat(e).isInstanceOf(InvalidDataException.class);
        assertThat(e.kind()).isEqualTo("DID");
        assertThat(e.getMessage()).startsWith("invalid DID: \"did:x:\\u000a\\\"q\\\"yyy")
                .endsWith("... (510 chars)").doesNotContain("\n");
        assertThat(new InvalidSyntaxException("TID", null).getMessage()).isEqualTo("invalid TID: null");
    }

    @Test
    void nullIsInvalidEverywhere() {
        assertThat(Did.isValid(null) || Handle.isValid(null) || Nsid.isValid(null) || RecordKey.isValid(null)
                || Tid.isValid(null) || AtIdentifier.isValid(null) || AtUri.isValid(null)
                || Datetime.isValid(null) || Language.isValid(null) || RepoPath.isValid(null)).isFalse();
        assertThatThrownBy(() -> Nsid.parse(null)).isInstanceOf(InvalidSyntaxException.class);
    }
}
