package carport.export.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.syntax.InvalidSyntaxException;
import carport.core.syntax.Nsid;
import carport.core.syntax.RecordKey;
import carport.core.syntax.RepoPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordFileNamesTest {
    private static final String RKEY_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_:~";
    private static final Nsid POST = Nsid.parse("app.bsky.feed.post");

    static Stream<RecordFileNames> modes() {
        return Stream.of(RecordFileNames.PLAIN, RecordFileNames.of(true, false),
                RecordFileNames.of(false, true), RecordFileNames.of(true, true));
    }

    private static RecordKey rk(String s) {
        return RecordKey.parse(s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // mode flags (ci, win) | collection | rkey | expected relative path
        "false|false|app.bsky.feed.post|3jzfcijpj2z2a|app.bsky.feed.post/3jzfcijpj2z2a.json",
        "true |true |app.bsky.feed.post|3jzfcijpj2z2a|app.bsky.feed.post/3jzfcijpj2z2a.json",
        "false|false|app.bsky.actor.profile|self|app.bsky.actor.profile/self.json",
        "false|false|com.example.thing|...|com.example.thing/....json",
        "false|false|com.example.thing|.a|com.example.thing/.a.json",
        "false|false|com.example.thing|:|com.example.thing/:.json",
        "false|false|com.example.thing|~|com.example.thing/~.json",
        "false|false|com.example.thing|Abc|com.example.thing/Abc.json",
        "true |false|com.example.thing|Abc|com.example.thing/%41bc.json",
        "true |false|com.example.thing|abC|com.example.thing/%61b%43.json",
        "true |false|com.example.fooBar|x|%63om.example.foo%42ar/x.json",
        "false|true |com.example.thing|lang:en|com.example.thing/%6Cang%3Aen.json",
        "false|true |com.example.thing|:|com.example.thing/%3A.json",
        "false|true |com.example.thing|Lang:en|com.example.thing/%4Cang%3Aen.json",
        "true |true |com.example.thing|Lang:en|com.example.thing/%4Cang%3Aen.json",
        "false|false|com.example.thing|con|com.example.thing/con.json",
        "false|true |com.example.thing|con|com.example.thing/%63on.json",
        "false|true |com.example.thing|NUL.x|com.example.thing/%4EUL.x.json",
        "false|true |com.example.thing|lpt9|com.example.thing/%6Cpt9.json",
        "false|true |com.example.thing|com10|com.example.thing/com10.json",
        "false|true |com.example.thing|console|com.example.thing/console.json",
        "false|true |aux.example.thing|x|%61ux.example.thing/x.json",
        "false|true |com1.example.thing|x|%63om1.example.thing/x.json",
    })
    void writesExpectedNames(boolean ci, boolean win, String collection, String rkey, String expected) {
        RecordFileNames names = RecordFileNames.of(ci, win);
        assertThat(names.relativePath(Nsid.parse(collection), rk(rkey))).isEqualTo(expected);
        assertThat(names.parse(expected)).isEqualTo(RepoPath.of(Nsid.parse(collection), rk(rkey)));
    }

    @Test
    void namesUpTo200BytesStayWholeAndLongerOnesAreCutIntoPieces() {
        String fits = "o".repeat(195); // + ".json" = 200 bytes
        assertThat(RecordFileNames.PLAIN.relativePath(POST, rk(fits))).isEqualTo(POST + "/" + fits + ".json");
        String over = "o".repeat(196);
        String expected = POST + "/+" + "o".repeat(195) + "+/+o.json";
        assertThat(RecordFileNames.PLAIN.relativePath(POST, rk(over))).isEqualTo(expected);
        assertThat(RecordFileNames.PLAIN.parse(expected).rkey().toString()).isEqualTo(over);
    }

    @Test
    void escapeTripletsAreNeverCut() {
        RecordFileNames ci = RecordFileNames.of(true, false);
        for (int len = 60; len <= 200; len++) {
            RecordKey key = rk("A".repeat(len));
            String path = ci.relativePath(POST, key);
            for (String component : path.split("/")) {
                String body = component.replace("+", "");
                assertThat(body).matches("(%[0-9A-F]{2}|[^%])*");
            }
            assertThat(ci.parse(path).rkey()).isEqualTo(key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", ".", "a/b", "", "a\\b", "x y", "%41", "+a", "a\u0000"})
    void hostileKeysAreRejectedBeforeNaming(String s) {
        assertThatThrownBy(() -> RecordKey.parse(s)).isInstanceOf(InvalidSyntaxException.class);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void everySingleAndTwoCharacterKeyRoundTripsWithoutCollision(RecordFileNames names) {
        List<String> keys = new ArrayList<>();
        for (char a : RKEY_ALPHABET.toCharArray()) {
            keys.add(String.valueOf(a));
            for (char b : RKEY_ALPHABET.toCharArray()) {
                keys.add("" + a + b);
            }
        }
        List<RepoPath> records = new ArrayList<>();
        for (String k : keys) {
            if (RecordKey.isValid(k)) {
                records.add(RepoPath.of(POST, rk(k)));
            }
        }
        assertThat(records).hasSize(RKEY_ALPHABET.length() * (RKEY_ALPHABET.length() + 1) - 2);
        checkAll(names, records);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void generatedKeysAndCollectionsRoundTripWithoutCollision(RecordFileNames names) {
        Random random = new Random(20240611L);
        List<Nsid> collections = new ArrayList<>(List.of(POST, Nsid.parse("com.example.fooBar"),
                Nsid.parse("com.example.foobar"), Nsid.parse("com.example.FOOBAR")));
        for (int i = 0; i < 40; i++) {
            collections.add(randomNsid(random));
        }
        List<RepoPath> records = new ArrayList<>();
        for (int len = 1; len <= 512; len++) {
            records.add(RepoPath.of(collections.get(len % collections.size()), rk(randomKey(random, len))));
            String dots = ".".repeat(len);
            if (RecordKey.isValid(dots)) {
                records.add(RepoPath.of(POST, rk(dots)));
            }
            records.add(RepoPath.of(POST, rk(":".repeat(len))));
            records.add(RepoPath.of(POST, rk("A".repeat(len))));
            records.add(RepoPath.of(POST, rk("a".repeat(len))));
        }
        for (int i = 0; i < 3000; i++) {
            records.add(RepoPath.of(collections.get(random.nextInt(collections.size())),
                    rk(randomKey(random, 1 + random.nextInt(random.nextBoolean() ? 20 : 512)))));
        }
        checkAll(names, records);
    }

    @Test
    void longestNsidsAreCutAndRoundTrip() {
        Nsid longest = Nsid.parse("com." + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63)
                + "." + "d".repeat(57) + "." + "E".repeat(63));
        assertThat(longest.toString()).hasSize(Nsid.MAX_LENGTH);
        modes().forEach(names -> {
            String dir = names.collectionPath(longest);
            assertThat(dir).startsWith("+").contains("/");
            assertThat(names.parse(names.relativePath(longest, rk("self"))).collection()).isEqualTo(longest);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app.bsky.feed.post", "app.bsky.feed.post/x", "app.bsky.feed.post/x.json/y",
        "app.bsky.feed.post/x.json/", "/app.bsky.feed.post/x.json", "../x.json", "app.bsky.feed.post/..json",
        "app.bsky.feed.post/.json", "app.bsky.feed.post/%zz.json", "app.bsky.feed.post/%4.json",
        "app.bsky.feed.post/%61.json", "app.bsky.feed.post/a%41.json", "+app.bsky.feed.post+/x.json",
        "+app.bsky.feed+/+.post/x.json", "app.bsky.feed.post/+x+", "app.bsky.feed.post/+x.json",
        "app.bsky.feed.post/+/x.json", "app.bsky.feed.post/++/+x.json", "app.bsky.feed.post/a+b.json",
        "app.bsky.feed.post/x.JSON", "app.bsky.feed.post\\x.json", "app.bsky.feed.post/x y.json"})
    void parseRejectsPathsThisLayoutNeverWrites(String path) {
        assertThatThrownBy(() -> RecordFileNames.PLAIN.parse(path)).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("not a record file path of this layout: ");
    }

    @Test
    void parseIsStrictAboutTheMode() {
        RecordFileNames ci = RecordFileNames.of(true, false);
        assertThat(RecordFileNames.PLAIN.parse("com.example.thing/Abc.json").rkey().toString()).isEqualTo("Abc");
        assertThatThrownBy(() -> ci.parse("com.example.thing/Abc.json")).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> RecordFileNames.PLAIN.parse("com.example.thing/%41bc.json"))
                .isInstanceOf(InvalidDataException.class);
        assertThat(ci.parse("com.example.thing/%41bc.json").rkey().toString()).isEqualTo("Abc");
    }

    @Test
    void detectsCaseSensitivityOfTheRealDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("lower-probe"), "x");
        boolean expected = Files.exists(dir.resolve("LOWER-PROBE"));
        Files.delete(dir.resolve("lower-probe"));
        assertThat(RecordFileNames.detectCaseInsensitive(dir)).isEqualTo(expected);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(RecordFileNames.forDirectory(dir).caseInsensitive()).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void filesWrittenToDiskAreAllReadBack(RecordFileNames names, @TempDir Path dir) throws IOException {
        Random random = new Random(7);
        Set<RepoPath> records = new LinkedHashSet<>();
        for (int i = 0; i < 400; i++) {
            Nsid c = i % 10 == 0 ? randomNsid(random) : POST;
            records.add(RepoPath.of(c, rk(randomKey(random, 1 + random.nextInt(i % 7 == 0 ? 512 : 16)))));
        }
        records.add(RepoPath.of(POST, rk("...")));
        records.add(RepoPath.of(POST, rk(".a")));
        for (RepoPath r : records) {
            Path f = names.resolve(dir, r.collection(), r.rkey());
            assertThat(f.normalize()).isEqualTo(f);
            assertThat(f.startsWith(dir)).isTrue();
            Files.createDirectories(f.getParent());
            Files.write(f, r.toString().getBytes(StandardCharsets.UTF_8),
                    java.nio.file.StandardOpenOption.CREATE_NEW);
        }
        Set<RepoPath> back = new LinkedHashSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                RepoPath r = names.parse(dir, f);
                assertThat(Files.readString(f)).isEqualTo(r.toString());
                assertThat(back.add(r)).isTrue();
            }
        }
        assertThat(back).isEqualTo(records);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Checks round trip, component rules and that no two records share a (case-folded) path. */
    private static void checkAll(RecordFileNames names, List<RepoPath> records) {
        Map<String, RepoPath> byPath = new HashMap<>();
        Map<String, RepoPath> byFolded = new HashMap<>();
        for (RepoPath r : records) {
            String path = names.relativePath(r.collection(), r.rkey());
            assertThat(names.parse(path)).as(path).isEqualTo(r);
            assertThat(path).endsWith(".json");
            assertThat(path.substring(path.lastIndexOf('/') + 1)).matches("\\+?[^+]+\\.json");
            for (String component : path.split("/", -1)) {
                checkComponent(names, component, path);
            }
            RepoPath prev = byPath.putIfAbsent(path, r);
            assertThat(prev == null || prev.equals(r)).as("collision on " + path).isTrue();
            if (names.caseInsensitive()) {
                RepoPath prevFolded = byFolded.putIfAbsent(path.toLowerCase(Locale.ROOT), r);
                assertThat(prevFolded == null || prevFolded.equals(r)).as("case collision on " + path).isTrue();
            }
        }
    }

    private static void checkComponent(RecordFileNames names, String c, String path) {
        assertThat(c).as(path).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
        assertThat(c.getBytes(StandardCharsets.UTF_8).length).as(path).isLessThanOrEqualTo(200);
        assertThat(c).as(path).matches("[A-Za-z0-9.\\-_:~%+]+");
        if (names.caseInsensitive()) {
            assertThat(c.replaceAll("%[0-9A-F]{2}", "")).as(path).doesNotContainPattern("[A-Z]");
        }
        if (names.windows()) {
            assertThat(c).as(path).doesNotContain(":").doesNotEndWith(".").doesNotEndWith(" ");
            assertThat(RecordFileNames.isWindowsDevice(c)).as(path).isFalse();
        }
    }

    private static String randomKey(Random random, int len) {
        while (true) {
            StringBuilder sb = new StringBuilder(len);
            for (int i = 0; i < len; i++) {
                sb.append(RKEY_ALPHABET.charAt(random.nextInt(RKEY_ALPHABET.length())));
            }
            if (RecordKey.isValid(sb.toString())) {
                return sb.toString();
            }
        }
    }

    private static Nsid randomNsid(Random random) {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        while (true) {
            StringBuilder sb = new StringBuilder();
            int segments = 3 + random.nextInt(5);
            for (int s = 0; s < segments; s++) {
                if (s > 0) {
                    sb.append('.');
                }
                int len = 1 + random.nextInt(random.nextInt(4) == 0 ? 63 : 8);
                for (int i = 0; i < len; i++) {
                    sb.append(i == 0 || s == segments - 1 || random.nextInt(4) > 0
                            ? letters.charAt(random.nextInt(letters.length()))
                            : "0123456789-".charAt(random.nextInt(11)));
                }
            }
            if (Nsid.isValid(sb.toString())) {
                return Nsid.parse(sb.toString());
            }
        }
    }

}
