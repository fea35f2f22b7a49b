package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vivo.config.ConfigException;

/**
 * http_tls: HTTPS with the PEM files openssl makes (RSA as PKCS#8 and PKCS#1, EC as PKCS#8), HTTP/1.1
 * and HTTP/2 by ALPN, checked with curl and Java's client; every bad file an error naming its property.
 */
@Timeout(60)
class TlsTest {

    @TempDir
    static Path dir;

    static Path crt;
    static Path key;

    /** Runs openssl (.ci/run installs it); fails the test with what it printed if it fails. */
    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + command + ": " + out);
        return out;
    }

    /** A self-signed certificate for localhost and 127.0.0.1 and its key, of the type {@code newkey} names. */
    private static void certificate(String name, String... newkey) throws Exception {
        List<String> args = new ArrayList<>(List.of("req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", name + ".key", "-out", name + ".crt"));
        args.addAll(List.of(newkey));
        openssl(args.toArray(new String[0]));
    }

    @BeforeAll
    static void files() throws Exception {
        certificate("rsa", "-newkey", "rsa:2048");
        certificate("ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
        certificate("other", "-newkey", "rsa:2048");
        openssl("rsa", "-in", "rsa.key", "-traditional", "-out", "rsa-pkcs1.key");
        openssl("pkcs8", "-topk8", "-in", "rsa.key", "-out", "rsa-encrypted.key", "-passout", "pass:secret");
        openssl("ec", "-in", "ec.key", "-out", "ec-sec1.key");
        crt = dir.resolve("rsa.crt");
        key = dir.resolve("rsa.key");
    }

    private static TestServer tls(Path certificate, Path privateKey) throws ConfigException {
        return TestServer.start(TestServer.config("tls", "http_port", "0", "http_tls", "on",
                "http_tls_crt_file", certificate.toString(), "http_tls_key_file", privateKey.toString()));
    }

    private static List<String> curl(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--cacert", crt.toString(), "-w", "\n%{http_version} %{http_code}"));
        command.addAll(List.of(options));
        command.add("https://localhost:" + port + "/logs");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl did not end");
        return List.of(out.split("\n"));
    }

    @Test
    void curlGetsTheStreamOverHttp11AndHttp2ByAlpn() throws Exception {
        try (TestServer server = tls(crt, key)) {
            TwoViews entry = TwoViews.log("t", "{\"n\":1}");
            server.streams.append(entry);
            assertEquals(List.of(entry.classic().strip(), "", "1.1 200"), curl(server.port(), "--http1.1"));
            assertEquals(List.of(entry.classic().strip(), "", "2 200"), curl(server.port(), "--http2"));
            assertTrue(server.log.messages(vivo.HostLog.Level.INFO).stream().anyMatch(m -> m.contains(" over TLS ")),
                    server.log.messages(vivo.HostLog.Level.INFO).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs1", "ec"})
    void pkcs1RsaAndEcKeysServeToo(String name) throws Exception {
        Path certificate = dir.resolve((name.startsWith("rsa") ? "rsa" : name) + ".crt");
        try (TestServer server = tls(certificate, dir.resolve(name + ".key"))) {
            HttpResponse<String> r = trusting(certificate).send(HttpRequest.newBuilder(
                    java.net.URI.create("https://localhost:" + server.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, r.version(), "ALPN chose h2");
        }
    }

    private static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("vivo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoHttpAnswer() throws Exception {
        try (TestServer server = tls(crt, key); Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /logs HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer;
            try {
                answer = s.getInputStream().readNBytes(5);
            } catch (IOException e) {
                answer = new byte[0];   // reset: nothing was said
            }
            assertTrue(answer.length == 0 || answer[0] == 0x15, "nothing, or a TLS alert record; got "
                    + new String(answer, StandardCharsets.ISO_8859_1));
        }
    }

    private static String problem(String... properties) {
        return assertThrows(IllegalArgumentException.class, () -> TestServer.config("tls", properties)).getMessage();
    }

    @Test
    void everyBadFileIsAnErrorNamingItsProperty() {
        String rsaCrt = crt.toString();
        String d = dir.toString();
        assertEquals("http_tls: on needs http_tls_crt_file and http_tls_key_file",
                problem("http_tls", "on", "http_tls_crt_file", rsaCrt));
        assertEquals("http_tls_crt_file: given, but http_tls is off; set http_tls on to serve HTTPS",
                problem("http_tls_crt_file", rsaCrt));
        assertTrue(problem("http_tls", "on", "http_tls_crt_file", d + "/none.crt", "http_tls_key_file", key.toString())
                .startsWith("http_tls_crt_file: cannot read '" + d + "/none.crt': java.nio.file.NoSuchFileException"));
        assertTrue(problem("http_tls", "on", "http_tls_crt_file", key.toString(), "http_tls_key_file", key.toString())
                .startsWith("http_tls_crt_file: '" + key + "' is not a PEM certificate chain (BEGIN CERTIFICATE): "));
        assertEquals("http_tls_key_file: no private key in '" + rsaCrt + "' (expecting BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)",
                problem("http_tls", "on", "http_tls_crt_file", rsaCrt, "http_tls_key_file", rsaCrt));
        assertEquals("http_tls_key_file: the key in '" + d + "/rsa-encrypted.key' is encrypted; write it out unencrypted "
                        + "(openssl pkcs8 -in <key> -out <new key>) and keep that file readable only by Fluent Bit",
                problem("http_tls", "on", "http_tls_crt_file", rsaCrt, "http_tls_key_file", d + "/rsa-encrypted.key"));
        assertEquals("http_tls_key_file: '" + d + "/ec-sec1.key' holds a SEC1 EC key; convert it to PKCS#8 "
                        + "(openssl pkcs8 -topk8 -nocrypt -in <key> -out <new key>)",
                problem("http_tls", "on", "http_tls_crt_file", d + "/ec.crt", "http_tls_key_file", d + "/ec-sec1.key"));
        assertEquals("http_tls_key_file: the key in '" + d + "/other.key' does not belong to the first certificate of '"
                        + rsaCrt + "' (CN=localhost)",
                problem("http_tls", "on", "http_tls_crt_file", rsaCrt, "http_tls_key_file", d + "/other.key"));
        assertEquals("http_tls_key_file: the key in '" + d + "/ec.key' does not belong to the first certificate of '"
                        + rsaCrt + "' (CN=localhost)",
                problem("http_tls", "on", "http_tls_crt_file", rsaCrt, "http_tls_key_file", d + "/ec.key"));
    }
}
