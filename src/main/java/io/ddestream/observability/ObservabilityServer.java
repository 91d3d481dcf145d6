package io.ddestream.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddestream.observability.live.DensityGrid;
import io.ddestream.observability.live.LiveJson;
import io.ddestream.observability.live.LiveView;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one HTTP server of a process that runs roles (JDK {@code com.sun.net.httpserver}, a few threads):
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter of the registry, Prometheus text format;</li>
 *   <li>{@code GET /health}: {@code 200 {"status":"UP","roles":[{"role":"scorer","state":"RUNNING","up":true},...]}}
 *       when every role is up, else {@code 503} with {@code "status":"DOWN"} (no roles at all is down too);</li>
 *   <li>{@code GET /}: the live page, with {@code /live.js} and {@code /live.css}, reading {@code GET /api/live} and
 *       {@code GET /api/density} ({@link LiveJson}); without a {@link LiveView}, {@code /} lists the endpoints
 *       and the page's paths answer 404.</li>
 * </ul>
 *
 * Other paths answer 404, other methods 405. It binds where it is told: the command line defaults to 127.0.0.1, so
 * that nothing is exposed beyond the host unless configured.
 */
public final class ObservabilityServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    /** The page's static files, by path: served from the jar, nothing else is. */
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/live.js", "live.js",
            "/live.css", "live.css");
    static final int DEFAULT_GRID_SIZE = 72;

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final Supplier<List<RoleHealth>> health;
    private final LiveView live;

    private ObservabilityServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry,
                                Supplier<List<RoleHealth>> health, LiveView live) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.health = health;
        this.live = live;
    }

    /**
     * Binds and starts the server.
     *
     * @param host   the address to bind, e.g. {@code 127.0.0.1} (this host only) or {@code 0.0.0.0} (every interface)
     * @param port   the port; 0 picks a free one (see {@link #port()})
     * @param health each role's health, asked on every {@code /health}
     * @param live   the live page's data, or null for no page
     * @throws IOException if the address cannot be bound (e.g. the port is taken)
     */
    public static ObservabilityServer start(String host, int port, PrometheusMeterRegistry registry,
                                            Supplier<List<RoleHealth>> health, LiveView live) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dde-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ObservabilityServer observability = new ObservabilityServer(server, executor, registry, health, live);
        server.createContext("/", observability::handle);
        server.start();
        return observability;
    }

    /** The bound port (the chosen one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080/} (a wildcard bind shows as localhost). */
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, JSON_TYPE, LiveJson.error("method " + method + " is not allowed"));
                return;
            }
            route(exchange, exchange.getRequestURI().getPath());
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} failed: {}", exchange.getRequestURI(), e.toString(), e);
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT,
                    registry.scrape().getBytes(StandardCharsets.UTF_8));
            case "/health" -> health(exchange);
            case "/api/live" -> {
                if (requireLive(exchange)) {
                    liveSnapshot(exchange);
                }
            }
            case "/api/density" -> {
                if (requireLive(exchange)) {
                    density(exchange);
                }
            }
            default -> {
                if (path.equals("/") && live == null) {
                    respond(exchange, 200, "text/plain; charset=utf-8",
                            "dde: /metrics (Prometheus), /health\n".getBytes(StandardCharsets.UTF_8));
                } else if (ASSETS.containsKey(path) && live != null) {
                    asset(exchange, ASSETS.get(path));
                } else {
                    respond(exchange, 404, JSON_TYPE, LiveJson.error("no such page: " + path));
                }
            }
        }
    }

    private boolean requireLive(HttpExchange exchange) throws IOException {
        if (live == null) {
            respond(exchange, 404, JSON_TYPE, LiveJson.error("this process serves no live page"));
            return false;
        }
        return true;
    }

    private void health(HttpExchange exchange) throws IOException {
        List<RoleHealth> roles = health.get();
        boolean up = !roles.isEmpty() && roles.stream().allMatch(RoleHealth::up);
        respond(exchange, up ? 200 : 503, JSON_TYPE, healthJson(up, roles));
    }

    static byte[] healthJson(boolean up, List<RoleHealth> roles) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", up ? "UP" : "DOWN");
            json.writeArrayFieldStart("roles");
            for (RoleHealth role : roles) {
                json.writeStartObject();
                json.writeStringField("role", role.role());
                json.writeStringField("state", role.state());
                json.writeBooleanField("up", role.up());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The two plotted features from {@code ?x=&y=}, by default the first two; null after answering 400. */
    private int[] plottedFeatures(HttpExchange exchange, Map<String, String> query) throws IOException {
        List<String> features = live.features();
        String xName = query.getOrDefault("x", features.get(0));
        String yName = query.getOrDefault("y", features.get(1));
        int x = live.featureIndex(xName);
        int y = live.featureIndex(yName);
        if (x < 0 || y < 0 || x == y) {
            respond(exchange, 400, JSON_TYPE, LiveJson.error("x and y must be two different features among "
                    + features + ", got '" + xName + "' and '" + yName + "'"));
            return null;
        }
        return new int[] {x, y};
    }

    private void liveSnapshot(HttpExchange exchange) throws IOException {
        int[] xy = plottedFeatures(exchange, query(exchange));
        if (xy != null) {
            respond(exchange, 200, JSON_TYPE, LiveJson.snapshot(live.snapshot(xy[0], xy[1])));
        }
    }

    private void density(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        int[] xy = plottedFeatures(exchange, query);
        if (xy == null) {
            return;
        }
        int size;
        try {
            size = Integer.parseInt(query.getOrDefault("size", String.valueOf(DEFAULT_GRID_SIZE)));
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 2 || size > 256) {
            respond(exchange, 400, JSON_TYPE, LiveJson.error("size must be an integer in [2, 256]"));
            return;
        }
        DensityGrid grid = live.density(xy[0], xy[1], size);
        respond(exchange, 200, JSON_TYPE, LiveJson.density(grid, live.features()));
    }

    private void asset(HttpExchange exchange, String name) throws IOException {
        byte[] body;
        try (InputStream in = ObservabilityServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                respond(exchange, 404, JSON_TYPE, LiveJson.error("missing asset " + name));
                return;
            }
            body = in.readAllBytes();
        }
        String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        respond(exchange, 200, type, body);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Stops at once: requests here are small and quick, and the JDK 17 server would wait out any grace period in
     * full while a client holds an idle keep-alive connection.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
