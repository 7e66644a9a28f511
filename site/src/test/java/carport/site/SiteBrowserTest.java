package carport.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The site of a crafted export in a real headless Chromium: rendering, facets, hostile text, search, paging. */
class SiteBrowserTest {
    @TempDir
    static Path tmp;
    static CraftedExport export;
    static Path index;
    static Browser browser;

    @BeforeAll
    static void build() throws IOException {
        export = CraftedExport.write(tmp);
        SiteBuilder.build(export.dir, null);
        index = export.dir.resolve("_site/index.html");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    /** After every test: nothing logged as an error, nothing requested outside file://, nothing injected ran. */
    @AfterEach
    void nothingLeftTheFolder() {
        if (browser == null) {
            return;
        }
        assertThat(browser.js("return window.__pwned === undefined")).isEqualTo(true);
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
        Browser.Requests r = browser.requests();
        assertThat(r.outside()).as("requests outside file://").isEmpty();
        assertThat(r.file()).as("the performance log saw the page's own file:// loads").isPositive();
    }

    private void go(String hash) {
        browser.open(index);
        browser.waitFor(".post, .records li, main h2");
        if (hash != null) {
            browser.js("location.hash = arguments[0]", hash);
            browser.waiting().until(d -> !d.findElements(By.cssSelector("main h2")).isEmpty()
                    && d.getCurrentUrl().endsWith(hash));
        }
    }

    private WebElement post(String textPart) {
        return browser.waiting().until(d -> d.findElements(By.cssSelector("article.post")).stream()
                .filter(a -> a.findElements(By.cssSelector(".text")).stream().anyMatch(t -> t.getText().contains(textPart)))
                .findFirst().orElse(null));
    }

    private WebElement section(String label) {
        return browser.driver.findElements(By.cssSelector("#sections a")).stream()
                .filter(a -> a.getText().startsWith(label)).findFirst().orElseThrow();
    }

    private void search(String q) {
        WebElement box = browser.driver.findElement(By.id("q"));
        box.clear();
        box.sendKeys(q, Keys.ENTER);
        String want = "matching “" + q + "”";
        browser.waiting().until(d -> String.valueOf(browser.js("var h = document.querySelector('main h2');"
                + " return h ? h.textContent : ''")).contains(want));
    }

    @Test
    void profileNameAndCountsShow() {
        go(null);
        assertThat(browser.waitFor("#profile h1").getText()).isEqualTo(CraftedExport.NAME);
        assertThat(browser.driver.findElement(By.cssSelector("#profile .handle")).getText()).contains("@" + CraftedExport.HANDLE);
        assertThat(browser.driver.findElement(By.cssSelector("#profile .desc")).getText()).contains("<b>not bold</b>");
        assertThat(browser.driver.findElements(By.cssSelector("#sections a"))).extracting(WebElement::getText)
                .containsExactly("Posts" + export.posts, "Profile record1", "Likes3", "Follows1", CraftedExport.CUSTOM + "1");
        assertThat(browser.driver.getTitle()).contains(CraftedExport.NAME);
        // newest first, one page of 25
        assertThat(browser.driver.findElements(By.cssSelector("main ol.posts > li > article.post"))).hasSize(25);
        Number avatarWidth = (Number) browser.js("return document.querySelector('#profile img.avatar').naturalWidth");
        assertThat(avatarWidth.intValue()).isEqualTo(200);
    }

    @Test
    void emojiBeforeALinkFacetLinksExactlyTheRightCharacters() {
        go(null);
        search("carport docs");
        WebElement p = post(CraftedExport.EMOJI_TEXT);
        WebElement text = p.findElement(By.cssSelector(".text"));
        assertThat(text.getText()).isEqualTo(CraftedExport.EMOJI_TEXT);
        List<WebElement> links = text.findElements(By.tagName("a"));
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getText()).isEqualTo(CraftedExport.EMOJI_LINK);
        assertThat(links.get(0).getAttribute("href")).isEqualTo("https://example.com/docs");
    }

    @Test
    void nonLatinTextWithMentionAndHashtag() {
        go(null);
        search("こんにちは");
        WebElement text = post("こんにちは").findElement(By.cssSelector(".text"));
        assertThat(text.getText()).isEqualTo("こんにちは @bob.test さん #日本語");
        List<WebElement> links = text.findElements(By.tagName("a"));
        assertThat(links).extracting(WebElement::getText).containsExactly("@bob.test", "#日本語");
        assertThat(links.get(0).getAttribute("href")).isEqualTo("https://bsky.app/profile/did%3Aplc%3Abobbobbobbobbobbobbobbob");
        assertThat(links.get(1).getAttribute("href")).isEqualTo("https://bsky.app/hashtag/%E6%97%A5%E6%9C%AC%E8%AA%9E");
    }

    @Test
    void hostilePostRendersAsTextAndRunsNothing() {
        go(null);
        search("click me");
        WebElement p = post("click me");
        WebElement text = p.findElement(By.cssSelector(".text"));
        assertThat(text.getText()).isEqualTo(CraftedExport.HOSTILE_TEXT);
        assertThat(text.findElements(By.cssSelector("script, img"))).isEmpty();
        List<WebElement> links = text.findElements(By.tagName("a"));
        // only the first of two overlapping facets; the javascript: link, the facet past the end and the bad
        // mention are plain text
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getText()).isEqualTo("<script>");
        assertThat(links.get(0).getAttribute("href")).isEqualTo("https://example.com/a");
        assertThat(browser.driver.findElements(By.cssSelector("a[href^='javascript' i]"))).isEmpty();
        assertThat(browser.js("return document.querySelectorAll('main script').length")).isEqualTo(0L);
    }

    @Test
    void everyImageHasAltTextAndItsAspectRatio() {
        go(null);
        search(CraftedExport.ALT_WORD);
        WebElement p = post("Two pictures");
        List<WebElement> imgs = p.findElements(By.tagName("img"));
        assertThat(imgs).hasSize(2);
        assertThat(imgs.get(0).getAttribute("alt")).isEqualTo("A " + CraftedExport.ALT_WORD + " at dusk");
        assertThat(imgs.get(1).getAttribute("alt")).isEqualTo("Tall purple rectangle");
        assertThat(imgs.get(0).getCssValue("aspect-ratio")).isEqualTo("16 / 9");
        browser.waiting().until(d -> (Boolean) browser.js("return [...arguments[0].querySelectorAll('img')]"
                + ".every(i => i.complete && i.naturalWidth > 0)", p));
        // the alt text is visible on demand
        WebElement alt = p.findElement(By.cssSelector("details.alt"));
        assertThat(alt.findElement(By.tagName("p")).isDisplayed()).isFalse();
        alt.findElement(By.tagName("summary")).click();
        assertThat(alt.findElement(By.tagName("p")).getText()).isEqualTo("A " + CraftedExport.ALT_WORD + " at dusk");
        // every image on every page of posts has a non-empty alt
        for (int from = 0; from < export.posts; from += 25) {
            go("#/posts/" + from);
            assertThat((Long) browser.js("return [...document.images].filter(i => !i.alt || !i.alt.trim()).length"))
                    .as("images without alt on page from " + from).isZero();
        }
    }

    @Test
    void searchFindsByTextAndByAltText() {
        go(null);
        search(CraftedExport.TEXT_WORD);
        assertThat(browser.driver.findElements(By.cssSelector("main ol.posts > li > article.post"))).hasSize(1);
        assertThat(post(CraftedExport.TEXT_WORD).getText()).contains("over the bay");
        search(CraftedExport.ALT_WORD.toUpperCase());
        assertThat(browser.driver.findElements(By.cssSelector("main ol.posts > li > article.post"))).hasSize(1);
        assertThat(post("Two pictures")).isNotNull();
        search("nothing-matches-this");
        assertThat(browser.driver.findElements(By.cssSelector("main ol.posts > li > article.post"))).isEmpty();
    }

    @Test
    void monthNavigationReachesTheOldestPost() {
        go(null);
        browser.driver.findElement(By.cssSelector("details.archive summary")).click();
        List<WebElement> months = browser.driver.findElements(By.cssSelector("details.archive a[data-month]"));
        assertThat(months.get(0).getAttribute("data-month")).isEqualTo("2025-04");
        WebElement oldest = months.get(months.size() - 1);
        assertThat(oldest.getAttribute("data-month")).isEqualTo("2021-01");
        oldest.click();
        assertThat(post(CraftedExport.OLDEST_TEXT)).isNotNull();
        assertThat(browser.driver.findElement(By.cssSelector("main h2")).getText()).contains("2021");
        // and the pager: Newer goes back, there is no Older on the last page
        assertThat(browser.driver.findElements(By.cssSelector("a[rel=next]"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("a[rel=prev]"))).isNotEmpty();
    }

    @Test
    void threadShowsParentsAndReplies() {
        go(null);
        search("first reply");
        post("First reply").findElement(By.cssSelector("a.when")).click();
        browser.waiting().until(d -> d.findElement(By.cssSelector("main h2")).getText().equals("Thread"));
        List<WebElement> texts = browser.driver.findElements(By.cssSelector("main article.post .text"));
        assertThat(texts).extracting(WebElement::getText).containsExactly("Thread root: what is a CAR file?",
                "First reply: content-addressed archive", "Second reply: blocks with CIDs");
        assertThat(browser.driver.findElement(By.cssSelector("article.post.focus .text")).getText()).startsWith("First reply");

        search("stranger");
        WebElement reply = post("Replying to a stranger");
        assertThat(reply.findElement(By.cssSelector(".ctx a")).getAttribute("href"))
                .isEqualTo("https://bsky.app/profile/did%3Aplc%3Asomeoneelse1234567890ab/post/3kabcdefghijk");
        WebElement quote = post("Quoting a stranger");
        assertThat(quote.findElement(By.cssSelector(".quote a")).getAttribute("href")).endsWith("/post/3kzzzzzzzzzzz");

        search("quoting myself");
        WebElement q = post("Quoting myself");
        browser.waiting().until(d -> q.findElements(By.cssSelector(".quote article.post")).size() == 1);
        assertThat(q.findElement(By.cssSelector(".quote .text")).getText()).isEqualTo("Thread root: what is a CAR file?");
    }

    @Test
    void otherCollectionsAsLinksOrReadableJson() {
        go(null);
        section("Follows").click();
        WebElement follow = browser.waitFor("ul.records li a");
        assertThat(follow.getAttribute("href")).isEqualTo("https://bsky.app/profile/did%3Aplc%3Abobbobbobbobbobbobbobbob");
        go(null);
        section(CraftedExport.CUSTOM).click();
        WebElement pre = browser.waitFor("ul.records pre.json");
        assertThat(pre.getText()).contains("\"title\": \"A custom lexicon record </pre><script>window.__pwned=4</script>\"")
                .contains("\"n\": 42");
        go(null);
        section("Likes").click();
        assertThat(browser.waitFor("ul.records li a").getAttribute("href")).startsWith("https://bsky.app/profile/");
        assertThat(browser.driver.findElements(By.cssSelector("ul.records li"))).hasSize(3);
    }

    @Test
    void keyboardAndPhoneWidth() {
        go(null);
        browser.size(390, 844);
        try {
            go(null);
            Number overflow = (Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as(() -> "horizontal overflow at phone width, from "
                    + browser.js("return [...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right"
                            + " > document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className + ' '"
                            + " + Math.round(e.getBoundingClientRect().right)).join('; ') + ' / ' + window.innerWidth"))
                    .isLessThanOrEqualTo(0);
            // the first Tab reaches the skip link, which moves focus to the content
            browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            WebElement active = browser.driver.switchTo().activeElement();
            assertThat(active.getText()).isEqualTo("Skip to content");
            active.sendKeys(Keys.ENTER);
            assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
        } finally {
            browser.size(1000, 1400);
        }
    }

    @Test
    void standaloneSiteWithCopiedBlobs() throws IOException {
        Path out = tmp.resolve("sites");
        SiteBuilder.Result r = SiteBuilder.build(export.dir, out);
        assertThat(r.site()).isEqualTo(out.resolve(CraftedExport.DID));
        browser.open(r.site().resolve("index.html"));
        browser.waitFor("article.post");
        Number avatarWidth = (Number) browser.js("return document.querySelector('#profile img.avatar').naturalWidth");
        assertThat(avatarWidth.intValue()).isEqualTo(200);
        assertThat(Files.list(r.site().resolve("_blob")).count()).isEqualTo(export.blobCids.size());
    }
}
