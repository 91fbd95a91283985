import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints an RS256 JWT for trying Herald locally, signed with the development key that the build
 * generated under target/dev-keys. JDK only, run from the project folder:
 * <pre>
 *   java src/build/MintToken.java alice                  # a "user"
 *   java src/build/MintToken.java root admin,user 3600   # roles and lifetime in seconds
 * </pre>
 * Environment: HERALD_DEV_KEYS (key folder), MP_JWT_VERIFY_ISSUER (must match the server's issuer).
 */
public class MintToken {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java src/build/MintToken.java USER [ROLE,ROLE...] [SECONDS]");
            System.exit(2);
        }
        String user = args[0];
        String[] groups = (args.length > 1 ? args[1] : "user").split(",");
        long lifetime = args.length > 2 ? Long.parseLong(args[2]) : 3600;
        String issuer = System.getenv().getOrDefault("MP_JWT_VERIFY_ISSUER", "https://herald.local/dev");
        Path keys = Path.of(System.getenv().getOrDefault("HERALD_DEV_KEYS", "target/dev-keys"));

        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + quote(issuer)
                + ",\"sub\":" + quote(user)
                + ",\"upn\":" + quote(user)
                + ",\"groups\":[" + Arrays.stream(groups).map(String::trim).map(MintToken::quote).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + now + ",\"exp\":" + (now + lifetime)
                + ",\"jti\":" + quote(UUID.randomUUID().toString()) + "}";
        String signingInput = base64(header.getBytes(StandardCharsets.UTF_8)) + "." + base64(claims.getBytes(StandardCharsets.UTF_8));

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey(keys.resolve("private-key.pem")));
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + base64(rsa.sign()));
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        if (!Files.exists(pem)) {
            System.err.println("No development key at " + pem + ": run 'mvn package' (or the README's run command) first.");
            System.exit(1);
        }
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
