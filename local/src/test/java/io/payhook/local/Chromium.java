package io.payhook.local;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * The browser of the console's end-to-end tests: Debian's Chromium ({@code /usr/bin/chromium}) driven through its
 * {@code /usr/bin/chromedriver} (both paths can be changed with {@code -Dpayhook.chromium=} and
 * {@code -Dpayhook.chromedriver=}); headless, in a fresh profile, with nothing downloaded (the driver's path is
 * given, so Selenium Manager never runs). Without them each test is skipped (a JUnit assumption), saying which
 * binary is missing, and the class says so once on stderr.
 * A failed test leaves a screenshot under {@code target/console-failures/}.
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final Chromium browser = new Chromium();
 * }</pre>
 */
final class Chromium implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AfterTestExecutionCallback {
    static final Path BROWSER = Path.of(System.getProperty("payhook.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("payhook.chromedriver", "/usr/bin/chromedriver"));
    /** Where a failed test's screenshot goes. */
    static final Path FAILURES = Path.of("target", "console-failures");

    private volatile ChromeDriver driver;
    private volatile Path profile;
    private final List<LogEntry> log = new ArrayList<>();

    /** Why the browser tests cannot run here, or null when both binaries are installed. */
    static String missing() {
        for (Path p : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(p)) {
                return "browser tests skipped: " + p + " is not installed "
                        + "(install the Debian packages chromium and chromium-driver, as .ci/run does)";
            }
        }
        return null;
    }

    /** Skips the calling test (a JUnit assumption, so each is reported skipped with the reason) unless both binaries are installed. */
    static void assumeInstalled() {
        String why = missing();
        Assumptions.assumeTrue(why == null, why);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeInstalled();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String why = missing();
        if (why != null) {
            System.err.println(context.getRequiredTestClass().getSimpleName() + ": " + why);
            return;
        }
        profile = Files.createTempDirectory("payhook-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--lang=en-GB", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences prefs = new LoggingPreferences();
        prefs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1100, 820));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty() || driver == null) return;
        try {
            Files.createDirectories(FAILURES);
            Path file = FAILURES.resolve(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName() + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            System.err.println("console test failed: screenshot in " + file.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("console test failed; no screenshot: " + e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ChromeDriver d = driver;
        driver = null;
        if (d != null) d.quit();
        Path p = profile;
        if (p != null) {
            try (Stream<Path> walk = Files.walk(p)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    ChromeDriver driver() {
        ChromeDriver d = driver;
        if (d == null) throw new IllegalStateException("no browser");
        return d;
    }

    /** The browser's console entries since the last call (errors, CSP violations, failed loads), kept for {@link #errors}. */
    synchronized List<LogEntry> drainLog() {
        List<LogEntry> entries = driver().manage().logs().get(LogType.BROWSER).getAll();
        log.addAll(entries);
        return entries;
    }

    /** The SEVERE console entries so far, but those {@code expected} matches (an API answer the page shows on purpose). */
    synchronized List<String> errors(java.util.function.Predicate<String> expected) {
        drainLog();
        return log.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(expected.negate()).toList();
    }

    /** Saves a screenshot of the page for docs/CONSOLE.md when {@code -Dpayhook.console.screenshots=DIR} is set. */
    void documentation(String name) {
        String dir = System.getProperty("payhook.console.screenshots");
        if (dir == null || dir.isBlank()) return;
        try {
            Path d = Files.createDirectories(Path.of(dir));
            Files.write(d.resolve(name + ".png"), driver().getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
