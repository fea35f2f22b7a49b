package vivo.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The listener's TLS identity from the PEM files people already have (those of Fluent Bit's own
 * {@code tls.crt_file} and {@code tls.key_file}, of certbot, of {@code openssl req}): a certificate
 * chain, its own certificate first, and its private key, not encrypted, as PKCS#8 ({@code BEGIN PRIVATE
 * KEY}: RSA, EC or Ed25519) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). Every problem is a
 * ConfigException naming the property, and a key that does not belong to the certificate is one too,
 * rather than a handshake failure later.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** The DER of PKCS#8's AlgorithmIdentifier for rsaEncryption, to wrap a PKCS#1 key. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    static SSLContext sslContext(String crtFile, String keyFile) throws ConfigException {
        List<X509Certificate> chain = certificates(crtFile);
        PrivateKey key = privateKey(keyFile);
        requireMatch(key, chain.get(0), keyFile, crtFile);
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("vivo_java", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(Property.HTTP_TLS_KEY_FILE.key + ": cannot use the key and certificate: " + e.getMessage());
        }
    }

    private static String read(Property property, String file) throws ConfigException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(property.key + ": cannot read '" + file + "': " + e);
        }
    }

    private static List<X509Certificate> certificates(String file) throws ConfigException {
        String text = read(Property.HTTP_TLS_CRT_FILE, file);
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(c -> (X509Certificate) c).toList();
            if (chain.isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
            return chain;
        } catch (CertificateException e) {
            throw new ConfigException(Property.HTTP_TLS_CRT_FILE.key + ": '" + file
                    + "' is not a PEM certificate chain (BEGIN CERTIFICATE): " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String file) throws ConfigException {
        String property = Property.HTTP_TLS_KEY_FILE.key;
        Matcher m = BLOCK.matcher(read(Property.HTTP_TLS_KEY_FILE, file));
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(property + ": the " + type + " in '" + file + "' is not base64");
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, property, file);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs1(der), property, file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new ConfigException(property + ": the key in '" + file + "' is encrypted; write it out "
                            + "unencrypted (openssl pkcs8 -in <key> -out <new key>) and keep that file readable only by Fluent Bit");
                case "EC PRIVATE KEY":
                    throw new ConfigException(property + ": '" + file + "' holds a SEC1 EC key; convert it to PKCS#8 "
                            + "(openssl pkcs8 -topk8 -nocrypt -in <key> -out <new key>)");
                default:
                    // EC PARAMETERS and the like come before the key in some files
            }
        }
        throw new ConfigException(property + ": no private key in '" + file + "' (expecting BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, String property, String file) throws ConfigException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new ConfigException(property + ": the key in '" + file + "' is not an RSA, EC or EdDSA key this JVM can read");
    }

    /** PKCS#8 around a PKCS#1 RSA key: SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING { key } }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[3 + RSA_ALGORITHM.length + octets.length];
        body[0] = 0x02;
        body[1] = 0x01;
        body[2] = 0x00;
        System.arraycopy(RSA_ALGORITHM, 0, body, 3, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, 3 + RSA_ALGORITHM.length, octets.length);
        return der(0x30, body);
    }

    /** One DER element: tag, definite length, content. */
    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        int lengthBytes = n < 0x80 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
        byte[] out = new byte[2 + lengthBytes + n];
        out[0] = (byte) tag;
        if (lengthBytes == 0) {
            out[1] = (byte) n;
        } else {
            out[1] = (byte) (0x80 | lengthBytes);
            for (int i = 0; i < lengthBytes; i++) {
                out[2 + i] = (byte) (n >>> (8 * (lengthBytes - 1 - i)));
            }
        }
        System.arraycopy(content, 0, out, 2 + lengthBytes, n);
        return out;
    }

    /** Signs with the key and verifies with the certificate: they belong together, or the handshake would fail later. */
    private static void requireMatch(PrivateKey key, X509Certificate certificate, String keyFile, String crtFile)
            throws ConfigException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();   // Ed25519, Ed448 name their own signature
        };
        try {
            byte[] probe = "vivo_java".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new ConfigException(Property.HTTP_TLS_KEY_FILE.key + ": the key in '" + keyFile
                + "' does not belong to the first certificate of '" + crtFile + "' (" + certificate.getSubjectX500Principal() + ")");
    }
}
