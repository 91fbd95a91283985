import io.herald.security.DevTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Mints an RS256 JWT for trying Herald locally, signed with the development key that the build
 * generated under target/dev-keys. Run from the project folder after a build:
 * <pre>
 *   java -cp target/classes src/build/MintToken.java alice                  # a "user"
 *   java -cp target/classes src/build/MintToken.java root admin,user 3600   # roles and lifetime in seconds
 * </pre>
 * Environment: HERALD_DEV_KEYS (key folder), MP_JWT_VERIFY_ISSUER (must match the server's issuer).
 */
public class MintToken {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -cp target/classes src/build/MintToken.java USER [ROLE,ROLE...] [SECONDS]");
            System.exit(2);
        }
        Path key = Path.of(System.getenv().getOrDefault("HERALD_DEV_KEYS", "target/dev-keys"), "private-key.pem");
        if (!Files.exists(key)) {
            System.err.println("No development key at " + key + ": run 'mvn package' first.");
            System.exit(1);
        }
        String issuer = System.getenv().getOrDefault("MP_JWT_VERIFY_ISSUER", "https://herald.local/dev");
        String roles = args.length > 1 ? args[1] : "user";
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 3600;
        System.out.println(DevTokens.fromPem(key, issuer).mint(args[0],
                Arrays.stream(roles.split(",")).map(String::trim).toList(), Duration.ofSeconds(seconds)));
    }
}
