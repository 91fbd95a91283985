package io.herald.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints the tokens the tests need, signed with the key pair the build generated (or a stranger's). */
public final class Tokens {

    public static final String ISSUER = "https://herald.local/dev";

    private static PrivateKey devKey;

    private Tokens() {
    }

    public static String mint(String user, String... groups) {
        return sign(claims(user, groups).build(), devKey());
    }

    public static String mint(JWTClaimsSet claims) {
        return sign(claims, devKey());
    }

    /** A token that expired an hour ago, beyond Liberty's default clock skew of five minutes. */
    public static String expired(String user) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return mint(claims(user, "user").issueTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofHours(1)))).build());
    }

    public static String signedWithAnotherKey(String user) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(claims(user, "user").build(), generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fromAnotherIssuer(String user) {
        return mint(claims(user, "user").issuer("https://someone-else.example").build());
    }

    public static JWTClaimsSet.Builder claims(String user, String... groups) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user)
                .claim("upn", user)
                .claim("groups", List.of(groups))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    private static String sign(JWTClaimsSet claims, PrivateKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized PrivateKey devKey() {
        if (devKey == null) {
            Path pem = Path.of(System.getProperty("herald.devKeys", "target/dev-keys"), "private-key.pem");
            try {
                String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                devKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the development key " + pem + " (the build generates it)", e);
            }
        }
        return devKey;
    }
}
