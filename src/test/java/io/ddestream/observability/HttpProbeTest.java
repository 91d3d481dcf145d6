package io.ddestream.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The probe suite of the HTTP surface: what an unfriendly client does to a running server (half-sent requests,
 * many connections, long paths and headers, traversal, wrong methods, slow scrapes), on a real server on
 * 127.0.0.1 through raw sockets. Every probe ends by checking that {@code /health} still answers.
 */
class HttpProbeTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(800);
    private static final byte[] HALF_SENT_REQUEST = "GET /health HTTP/1.1\r\nHost: x\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Socket> clients = new ArrayList<>();
    private ObservabilityServer server;

    private void start(HttpLimits limits) throws IOException {
        server = ObservabilityServer.start("127.0.0.1", 0, limits, registry,
                () -> List.of(new RoleHealth("scorer", "RUNNING", true)), null);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    /** The status line and the time to it of one request sent whole on a fresh connection. */
    record Answer(int status, String text, long millis) {
    }

    private Answer request(String rawRequest) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(rawRequest.getBytes(StandardCharsets.ISO_8859_1));
            String text = readAll(socket.getInputStream());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(text).as("an HTTP answer to " + rawRequest.lines().findFirst().orElse(""))
                    .startsWith("HTTP/1.1 ");
            return new Answer(Integer.parseInt(text.substring(9, 12)), text, millis);
        }
    }

    private Answer get(String path) throws IOException {
        return request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Opens a connection and sends a request line and headers without the blank line that ends them. */
    private Socket holdHalfSentRequest() throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
        socket.getOutputStream().write(HALF_SENT_REQUEST);
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void shouldAnswerHealthWithinASecondWhile16HalfSentRequestsAreHeldThenCloseThemAfterTheReadTimeout()
            throws Exception {
        start(HttpLimits.DEFAULTS.withReadTimeout(READ_TIMEOUT));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            held.add(holdHalfSentRequest());
        }
        // While all 16 are held (well within the read timeout), /health and /metrics answer at once
        Answer health = get("/health");
        Answer metrics = get("/metrics");
        System.out.printf("probe: /health %d in %d ms, /metrics %d in %d ms with 16 half-sent requests held%n",
                health.status(), health.millis(), metrics.status(), metrics.millis());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.millis()).isLessThan(1_000);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(server.openConnections()).isGreaterThanOrEqualTo(16);

        // After the read timeout the server has closed every one of them (each sees the end of the stream)
        long start = System.nanoTime();
        for (Socket socket : held) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis() * 5);
            assertThat(readAll(socket.getInputStream())).as("nothing but a close, or an error answer")
                    .satisfiesAnyOf(text -> assertThat(text).isEmpty(),
                            text -> assertThat(text).startsWith("HTTP/1.1 408"));
        }
        long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("probe: the 16 held connections were closed %d ms after the check (read timeout %d ms)%n",
                closedAfter, READ_TIMEOUT.toMillis());
        waitForOpenConnections(0);
        Answer after = get("/health");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.millis()).isLessThan(1_000);
    }

    @Test
    void shouldCloseAConnectionWhoseHeadersTrickleInFasterThanTheReadTimeout() throws Exception {
        start(HttpLimits.DEFAULTS.withReadTimeout(READ_TIMEOUT));
        // Given a client that sends its headers a byte every 200 ms: never idle for the 800 ms read timeout
        Socket trickler = holdHalfSentRequest();
        long start = System.nanoTime();
        boolean closed = false;
        for (int i = 0; i < 50 && !closed; i++) {
            Thread.sleep(200);
            try {
                trickler.getOutputStream().write('X');
                trickler.getOutputStream().flush();
            } catch (IOException e) {
                closed = true; // the server has closed it
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("probe: a client trickling header bytes every 200 ms was closed after %d ms "
                + "(read timeout %d ms)%n", millis, READ_TIMEOUT.toMillis());
        // Then the server closed it within about three read timeouts, not after the 10 s of trickling
        assertThat(closed).isTrue();
        assertThat(millis).isLessThan(4 * READ_TIMEOUT.toMillis() + 1_000);
        // While a client that sends whole requests on one keep-alive connection, pausing between them, keeps it
        try (Socket keepAlive = new Socket()) {
            keepAlive.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
            keepAlive.setSoTimeout(2_000);
            for (int i = 0; i < 6; i++) {
                keepAlive.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] buffer = new byte[4096];
                int n = keepAlive.getInputStream().read(buffer);
                assertThat(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
                Thread.sleep(READ_TIMEOUT.toMillis() / 2);
            }
        }
    }

    @Test
    void shouldKeepNoMoreThanTheConnectionLimitOpenAndRecoverWhenTheClientsLeave() throws Exception {
        start(HttpLimits.DEFAULTS.withReadTimeout(Duration.ofSeconds(30)).withMaxConnections(8));
        // 40 clients connect (the kernel's backlog takes the ones the server has not accepted) and send nothing
        for (int i = 0; i < 40; i++) {
            Socket socket = new Socket();
            clients.add(socket);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
        }
        Thread.sleep(300);
        assertThat(server.openConnections()).isBetween(1, 8);
        // When they leave, the server accepts again at once
        for (Socket client : clients) {
            client.close();
        }
        clients.clear();
        Answer health = get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.millis()).isLessThan(1_000);
    }

    @Test
    void shouldAnswerHealthWhileSlowScrapesOccupyEveryBusySlot() throws Exception {
        // A real gauge whose reading takes a second: each /metrics scrape is slow
        Gauge.builder("dde.probe.slow", () -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1.0;
        }).register(registry);
        start(HttpLimits.DEFAULTS.withReadTimeout(Duration.ofSeconds(5)));
        ExecutorService scrapers = Executors.newFixedThreadPool(12);
        try {
            List<Future<Answer>> scrapes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                scrapes.add(scrapers.submit(() -> get("/metrics")));
            }
            Thread.sleep(200);
            Answer health = get("/health");
            System.out.printf("probe: /health %d in %d ms while 12 one-second scrapes run%n", health.status(),
                    health.millis());
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.millis()).isLessThan(1_000);
            for (Future<Answer> scrape : scrapes) {
                // 4 at a time: 3 rounds of a second, within the 5 s a waiting request may wait
                assertThat(scrape.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            scrapers.shutdownNow();
        }
    }

    @Test
    void shouldRefuseOverlongRequestLinesAndHeadersAndStillServe() throws Exception {
        start(HttpLimits.DEFAULTS);
        assertThat(get("/" + "a".repeat(20_000)).status()).isIn(414, 431);
        StringBuilder manyHeaders = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 200; i++) {
            manyHeaders.append("X-Probe-").append(i).append(": ").append("v".repeat(100)).append("\r\n");
        }
        assertThat(request(manyHeaders.append("Connection: close\r\n\r\n").toString()).status()).isEqualTo(431);
        assertThat(get("/health").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/live.js/../../../etc/passwd",
            "/..%2f..%2fetc%2fpasswd", "/%00", "//etc/passwd", "/health%00"})
    void shouldServeNothingOutsideItsRoutesForTraversalPaths(String path) throws Exception {
        start(HttpLimits.DEFAULTS);
        Answer answer = get(path);
        assertThat(answer.status()).isIn(400, 404);
        assertThat(answer.text()).doesNotContain("root:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROBE"})
    void shouldAnswer405ToOtherMethods(String method) throws Exception {
        start(HttpLimits.DEFAULTS);
        Answer answer = request(method + " /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.text()).containsIgnoringCase("Allow: GET, HEAD");
    }

    @Test
    void shouldAnswerHeadWithTheHeadersOfGetAndNoBody() throws Exception {
        start(HttpLimits.DEFAULTS);
        Answer head = request("HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.text()).containsIgnoringCase("Content-Type: application/json; charset=utf-8")
                .containsIgnoringCase("Cache-Control: no-store").containsIgnoringCase("X-Content-Type-Options: nosniff")
                .endsWith("\r\n\r\n").doesNotContain("\"status\"");
    }

    @Test
    void shouldAnswer400ToARequestThatIsNotHttp() throws Exception {
        start(HttpLimits.DEFAULTS);
        assertThat(request("\u0016\u0003\u0001 not http at all\r\n\r\n").status()).isEqualTo(400);
        assertThat(get("/health").status()).isEqualTo(200);
    }

    @Test
    void shouldRejectNonPositiveLimits() {
        assertThatThrownBy(() -> HttpLimits.DEFAULTS.withReadTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read timeout");
        assertThatThrownBy(() -> HttpLimits.DEFAULTS.withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connection");
    }

    private void waitForOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() > expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.openConnections()).isEqualTo(expected);
    }
}
