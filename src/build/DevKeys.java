import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Writes a development RSA key pair as PEM files into the given folder, unless one is there already.
 * The build runs it (exec-maven-plugin) so that no key is ever committed; the server trusts the
 * public key by default, and {@code MintToken.java} and the tests sign tokens with the private key.
 */
public class DevKeys {

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/dev-keys");
        Path privateKey = folder.resolve("private-key.pem");
        Path publicKey = folder.resolve("public-key.pem");
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return;
        }
        Files.createDirectories(folder);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        System.out.println("Herald: generated a development key pair in " + folder.toAbsolutePath());
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
