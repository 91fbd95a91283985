package io.herald.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Signs RS256 tokens with the development key the build generates (target/dev-keys). For trying
 * Herald only: used by {@code java src/build/MintToken.java} and by the demo's token endpoint,
 * which exists only when {@code herald.dev.enabled=true}.
 */
public final class DevTokens {

    private final PrivateKey key;
    private final String issuer;

    public DevTokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** Reads a PKCS#8 PEM private key, as DevKeys.java writes it. */
    public static DevTokens fromPem(Path privateKeyPem, String issuer) throws IOException, GeneralSecurityException {
        String body = Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        return new DevTokens(key, issuer);
    }

    /** A token for {@code user} (as {@code sub} and {@code upn}) with the given roles in {@code groups}. */
    public String mint(String user, List<String> groups, Duration lifetime) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + quote(issuer)
                + ",\"sub\":" + quote(user)
                + ",\"upn\":" + quote(user)
                + ",\"groups\":[" + groups.stream().map(DevTokens::quote).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + now + ",\"exp\":" + (now + lifetime.toSeconds())
                + ",\"jti\":" + quote(UUID.randomUUID().toString()) + "}";
        String signingInput = base64(header.getBytes(StandardCharsets.UTF_8)) + "." + base64(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + base64(rsa.sign());
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
