package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/ cannot be run here (no Docker engine, no Kubernetes, no registry), so its files are parsed:
 * every YAML and Fluent Bit configuration, the Fluent Bit configurations inside the Helm values, the
 * systemd drop-in and the Dockerfiles; and every path into the bundle they name is checked against the
 * bundle ./build.sh dist made (its tar listing).
 */
class DeployFilesIT {

    static final Path DEPLOY = Path.of("deploy");
    static final Pattern INTO_BUNDLE = Pattern.compile("(/[^\\s\"',\\]]*?)/vivo_java(/[^\\s\"',\\]]*)?");

    static Set<String> bundle;
    static String tarball;

    @BeforeAll
    static void listTheBundle() throws Exception {
        try (Stream<Path> files = Files.list(Fbhost.BUILD.resolve("dist"))) {
            tarball = files.map(f -> f.getFileName().toString()).filter(f -> f.matches("vivo_java-.+\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no bundle in build/dist: run ./build.sh test"));
        }
        Process tar = new ProcessBuilder("tar", "-tzf", Fbhost.BUILD.resolve("dist").resolve(tarball).toString()).start();
        bundle = new TreeSet<>();
        for (String entry : new String(tar.getInputStream().readAllBytes()).split("\n")) {
            bundle.add(entry.replaceAll("/$", ""));
        }
        assertEquals(0, tar.waitFor());
        assertTrue(bundle.contains("vivo_java/vivo_java.so"), bundle.toString());
    }

    /** Fluent Bit's classic format: [SECTION] lines, then "key value" lines; comments and blanks. */
    static Map<String, List<Map<String, String>>> parseClassic(String text, String where) {
        Map<String, List<Map<String, String>>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.matches("\\[[A-Za-z]+]")) {
                current = new LinkedHashMap<>();
                sections.computeIfAbsent(line.substring(1, line.length() - 1).toUpperCase(), k -> new ArrayList<>()).add(current);
            } else if (current != null && line.matches("[A-Za-z_.\\-]+\\s+\\S.*") && raw.startsWith(" ")) {
                String[] kv = line.split("\\s+", 2);
                current.put(kv[0].toLowerCase(), kv[1]);
            } else {
                fail(where + ": not a Fluent Bit classic line: '" + raw + "'");
            }
        }
        return sections;
    }

    /** Every path into the bundle in `text` names something the bundle has. */
    static void assertPathsInBundle(String text, String where) {
        Matcher m = INTO_BUNDLE.matcher(text);
        while (m.find()) {
            String inside = "vivo_java" + (m.group(2) == null ? "" : m.group(2));
            assertTrue(bundle.contains(inside), where + ": " + m.group() + " names " + inside + ", which the bundle has not");
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    @Test
    void everyFluentBitConfigurationParsesAndItsPluginPathsAreTheBundlesShim() throws Exception {
        List<Path> confs;
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            confs = files.filter(f -> f.toString().endsWith(".conf") && !f.startsWith(DEPLOY.resolve("systemd"))).toList();
        }
        assertEquals(5, confs.size(), confs.toString());
        for (Path conf : confs) {
            Map<String, List<Map<String, String>>> sections = parseClassic(read(conf), conf.toString());
            assertFalse(sections.isEmpty(), conf.toString());
            assertPathsInBundle(read(conf), conf.toString());
            for (Map<String, String> plugins : sections.getOrDefault("PLUGINS", List.of())) {
                assertTrue(plugins.get("path").matches("/.*/vivo_java/vivo_java\\.so"), conf + ": " + plugins);
            }
            String pluginsFile = sections.getOrDefault("SERVICE", List.of(Map.of())).get(0).get("plugins_file");
            if (pluginsFile != null) {
                // Fluent Bit retries a relative plugins_file beside the main configuration
                assertTrue(Files.exists(conf.resolveSibling(pluginsFile)), conf + ": plugins_file " + pluginsFile);
            }
        }
    }

    @Test
    void theAgentForwardsToThePortTheAggregatorListensOn() throws Exception {
        var agent = parseClassic(read(DEPLOY.resolve("aggregator/agent.conf")), "agent.conf");
        var aggregator = parseClassic(read(DEPLOY.resolve("aggregator/aggregator.conf")), "aggregator.conf");
        Map<String, String> forward = agent.get("OUTPUT").stream().filter(o -> o.get("name").equals("forward")).findFirst().orElseThrow();
        Map<String, String> in = aggregator.get("INPUT").stream().filter(i -> i.get("name").equals("forward")).findFirst().orElseThrow();
        assertEquals(in.get("port"), forward.get("port"));
        assertTrue(aggregator.get("OUTPUT").stream().anyMatch(o -> o.get("name").equals("vivo_java") && o.get("match").equals("*")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHelmValuesParseAndPutTheBundleWhereThePluginsFileLooks() throws Exception {
        Map<String, Object> values = new Yaml().load(read(DEPLOY.resolve("helm/values.yaml")));
        Map<String, Object> init = ((List<Map<String, Object>>) values.get("initContainers")).get(0);
        String emptyDir = ((List<Map<String, String>>) init.get("volumeMounts")).get(0).get("mountPath");
        assertEquals(List.of("cp", "-a", "/vivo_java", emptyDir + "/"), init.get("command"));
        Map<String, Object> mount = ((List<Map<String, Object>>) values.get("extraVolumeMounts")).get(0);
        assertEquals(emptyDir, mount.get("mountPath"));
        assertEquals(((List<Map<String, Object>>) values.get("extraVolumes")).get(0).get("name"), mount.get("name"));
        assertTrue(((List<Map<String, Object>>) values.get("extraVolumes")).get(0).containsKey("emptyDir"));
        // the bundle image (bundle.Dockerfile) unpacks the tarball at /, so /vivo_java is the bundle's folder
        assertTrue(read(DEPLOY.resolve("helm/bundle.Dockerfile")).contains("\nADD ${BUNDLE} /\n"));

        Map<String, Object> config = (Map<String, Object>) values.get("config");
        String pluginsConf = ((Map<String, String>) config.get("extraFiles")).get("plugins.conf");
        var plugins = parseClassic(pluginsConf, "values.yaml plugins.conf");
        assertEquals(emptyDir + "/vivo_java/vivo_java.so", plugins.get("PLUGINS").get(0).get("path"));
        assertPathsInBundle(pluginsConf, "values.yaml plugins.conf");
        var service = parseClassic((String) config.get("service"), "values.yaml service");
        assertEquals("plugins.conf", service.get("SERVICE").get(0).get("plugins_file"));
        var outputs = parseClassic((String) config.get("outputs"), "values.yaml outputs");
        Map<String, String> output = outputs.get("OUTPUT").get(0);
        assertEquals("vivo_java", output.get("name"));
        assertEquals("0.0.0.0", output.get("http_listen"), "in a pod the API must listen beyond localhost");
        int port = Integer.parseInt(output.get("http_port"));
        assertTrue(((List<Map<String, Object>>) values.get("extraPorts")).stream().anyMatch(p -> p.get("containerPort").equals(port)));
    }

    @Test
    void theDockerfilesAddTheBundleTheBuildMakesAndRunNothingInTheDistrolessStage() throws Exception {
        for (Path dockerfile : List.of(DEPLOY.resolve("Dockerfile"), DEPLOY.resolve("helm/bundle.Dockerfile"))) {
            String text = read(dockerfile);
            String last = text.substring(text.lastIndexOf("\nFROM "));
            assertFalse(last.matches("(?s).*\\nRUN .*"), dockerfile + ": RUN in the final stage");
            Matcher arg = Pattern.compile("ARG BUNDLE=build/dist/(\\S+)").matcher(text);
            assertTrue(arg.find(), dockerfile.toString());
            assertEquals(tarball, arg.group(1), dockerfile + ": the tarball ./build.sh dist makes");
            Matcher copy = Pattern.compile("\\nCOPY ([^\\n]+) \\S+\\n").matcher(text);
            while (copy.find()) {
                for (String source : copy.group(1).split(" ")) {
                    assertTrue(Files.exists(Path.of(source)), dockerfile + ": COPY " + source);
                }
            }
            assertPathsInBundle(text.replaceAll("(?m)^#.*$", ""), dockerfile.toString());
        }
        assertTrue(read(DEPLOY.resolve("Dockerfile")).contains("\nADD ${BUNDLE} /fluent-bit/\n"));
    }

    @Test
    void theSystemdDropInReplacesExecStartWithTheBundlesShim() throws Exception {
        String text = read(DEPLOY.resolve("systemd/vivo-java.conf"));
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("[Service]", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.matches("[A-Za-z]+=.*"), "not a systemd setting: " + line);
        }
        assertEquals("ExecStart=", lines.get(1), "a drop-in must clear ExecStart before setting it");
        assertTrue(lines.get(2).matches("ExecStart=/\\S+/fluent-bit .* -e /opt/vivo_java/vivo_java\\.so"), lines.get(2));
        assertPathsInBundle(text, "systemd/vivo-java.conf");
    }
}
