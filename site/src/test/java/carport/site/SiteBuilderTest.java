package carport.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.export.ExportLockedException;
import carport.export.store.ExportLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder writes and refuses, without a browser. */
class SiteBuilderTest {

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void writesTheSiteIntoTheExportAndNothingPrivate(@TempDir Path tmp) throws IOException {
        CraftedExport e = CraftedExport.write(tmp);
        SiteBuilder.Result r = SiteBuilder.build(e.dir, null);
        Path site = e.dir.resolve("_site");
        assertThat(r.site()).isEqualTo(site);
        assertThat(r.posts()).isEqualTo(e.posts);
        assertThat(r.blobs()).isEqualTo(e.blobCids.size());
        assertThat(site.resolve("index.html")).isRegularFile();
        assertThat(site.resolve("data/profile.js")).isRegularFile();
        assertThat(site.resolve("data/search.js")).isRegularFile();
        // posts per month, newest month first in the profile's chunk list
        String profile = Files.readString(site.resolve("data/profile.js"));
        assertThat(profile).startsWith("carport.data(\"profile\",").contains("\"blobBase\":\"../_blob/\"");
        assertThat(profile.indexOf("\"2025-04.0\"")).isLessThan(profile.indexOf("\"2021-01.0\""));
        assertThat(site.resolve("data/p/2021-01.0.js")).isRegularFile();
        // nothing but public records: the preferences file never leaks; no blob copies in an export's own site
        for (Path f : files(site)) {
            assertThat(Files.readString(f, StandardCharsets.UTF_8)).as(f.toString()).doesNotContain(CraftedExport.SECRET);
        }
        assertThat(site.resolve("_blob")).doesNotExist();
        // no temporary folders left behind
        try (Stream<Path> s = Files.list(e.dir.resolve(".carport"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".site"))).isEmpty();
        }
    }

    @Test
    void aRebuildReplacesTheWholeSite(@TempDir Path tmp) throws IOException {
        CraftedExport e = CraftedExport.write(tmp);
        SiteBuilder.build(e.dir, null);
        Path stray = e.dir.resolve("_site/data/p/1999-01.0.js");
        Files.writeString(stray, "stale");
        SiteBuilder.build(e.dir, null);
        assertThat(stray).doesNotExist();
        assertThat(e.dir.resolve("_site/index.html")).isRegularFile();
    }

    @Test
    void withOutputTheSiteStandsAloneWithItsBlobs(@TempDir Path tmp) throws IOException {
        CraftedExport e = CraftedExport.write(tmp.resolve("export"));
        Path out = tmp.resolve("sites");
        SiteBuilder.Result r = SiteBuilder.build(e.dir, out);
        assertThat(r.site()).isEqualTo(out.resolve(CraftedExport.DID));
        assertThat(Files.readString(r.site().resolve("data/profile.js"))).contains("\"blobBase\":\"_blob/\"");
        for (String cid : e.blobCids) {
            assertThat(r.site().resolve("_blob").resolve(cid)).hasSameBinaryContentAs(e.dir.resolve("_blob").resolve(cid));
        }
        assertThat(e.dir.resolve("_site")).doesNotExist();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(CraftedExport.DID);
        }
    }

    @Test
    void aMissingBlobIsListedNotFatal(@TempDir Path tmp) throws IOException {
        CraftedExport e = CraftedExport.write(tmp);
        String gone = e.blobCids.get(0);
        Files.delete(e.dir.resolve("_blob").resolve(gone));
        SiteBuilder.Result r = SiteBuilder.build(e.dir, null);
        assertThat(r.blobs()).isEqualTo(e.blobCids.size() - 1);
        assertThat(Files.readString(r.site().resolve("data/profile.js"))).contains("\"missingBlobs\":[\"" + gone + "\"]");
    }

    @Test
    void refusesWhileAnExportHoldsTheFolder(@TempDir Path tmp) throws Exception {
        CraftedExport e = CraftedExport.write(tmp);
        try (ExportLock held = ExportLock.acquire(e.dir.resolve(".carport/lock"))) {
            assertThatThrownBy(() -> SiteBuilder.build(e.dir, null)).isInstanceOf(ExportLockedException.class)
                    .hasMessageContaining("another carport export");
        }
        assertThat(e.dir.resolve("_site")).doesNotExist();
        SiteBuilder.build(e.dir, null);
        assertThat(e.dir.resolve("_site/index.html")).isRegularFile();
    }

    @Test
    void refusesWhatIsNotACompleteExport(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> SiteBuilder.build(tmp.resolve("nope"), null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("is not a folder");
        Path empty = Files.createDirectories(tmp.resolve("did:plc:empty"));
        assertThatThrownBy(() -> SiteBuilder.build(empty, null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("not a complete export");
        CraftedExport e = CraftedExport.write(tmp.resolve("x"));
        Files.createDirectories(e.dir.resolve(".carport"));
        Files.writeString(e.dir.resolve(".carport/journal.json"), "{}");
        assertThatThrownBy(() -> SiteBuilder.build(e.dir, null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("interrupted");
        assertThat(e.dir.resolve("_site")).doesNotExist();
    }

    @Test
    void monthsOfPostTimes() {
        assertThat(SiteBuilder.month(0)).isEqualTo("1970-01");
        assertThat(SiteBuilder.month(java.time.Instant.parse("2024-02-29T23:59:59Z").toEpochMilli())).isEqualTo("2024-02");
    }
}
