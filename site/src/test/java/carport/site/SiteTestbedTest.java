package carport.site;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.syntax.Did;
import carport.export.AccountExporter;
import carport.export.ExportListener;
import carport.export.ExportOptions;
import carport.export.ExportResult;
import carport.export.identity.NetAccountResolver;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolverOptions;
import carport.net.xrpc.SyncClient;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The site of alice.test, exported from the test bed's PDS: images, facets, quotes, replies, a list and a custom
 * lexicon record, in a real headless Chromium. Saves the screenshots docs/ shows into site/target/screenshots/.
 */
@RequiresTestbed
class SiteTestbedTest {
    @TempDir
    static Path tmp;
    static Path exportDir;
    static Path index;
    static Browser browser;
    static Testbed.Account alice;
    static final Path SHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void exportAndBuild() throws IOException {
        Testbed tb = Testbed.get();
        alice = tb.account("alice");
        HttpTransport http = new HttpTransport(HttpConfig.builder().maxAttempts(2)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build());
        ResolverOptions.Builder b = ResolverOptions.builder().plcHost(tb.plcUrl());
        tb.dns().ifPresent(d -> b.dnsServer(d.host() + ":" + d.port()));
        AccountExporter exporter = new AccountExporter(new SyncClient(http),
                new NetAccountResolver(new IdentityResolver(b.build())), ExportOptions.defaults(tmp).withVersion("test"));
        ExportResult r = exporter.export(Did.parse(alice.did()), ExportListener.NONE);
        exportDir = r.dir();
        SiteBuilder.build(exportDir, null);
        index = exportDir.resolve("_site/index.html");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void nothingLeftTheFolder() {
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
        Browser.Requests r = browser.requests();
        assertThat(r.outside()).as("requests outside file://").isEmpty();
        assertThat(r.file()).isPositive();
    }

    private void open(String hash) {
        browser.open(index);
        browser.waitFor("article.post");
        if (hash != null) {
            browser.js("location.hash = arguments[0]", hash);
            browser.waiting().until(d -> d.getCurrentUrl().endsWith(hash) && !d.findElements(By.cssSelector("main h2")).isEmpty());
        }
    }

    private void imagesLoaded() {
        browser.waiting().until(d -> (Boolean) browser.js("return [...document.images].every(i => i.complete && i.naturalWidth > 0)"));
    }

    @Test
    void profilePostsAndEveryImageWithAltText() throws IOException {
        JsonNode profile = new ObjectMapper().readTree(exportDir.resolve("app.bsky.actor.profile/self.json").toFile());
        open(null);
        assertThat(browser.waitFor("#profile h1").getText()).isEqualTo(profile.get("displayName").asText());
        assertThat(browser.driver.findElement(By.cssSelector("#profile .desc")).getText())
                .isEqualTo(profile.get("description").asText());
        int posts = alice.records().get("app.bsky.feed.post");
        int pages = 0;
        int images = 0;
        for (int from = 0; from < posts; from += 25, pages++) {
            open("#/posts/" + from);
            browser.js("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')");
            imagesLoaded();
            assertThat((Long) browser.js("return [...document.images].filter(i => !i.alt || !i.alt.trim()).length")).isZero();
            images += ((Long) browser.js("return document.querySelectorAll('main img').length")).intValue();
            if (from == 0) {
                browser.screenshot(SHOTS.resolve("site-profile.png"));
            }
        }
        assertThat(pages).isEqualTo((posts + 24) / 25);
        assertThat(images).as("alice's posts have pictures").isGreaterThan(10);
        // alice's seeded alt text is searchable
        open("#/search/stripes%208");
        browser.waitFor("main ol.posts img");
        assertThat(String.valueOf(browser.js("return [...document.querySelectorAll('main img')].map(i => i.alt).join('|')")).split("\\|")).contains("stripes 8");
    }

    @Test
    void facetsAndAThreadWithItsReplies() throws IOException {
        open("#/search/hello");
        WebElement text = browser.waitFor("main ol.posts .text");
        List<WebElement> links = text.findElements(By.tagName("a"));
        assertThat(links).extracting(WebElement::getText).containsExactly("@carol.test", "https://atproto.com/specs/repository",
                "#atproto");
        assertThat(links.get(1).getAttribute("href")).isEqualTo("https://atproto.com/specs/repository");
        // a reply in alice's own thread: its parent above it, the thread's first post above a gap
        open("#/search/thread%20reply%2010");
        browser.waitFor("main ol.posts a.when").click();
        browser.waiting().until(d -> d.findElements(By.cssSelector("ol.thread article.post")).size() == 3);
        assertThat(browser.driver.findElements(By.cssSelector("ol.thread article.post .text"))).extracting(WebElement::getText)
                .containsExactly("First post!", "Hello @carol.test — read https://atproto.com/specs/repository #atproto ✨ 9",
                        "Thread reply 10");
        assertThat(browser.driver.findElement(By.cssSelector("article.post.focus .text")).getText()).isEqualTo("Thread reply 10");
        // and a post's replies below it
        open("#/search/%E2%9C%A8%201");
        browser.waitFor("main ol.posts a.when");
        browser.driver.findElements(By.cssSelector("main ol.posts > li > article.post")).stream()
                .filter(a -> a.findElement(By.cssSelector(".text")).getText().endsWith("✨ 1")).findFirst().orElseThrow()
                .findElement(By.cssSelector("a.when")).click();
        browser.waiting().until(d -> d.findElements(By.cssSelector("ol.replies article.post")).size() == 1);
        assertThat(browser.driver.findElement(By.cssSelector("ol.replies .text")).getText()).isEqualTo("Thread reply 2");
        open("#/search/thread%20reply%2042");
        browser.waitFor("main ol.posts a.when").click();
        browser.waiting().until(d -> d.findElements(By.cssSelector("ol.thread article.post")).size() == 3);
        imagesLoaded();
        browser.size(820, 1100);
        try {
            browser.screenshot(SHOTS.resolve("site-thread.png"));
        } finally {
            browser.size(1000, 1400);
        }
        // a reply to carol (not in this export) links to bsky.app
        open("#/search/answering");
        assertThat(browser.waitFor("main ol.posts .ctx a").getAttribute("href")).startsWith("https://bsky.app/profile/");
    }

    @Test
    void listsAndTheCustomLexicon() {
        open(null);
        browser.driver.findElements(By.cssSelector("#sections a")).stream().filter(a -> a.getText().startsWith("List members"))
                .findFirst().orElseThrow().click();
        browser.waitFor("ul.records li");
        assertThat(browser.driver.findElement(By.cssSelector("ul.records")).getText()).contains("in the list Devnet people");
        open(null);
        browser.driver.findElements(By.cssSelector("#sections a")).stream()
                .filter(a -> a.getText().startsWith("com.example.devnet.note")).findFirst().orElseThrow().click();
        assertThat(browser.waitFor("pre.json").getText()).contains("\"body\": \"not a Bluesky lexicon (alice)\"");
    }
}
