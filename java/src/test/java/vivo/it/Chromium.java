package vivo.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, driven over the DevTools protocol (JSON over a WebSocket) with the JDK's
 * own HTTP client: no driver to match to the browser's version, no test dependency. One page; what it
 * logs as an error (console errors, uncaught exceptions, failed loads, CSP violations) is collected.
 * Every wait is bounded.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("vivo.chromium", "/usr/bin/chromium"));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^ ]+)");
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/devtools/page/[^\"]+)\"");
    private static final JsonFactory JSON = new JsonFactory();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> calls = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, WebSocket.Builder sockets, URI page) throws Exception {
        this.process = process;
        this.socket = sockets.buildAsync(page, new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Page.enable", Map.of());
    }

    /** Starts the browser on an empty page, with the flags this machine needs (no network but loopback). */
    static Chromium start(Path userDataDir, int width, int height) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: apt-get install chromium (.ci/run installs it)");
        }
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + userDataDir, "--remote-debugging-port=0", "--window-size=" + width + "," + height,
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI browser = URI.create(awaitListening(process));
            HttpClient http = HttpClient.newHttpClient();
            // the page target opened with about:blank; its socket is listed by /json/list
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher page = PAGE_SOCKET.matcher(list);
            if (!page.find()) {
                fail("Chromium lists no page: " + list);
            }
            return new Chromium(process, http.newWebSocketBuilder(), URI.create(page.group(1)));
        } catch (Exception | AssertionError e) {
            stop(process);
            throw e;
        }
    }

    /** The DevTools address Chromium prints on stderr once it listens; the rest of stderr is drained. */
    private static String awaitListening(Process process) throws Exception {
        CompletableFuture<String> address = new CompletableFuture<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    } else if (seen.size() < 50) {
                        seen.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            address.completeExceptionally(new IllegalStateException("Chromium ended without listening: " + seen));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return address.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Loads {@code url} and waits until the page and its scripts have loaded. */
    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        await("the page loaded", "document.readyState === 'complete'", Duration.ofSeconds(15));
    }

    /** The value of a JavaScript expression in the page (a promise is awaited). */
    Object evaluate(String expression) throws Exception {
        Map<String, Object> result = call("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.containsKey("exceptionDetails")) {
            fail("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return ((Map<?, ?>) result.get("result")).get("value");
    }

    /** Waits until {@code expression} is true in the page, checking every 50 ms, at most {@code timeout}. */
    void await(String what, String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(evaluate(expression))) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + timeout.toMillis() + " ms (" + expression + "); page errors: " + errors);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    void screenshot(Path png) throws Exception {
        String data = (String) call("Page.captureScreenshot", Map.of("format", "png")).get("data");
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    /** What the page logged as an error so far, each as one line of text. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    private Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        calls.put(id, answer);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        socket.sendText(Json.write(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.containsKey("error")) {
            fail(method + " failed: " + reply.get("error"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) reply.get("result");
        return result;
    }

    /** Answers go to their call; the events that report an error go to {@link #errors}. */
    private void received(Map<String, Object> message) {
        Object id = message.get("id");
        if (id != null) {
            CompletableFuture<Map<String, Object>> call = calls.remove(((Number) id).intValue());
            if (call != null) {
                call.complete(message);
            }
            return;
        }
        Map<?, ?> params = (Map<?, ?>) message.get("params");
        switch (String.valueOf(message.get("method"))) {
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.get("type")) || "assert".equals(params.get("type"))) {
                    errors.add("console." + params.get("type") + ": " + params.get("args"));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.get("exceptionDetails"));
            case "Log.entryAdded" -> {
                Map<?, ?> entry = (Map<?, ?>) params.get("entry");
                if ("error".equals(entry.get("level"))) {
                    errors.add(entry.get("source") + ": " + entry.get("text") + (entry.get("url") == null ? "" : " " + entry.get("url")));
                }
            }
            default -> {
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    received(Json.read(text.toString()));
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
    }

    /** SIGTERM lets Chromium end its renderer and GPU processes; what is left after 10 s is killed. */
    private static void stop(Process process) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The little JSON the protocol needs: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private Json() {
        }

        static Map<String, Object> read(String text) throws IOException {
            try (JsonParser parser = JSON.createParser(text)) {
                parser.nextToken();
                @SuppressWarnings("unchecked")
                Map<String, Object> value = (Map<String, Object>) value(parser);
                return value;
            }
        }

        private static Object value(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        object.put(name, value(parser));
                    }
                    return object;
                }
                case START_ARRAY -> {
                    List<Object> array = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(value(parser));
                    }
                    return array;
                }
                case VALUE_STRING -> {
                    return parser.getText();
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    return parser.getNumberValue();
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return parser.getBooleanValue();
                }
                default -> {
                    return null;
                }
            }
        }

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out);
            return out.toString();
        }

        private static void write(Object value, StringBuilder out) {
            if (value instanceof Map<?, ?> map) {
                out.append('{');
                String comma = "";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(comma);
                    write(String.valueOf(e.getKey()), out);
                    out.append(':');
                    write(e.getValue(), out);
                    comma = ",";
                }
                out.append('}');
            } else if (value instanceof String s) {
                out.append('"');
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            } else {
                out.append(value);   // numbers, booleans, null
            }
        }
    }
}
