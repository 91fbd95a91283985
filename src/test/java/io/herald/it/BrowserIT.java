package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page and herald.js in a real headless Chromium (Debian's chromium and chromedriver; the
 * driver is never downloaded): connecting, delivery to the right user only, recovery after the
 * stream is killed, and one stream shared by two tabs.
 */
@EnabledIf(value = "browserPresentOrRequired",
        disabledReason = "Chromium or chromedriver not found: apt-get install chromium chromium-driver")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("herald.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("herald.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static ChromeDriver browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-browser", Map.of(
                "herald.dev.enabled", "true",
                "herald.dev.signing-key", System.getProperty("herald.devKeys", "target/dev-keys") + "/private-key.pem"));
    }

    @ArquillianResource
    URL base;

    private Herald herald;

    /**
     * Without Chromium the class is skipped with one line saying what is missing, so that a first
     * {@code mvn verify} on a machine with only Java and Maven passes; {@code -Dherald.browser.required=true}
     * (set by .ci/run) makes that a failure instead.
     */
    static boolean browserPresentOrRequired() {
        String missing = missing();
        if (missing.isEmpty() || Boolean.getBoolean("herald.browser.required")) {
            return true;
        }
        System.out.println("[SKIPPED] " + advice(missing + " not found"));
        return false;
    }

    private static String missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add("Chromium (" + CHROMIUM + ")");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add("chromedriver (" + CHROMEDRIVER + ")");
        }
        return String.join(" and ", missing);
    }

    private static String advice(String problem) {
        return "BrowserIT: " + problem + "; install them with 'apt-get install chromium chromium-driver'"
                + " (Debian, Ubuntu). .ci/run does, and runs with -Dherald.browser.required=true.";
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        String missing = missing();
        if (!missing.isEmpty()) {
            skipOrFail(missing + " not found");
        }
        try {
            launch();
        } catch (RuntimeException e) {
            skipOrFail("Chromium would not start (" + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    private static void skipOrFail(String problem) {
        String message = advice(problem);
        if (Boolean.getBoolean("herald.browser.required")) {
            throw new AssertionError(message);
        }
        System.out.println("[SKIPPED] " + message);
        Assumptions.abort(message);
    }

    private static void launch() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("herald-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1100, 900));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void setUp() {
        herald = new Herald(base);
    }

    /** Opens the demo page for {@code user} in a new tab, and waits until its stream is open. */
    private String openTab(String user) {
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(base + "?user=" + user);
        waitFor(Duration.ofSeconds(15), driver -> "open".equals(driver.findElement(By.id("state")).getText()));
        return browser.getWindowHandle();
    }

    private void waitFor(Duration timeout, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, timeout).until(condition::apply);
    }

    private List<WebElement> feed(String type) {
        return browser.findElements(By.cssSelector("#feed li[data-type='" + type + "']"));
    }

    private List<JsonNode> connectionsOf(String user) {
        List<JsonNode> mine = new ArrayList<>();
        Http.json(Http.get(herald.api("sse/connections"), herald.admin)).forEach(node -> {
            if (node.path("userId").asText().equals(user)) {
                mine.add(node);
            }
        });
        return mine;
    }

    @Test
    void anEventReachesTheAddresseesPageWithinTwoSecondsAndNoOneElses() throws Exception {
        String bob = Herald.unique("bob");
        String carol = Herald.unique("carol");
        String bobTab = openTab(bob);
        String carolTab = openTab(carol);

        herald.publish("{\"type\":\"notification\",\"data\":{\"message\":\"Hello " + bob + "\"},\"userIds\":[\"" + bob + "\"]}");
        browser.switchTo().window(bobTab);
        waitFor(Duration.ofSeconds(2), driver -> !feed("notification").isEmpty());
        assertEquals("Hello " + bob, feed("notification").get(0).findElement(By.className("message")).getText());

        herald.publish("{\"type\":\"marker\",\"data\":{\"message\":\"for everyone\"}}");
        browser.switchTo().window(carolTab);
        waitFor(Duration.ofSeconds(5), driver -> !feed("marker").isEmpty());
        assertTrue(feed("notification").isEmpty(), "carol never sees bob's event");

        browser.switchTo().window(bobTab);
        waitFor(Duration.ofSeconds(5), driver -> !feed("marker").isEmpty());
        screenshot("herald-demo-desktop.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("herald-demo-phone.png");
        browser.manage().window().setSize(new Dimension(1100, 900));
    }

    @Test
    void thePageReconnectsByItselfAndShowsWhatWasPublishedMeanwhileOnce() throws Exception {
        String dora = Herald.unique("dora");
        openTab(dora);
        herald.publish("{\"type\":\"before\",\"data\":{\"message\":\"before the cut\"},\"userIds\":[\"" + dora + "\"]}");
        waitFor(Duration.ofSeconds(5), driver -> !feed("before").isEmpty());

        String connectionId = connectionsOf(dora).get(0).path("id").asText();
        assertEquals(204, Http.delete(herald.api("sse/connections/" + connectionId), herald.admin).statusCode());
        for (int i = 1; i <= 3; i++) {
            herald.publish("{\"type\":\"missed\",\"data\":{\"message\":\"missed " + i + "\"},\"userIds\":[\"" + dora + "\"]}");
        }

        waitFor(Duration.ofSeconds(20), driver -> feed("missed").size() >= 3);
        waitFor(Duration.ofSeconds(10), driver -> "open".equals(driver.findElement(By.id("state")).getText()));
        Thread.sleep(1000); // anything sent twice would have arrived by now
        assertEquals(3, feed("missed").size(), "each missed event once");
        assertEquals(1, feed("before").size(), "nothing from before the cut again");
        List<String> ids = browser.findElements(By.cssSelector("#feed li[data-id]")).stream()
                .map(item -> item.getAttribute("data-id")).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no event id twice: " + ids);
    }

    @Test
    void twoTabsOfOneUserShareASingleStream() {
        String erin = Herald.unique("erin");
        String first = openTab(erin);
        String second = openTab(erin);
        assertEquals(1, connectionsOf(erin).size(), "one stream for both tabs");

        herald.publish("{\"type\":\"shared\",\"data\":{\"message\":\"to both tabs\"},\"userIds\":[\"" + erin + "\"]}");
        for (String tab : List.of(first, second)) {
            browser.switchTo().window(tab);
            waitFor(Duration.ofSeconds(5), driver -> feed("shared").size() == 1);
        }
        assertTrue(browser.findElement(By.id("role")).getText().contains("another tab"),
                "the second tab follows the first");
    }

    private static void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
