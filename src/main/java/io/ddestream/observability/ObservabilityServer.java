package io.ddestream.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ddestream.observability.live.DensityGrid;
import io.ddestream.observability.live.LiveJson;
import io.ddestream.observability.live.LiveView;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one HTTP server of a process that runs roles (embedded Jetty core, no servlets):
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
 *
 * <p>Jetty parses requests on its selector without holding a thread, so half-sent requests cost a connection and
 * a buffer, not a worker. {@link HttpLimits} bounds those connections and closes them after the read timeout (or,
 * when their headers keep trickling in, after two or three, {@link RequestHeaderDeadline}), and caps the requests
 * that do work ({@code /metrics}, the live page and its JSON) so that {@code /health} always finds a thread: a
 * Kubernetes probe must not fail because a scrape, a browser or a hostile client is slow.
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
    /**
     * The threads Jetty's acceptor and selector keep for good. The pool adds twice the busy requests, so that
     * {@code /health}, the static files and error answers always find a thread of their own.
     */
    private static final int ACCEPTOR_AND_SELECTOR_THREADS = 2;

    private final Server server;
    private final ServerConnector connector;
    private final PrometheusMeterRegistry registry;
    private final Supplier<List<RoleHealth>> health;
    private final LiveView live;

    private ObservabilityServer(Server server, ServerConnector connector, PrometheusMeterRegistry registry,
                                Supplier<List<RoleHealth>> health, LiveView live) {
        this.server = server;
        this.connector = connector;
        this.registry = registry;
        this.health = health;
        this.live = live;
    }

    /** Binds and starts the server with the {@linkplain HttpLimits#DEFAULTS default limits}. */
    public static ObservabilityServer start(String host, int port, PrometheusMeterRegistry registry,
                                            Supplier<List<RoleHealth>> health, LiveView live) throws IOException {
        return start(host, port, HttpLimits.DEFAULTS, registry, health, live);
    }

    /**
     * Binds and starts the server.
     *
     * @param host   the address to bind, e.g. {@code 127.0.0.1} (this host only) or {@code 0.0.0.0} (every interface)
     * @param port   the port; 0 picks a free one (see {@link #port()})
     * @param limits read timeout, connection and concurrency bounds
     * @param health each role's health, asked on every {@code /health}
     * @param live   the live page's data, or null for no page
     * @throws IOException if the address cannot be bound (e.g. the port is taken)
     */
    public static ObservabilityServer start(String host, int port, HttpLimits limits,
                                            PrometheusMeterRegistry registry, Supplier<List<RoleHealth>> health,
                                            LiveView live) throws IOException {
        int maxThreads = ACCEPTOR_AND_SELECTOR_THREADS + 2 * limits.maxBusyRequests();
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 2);
        threads.setName("dde-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(0); // requests are small and quick: stop at once, do not wait out idle keep-alives

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(HttpLimits.MAX_REQUEST_HEADER_BYTES);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.readTimeout().toMillis());
        connector.addEventListener(new RequestHeaderDeadline(connector.getScheduler(),
                limits.readTimeout().toMillis()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));

        ObservabilityServer observability = new ObservabilityServer(server, connector, registry, health, live);
        // Busy requests beyond the bound wait without a thread, then get 503; /health passes them by.
        QoSHandler busyRequests = new QoSHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                observability.handle(request, response, callback);
                return true;
            }
        });
        busyRequests.setMaxRequestCount(limits.maxBusyRequests());
        busyRequests.setMaxSuspend(limits.readTimeout());
        busyRequests.setRejectStatusCode(503);
        busyRequests.excludePath("/health");
        server.setHandler(busyRequests);

        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        server.setErrorHandler(errors);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot start the HTTP server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return observability;
    }

    /** The bound port (the chosen one when started with 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), port());
    }

    /** Connections open right now (at most {@link HttpLimits#maxConnections()}). */
    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080/} (a wildcard bind shows as localhost). */
    public URI baseUri() {
        InetSocketAddress address = address();
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    private void handle(Request request, Response response, Callback callback) {
        try {
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                respond(request, response, callback, 405, JSON_TYPE,
                        LiveJson.error("method " + method + " is not allowed"));
                return;
            }
            route(new Exchange(request, response, callback), Request.getPathInContext(request));
        } catch (IOException | RuntimeException e) {
            LOG.warn("HTTP {} failed: {}", request.getHttpURI(), e.toString(), e);
            Response.writeError(request, response, callback, 500);
        }
    }

    /** One request being answered. */
    private record Exchange(Request request, Response response, Callback callback) {
    }

    private void route(Exchange exchange, String path) throws IOException {
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

    private boolean requireLive(Exchange exchange) {
        if (live == null) {
            respond(exchange, 404, JSON_TYPE, LiveJson.error("this process serves no live page"));
            return false;
        }
        return true;
    }

    private void health(Exchange exchange) {
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
    private int[] plottedFeatures(Exchange exchange, Map<String, String> query) {
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

    private void liveSnapshot(Exchange exchange) {
        int[] xy = plottedFeatures(exchange, query(exchange));
        if (xy != null) {
            respond(exchange, 200, JSON_TYPE, LiveJson.snapshot(live.snapshot(xy[0], xy[1])));
        }
    }

    private void density(Exchange exchange) {
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

    private void asset(Exchange exchange, String name) throws IOException {
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

    private static Map<String, String> query(Exchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.request().getHttpURI().getQuery();
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

    private static void respond(Exchange exchange, int status, String contentType, byte[] body) {
        respond(exchange.request(), exchange.response(), exchange.callback(), status, contentType, body);
    }

    private static void respond(Request request, Response response, Callback callback, int status,
                                String contentType, byte[] body) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    /** Stops at once, closing every connection: requests here are small and quick. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
    }
}
