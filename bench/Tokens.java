import io.herald.security.DevTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Prints development tokens for the benchmark's users u0..u(N-1), one a line (java -cp target/classes). */
public class Tokens {
    public static void main(String[] args) throws Exception {
        DevTokens tokens = DevTokens.fromPem(Path.of("target/dev-keys/private-key.pem"), "https://herald.local/dev");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Integer.parseInt(args[0]); i++) {
            out.append(tokens.mint("u" + i, List.of("user"), Duration.ofHours(2))).append('\n');
        }
        System.out.print(out);
    }
}
