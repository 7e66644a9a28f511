package carport.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven through Debian's chromedriver (never Selenium Manager, which would
 * download drivers), with the switches that keep it from calling Google's hosts and a fresh profile. The
 * performance log records every request the page makes, so tests can prove that none leaves file://.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;
    private final ChromeDriverService service;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /**
     * Starts the browser. Without Chromium installed the test is skipped when integration tests are off (plain
     * {@code ./mvnw verify}), and fails under {@code ./scripts/test}, which installs it: CI never passes by
     * skipping.
     */
    static Browser start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            boolean required = "false".equals(System.getProperty("carport.it.skip", "true"));
            assertThat(required).as("chromium and chromium-driver are not installed (scripts/test installs them)")
                    .isFalse();
            Assumptions.abort("chromium and chromium-driver are not installed; browser tests skipped");
        }
        System.setProperty("SE_AVOID_STATS", "true");
        Path profile = Files.createTempDirectory("carport-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1000,1400", "--no-default-browser-check",
                "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Browser b = new Browser(d, service, profile);
        // The start-up tab (chrome://new-tab-page...) is the browser's own; the checks start after it.
        d.get("about:blank");
        b.requests();
        b.consoleErrors();
        return b;
    }

    void open(Path file) {
        driver.get(file.toUri().toString());
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    WebElement waitFor(String css) {
        return waiting().until(d -> {
            List<WebElement> l = d.findElements(By.cssSelector(css));
            return l.isEmpty() ? null : l.get(0);
        });
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Requests since the last call: how many were for file:// and the URLs of any that were not. */
    record Requests(int file, List<String> outside) {}

    Requests requests() {
        List<String> out = new ArrayList<>();
        int file = 0;
        java.util.regex.Pattern url = java.util.regex.Pattern.compile("\"url\":\"([^\"]*)\"");
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            String m = e.getMessage();
            if (!m.contains("\"Network.requestWillBeSent\"") && !m.contains("\"Network.webSocketCreated\"")) {
                continue;
            }
            java.util.regex.Matcher u = url.matcher(m);
            boolean fileEvent = false;
            while (u.find()) {
                String s = u.group(1);
                if (s.startsWith("file:")) {
                    fileEvent = true;
                } else if (!s.isEmpty() && !s.startsWith("data:")) {
                    out.add(s);
                }
            }
            if (fileEvent) {
                file++;
            }
        }
        return new Requests(file, out);
    }

    /** Console errors and uncaught exceptions since the last call. */
    List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Resizes the window (phone width checks, screenshots). */
    void size(int w, int h) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(w, h));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            SiteBuilder.deleteTree(profile);
        }
    }
}
