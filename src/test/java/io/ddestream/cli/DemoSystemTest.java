package io.ddestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.observability.PromQl;
import io.ddestream.observability.PrometheusText;
import io.ddestream.streaming.demo.RunningDemo;
import io.ddestream.testing.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running demo ({@code dde demo --http-port 0 --publish-every-seconds 3}, in-process: the embedded broker, the
 * scorer and trainer, the producer of the 8-gaussians toy with anomalies, the HTTP server and the live page), shared
 * by everything here: the metrics the Grafana panels read, the health endpoint, and the live page in a browser.
 */
@Timeout(180)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
@IntegrationTest
class DemoSystemTest {


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningDemo demo;
    private static URI base;

    @BeforeAll
    static void startDemo() throws Exception {
        DemoCommand command = new DemoCommand();
        // A first model within seconds of the warm-up, even on a busy machine: sigma is given, because selecting it
        // takes most of a minute here (TrainerTopologyTest and TrainerProcessorTest cover the selection)
        new CommandLine(command).parseArgs("--http-port", "0", "--publish-every-seconds", "3", "--sigma", "0.1");
        demo = command.start();
        base = demo.process().web().baseUri();
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @Order(1)
    class MetricsEndpoint {

        /** Every panel query's selectors, by the panel that reads them ("dashboard / panel"). */
        private Map<String, List<PromQl.Selector>> panelSelectors() throws IOException {
            Map<String, List<PromQl.Selector>> byPanel = new LinkedHashMap<>();
            List<Path> files;
            try (Stream<Path> list = Files.list(DASHBOARDS)) {
                files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
            assertThat(files).as("dashboards in " + DASHBOARDS).isNotEmpty();
            for (Path file : files) {
                JsonNode board = JSON.readTree(file.toFile());
                List<JsonNode> panels = new ArrayList<>();
                board.get("panels").forEach(panels::add);
                board.get("panels").forEach(p -> p.path("panels").forEach(panels::add)); // inside collapsed rows
                for (JsonNode panel : panels) {
                    for (JsonNode target : panel.path("targets")) {
                        String where = board.get("title").asText() + " / " + panel.get("title").asText();
                        byPanel.computeIfAbsent(where, k -> new ArrayList<>())
                                .addAll(PromQl.selectors(target.get("expr").asText()));
                    }
                }
            }
            return byPanel;
        }

        private static boolean exposed(PromQl.Selector s, List<PrometheusText.Sample> samples) {
            return samples.stream().anyMatch(sample -> sample.name().equals(s.metric())
                    && sample.labels().entrySet().containsAll(s.labels().entrySet()));
        }

        private static Set<String> missing(Map<String, List<PromQl.Selector>> byPanel,
                                           List<PrometheusText.Sample> samples) {
            Set<String> missing = new LinkedHashSet<>();
            byPanel.forEach((panel, selectors) -> selectors.stream()
                    .filter(s -> !exposed(s, samples))
                    .forEach(s -> missing.add(s.metric() + s.labels() + " (" + panel + ")")));
            return missing;
        }

        @Test
        void shouldExposeEveryMetricThatAGrafanaPanelReads() throws Exception {
            // Given the selectors of every panel of every dashboard
            Map<String, List<PromQl.Selector>> byPanel = panelSelectors();
            assertThat(byPanel).hasSizeGreaterThan(20);

            // When the running demo's /metrics is scraped (until the meters that appear with work, such as
            // per-partition lag and the training step histogram, are there)
            List<PrometheusText.Sample> samples = List.of();
            Set<String> missing = Set.of("not scraped yet");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                HttpResponse<String> scrape = get("metrics");
                assertThat(scrape.statusCode()).isEqualTo(200);
                samples = PrometheusText.samples(scrape.body());
                missing = missing(byPanel, samples);
                if (!missing.isEmpty()) {
                    Thread.sleep(1000);
                }
            }

            // Then every series a panel reads is exposed
            assertThat(missing).as("panel metrics missing from /metrics").isEmpty();
        }

        @Test
        void shouldReportEveryRoleUp() throws Exception {
            HttpResponse<String> health = get("health");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("roles")).extracting(r -> r.get("role").asText()).contains("scorer", "trainer", "generator");
        }
    }

    @Nested
    @Order(2)
    class LivePage {

        private static final Path SCREENSHOT = Path.of("target", "live-page.png");

        private static WebDriver chromium() {
            String browser = System.getProperty("dde.chromium", "/usr/bin/chromium");
            String driver = System.getProperty("dde.chromedriver", "/usr/bin/chromedriver");
            assertThat(Path.of(browser)).as("Debian's chromium (.ci/run installs it)").exists();
            assertThat(Path.of(driver)).as("Debian's chromium-driver (.ci/run installs it)").exists();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--window-size=1440,1480");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        }

        /** Distinct colours among a sample of the heatmap's pixels: a drawn density has many. */
        private static long heatmapColours(WebDriver driver) {
            Object colours = ((JavascriptExecutor) driver).executeScript("""
                    const canvas = document.getElementById('heatmap');
                    if (!canvas.width || !canvas.height) return 0;
                    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                    const seen = new Set();
                    for (let i = 0; i < data.length; i += 4 * 97) {
                      seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
                    }
                    return seen.size;""");
            return ((Number) colours).longValue();
        }

        @Test
        void shouldShowTheLearnedDensityAndRecentAnomaliesWithTheirExplanations() throws Exception {
            WebDriver driver = chromium();
            try {
                // Given the live page of the running demo
                driver.get(base.toString());

                // When the first model and the first flagged points have arrived
                new WebDriverWait(driver, Duration.ofSeconds(90)).pollingEvery(Duration.ofMillis(250)).until(d -> {
                    WebElement heatmap = d.findElement(By.id("heatmap"));
                    boolean drawn = Long.parseLong(heatmap.getDomAttribute("data-model-version")) > 0
                            && heatmapColours(d) > 50;
                    return drawn && !d.findElements(By.cssSelector("#anomalies tbody tr")).isEmpty();
                });

                // Then the heatmap shows a model's density and the table lists anomalies with their explanation
                // (read in one script: the page redraws the table as anomalies arrive)
                @SuppressWarnings("unchecked")
                List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
                        "return [...document.querySelectorAll('#anomalies tbody tr')]"
                                + ".map(tr => [...tr.cells].map(td => td.textContent));");
                assertThat(rows).isNotEmpty();
                assertThat(rows.get(0)).hasSize(6);
                assertThat(rows.get(0).get(1)).as("id").isNotBlank();
                assertThat(rows).anySatisfy(row -> assertThat(row.get(5)).as("explanation").containsPattern(
                        "[↑↓](x|y)"));
                assertThat(driver.findElement(By.id("kpi-model")).getText()).matches("v\\d+");
                assertThat(driver.findElement(By.id("health")).getDomAttribute("class")).contains("up");
                // And the samples panel says whether a generator is publishing
                JsonNode live = JSON.readTree(get("api/live").body());
                boolean emptyStateShown = driver.findElement(By.id("samples-empty")).isDisplayed();
                assertThat(emptyStateShown).isEqualTo(live.get("samples").isEmpty());
                if (emptyStateShown) {
                    assertThat(driver.findElement(By.id("samples-empty")).getText()).contains("no generator running");
                }
                Files.createDirectories(SCREENSHOT.getParent());
                File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
                assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
            } finally {
                driver.quit();
            }
        }
    }
}
