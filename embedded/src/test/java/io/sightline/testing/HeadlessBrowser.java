package io.sightline.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium, for the tests of the web pages. It uses the system browser
 * and driver (Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs), never
 * Selenium Manager: the driver path is given explicitly, so nothing is looked up or downloaded. Paths can be
 * overridden with the system properties {@value #CHROMIUM_PROPERTY} and {@value #CHROMEDRIVER_PROPERTY}. When
 * either is missing, {@link #start()} fails with the install command: browser tests never skip silently.
 *
 * <p>One instance per test class; waits use {@link WebDriverWait}, never sleeps.
 */
public final class HeadlessBrowser implements AutoCloseable {
    public static final String CHROMIUM_PROPERTY = "sightline.test.chromium";
    public static final String CHROMEDRIVER_PROPERTY = "sightline.test.chromedriver";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessBrowser(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the system Chromium headless with a fresh profile, or fails saying how to install it. */
    public static HeadlessBrowser start() {
        File chromium = executable(CHROMIUM_PROPERTY, "/usr/bin/chromium", "the browser");
        File chromedriver = executable(CHROMEDRIVER_PROPERTY, "/usr/bin/chromedriver", "its driver");
        // Belt and braces: with the driver path known, Selenium Manager is never consulted.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.getAbsolutePath());
        Path profile = TestInfra.tempDir("headless-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
                "--window-size=1280,1024", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
            return new HeadlessBrowser(service, driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    private static File executable(String property, String defaultPath, String what) {
        File file = new File(System.getProperty(property, defaultPath));
        if (!file.canExecute()) {
            throw new IllegalStateException("The browser tests need a headless Chromium and chromedriver, but "
                    + what + " is missing: no executable " + file + ". Install them with "
                    + "`apt-get install chromium chromium-driver` (Debian/Ubuntu; .ci/run does this on CI), "
                    + "or point -D" + property + " at an existing one.");
        }
        return file;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} and waits until the document has finished loading. */
    public HeadlessBrowser open(String url) {
        driver.get(url);
        waitForDocument();
        return this;
    }

    /**
     * On Sightline's login page (where a page opened without a token leads): types {@code token}, submits,
     * and waits until the browser is back on the page it came for.
     */
    public HeadlessBrowser logIn(String token) {
        waitUntil("the login page", d -> d.getCurrentUrl().contains("/login"));
        waitForVisible(By.id("token")).sendKeys(token);
        driver.findElement(By.id("login")).click();
        waitUntil("the login to lead back to the page", d -> !d.getCurrentUrl().contains("/login"));
        waitForDocument();
        return this;
    }

    /** Waits until the current document's {@code readyState} is {@code complete}. */
    public void waitForDocument() {
        waitUntil("the document to load", d -> "complete".equals(script("return document.readyState")));
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** A wait with this browser's timeout that retries on stale elements (the page may be replaced). */
    public WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(driver, TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Waits until {@code condition} returns a non-null, non-false value, and returns it. */
    public <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return await().withMessage("waiting for " + what + " at " + driver.getCurrentUrl()).until(condition);
    }

    /** Waits until an element matching {@code by} is displayed, and returns it. */
    public WebElement waitForVisible(By by) {
        return waitUntil(by + " to be visible", d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /**
     * Scrolls every {@code <img>} matching {@code images} into view (so lazy ones load), waits until each has
     * finished loading, and fails naming the ones the browser could not decode ({@code naturalWidth == 0}).
     * Returns the images, all decoded.
     */
    public List<WebElement> assertImagesDecoded(By images) {
        List<WebElement> found = findAll(images);
        if (found.isEmpty()) {
            throw new AssertionError("no images match " + images + " at " + driver.getCurrentUrl());
        }
        for (WebElement image : found) {
            script("arguments[0].scrollIntoView({block: 'center'})", image);
            waitUntil("image " + shortSrc(image) + " to finish loading",
                    d -> Boolean.TRUE.equals(script("return arguments[0].complete", image)));
        }
        List<String> broken = found.stream()
                .filter(image -> ((Number) script("return arguments[0].naturalWidth", image)).intValue() <= 0)
                .map(HeadlessBrowser::shortSrc)
                .toList();
        if (!broken.isEmpty()) {
            throw new AssertionError(broken.size() + " of " + found.size() + " images did not load or decode at "
                    + driver.getCurrentUrl() + ": " + broken);
        }
        return found;
    }

    /** The natural (decoded) width of an {@code <img>}; 0 when it did not load. */
    public int naturalWidth(WebElement image) {
        return ((Number) script("return arguments[0].naturalWidth", image)).intValue();
    }

    private static String shortSrc(WebElement image) {
        String src = image.getDomAttribute("src");
        if (src == null) {
            return "<no src>";
        }
        return src.startsWith("data:") && src.length() > 60 ? src.substring(0, 60) + "…" : src;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    /** Best effort: the profile is a temporary directory. */
    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
