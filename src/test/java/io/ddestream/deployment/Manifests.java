package io.ddestream.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders the repository's deployment files with the real tools ({@code kubectl kustomize},
 * {@code docker-compose config}) and parses the result into Jackson trees. A missing tool aborts the calling test
 * with a message saying so; CI ({@code .ci/run}) installs both.
 */
final class Manifests {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rendered once per test run: the tools take up to seconds a call, and the files do not change under a run. */
    private static final Map<List<String>, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The objects {@code kubectl kustomize dir} renders, in order (shared: read them, do not change them). */
    static List<JsonNode> kustomize(Path dir) {
        requireTool("kubectl", "the Kubernetes manifests are not rendered");
        List<String> command = List.of("kubectl", "kustomize", dir.toString());
        return RENDERED.computeIfAbsent(command, c -> parseAll(run(c, Map.of())));
    }

    /**
     * The resolved compose model of {@code docker-compose -f file...  config}, with none of the file's
     * {@code ${VARIABLES}} set, so that the defaults written in the file are what is checked.
     */
    static JsonNode composeConfig(Path... files) {
        requireTool("docker-compose", "the compose files are not validated");
        List<String> command = new ArrayList<>(List.of("docker-compose"));
        for (Path file : files) {
            command.add("-f");
            command.add(file.toString());
        }
        command.add("config");
        return RENDERED.computeIfAbsent(command, c -> parseAll(run(c, Map.of("DDE_IMAGE", "", "DDE_CUDA_IMAGE", "",
                "DDE_FEATURES", "", "DDE_PARTITIONS", "", "KAFKA_CLUSTER_ID", "", "GRAFANA_ADMIN_PASSWORD", ""))))
                .get(0);
    }

    /** The project's version from pom.xml: the tag Jib gives the image, which the deployments must name. */
    static String projectVersion() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder().parse(new File("pom.xml"));
            return pom.getDocumentElement().getElementsByTagName("version").item(0).getTextContent().trim();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the version from pom.xml", e);
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void requireTool(String tool, String consequence) {
        Assumptions.assumeTrue(onPath(tool), () -> tool + " is not installed, so " + consequence
                + " (.ci/run installs it from Debian: apt-get install " + debianPackage(tool) + ")");
    }

    private static String debianPackage(String tool) {
        return tool.equals("kubectl") ? "kubernetes-client" : tool;
    }

    /** Runs a tool; the unset variables are removed from its environment. */
    private static String run(List<String> command, Map<String, String> unset) {
        try {
            Path err = Files.createTempFile("dde-manifests", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
                unset.keySet().forEach(builder.environment()::remove);
                Process process = builder.start();
                process.getOutputStream().close();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "):\n" + Files.readString(err));
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static List<JsonNode> parseAll(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (document != null) {
                documents.add(JSON.valueToTree(document));
            }
        }
        return documents;
    }
}
