package io.herald.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks the origins Liberty's {@code <cors>} element allows (server.xml variable
 * {@code herald.cors.allowed-origins}, which MicroProfile Config sees too). Herald allows credentials,
 * and with credentials Liberty answers a {@code *} by echoing whatever origin asks, which would let
 * any site read a user's events: such a setting is reported at start and keeps Herald unready.
 */
@ApplicationScoped
public class CorsPolicy {

    public static final String ALLOWED_ORIGINS = "herald.cors.allowed-origins";
    private static final System.Logger LOG = System.getLogger(CorsPolicy.class.getName());

    @Inject
    @ConfigProperty(name = ALLOWED_ORIGINS)
    Optional<String> allowedOrigins;

    /** The origins allowed to call Herald from a browser; empty for same-origin only. */
    public List<String> origins() {
        return allowedOrigins.map(value -> Arrays.stream(value.split(","))
                .map(String::trim).filter(origin -> !origin.isEmpty()).toList()).orElse(List.of());
    }

    /** What is wrong with the setting, if anything. */
    public Optional<String> problem() {
        return origins().stream().anyMatch(origin -> origin.contains("*"))
                ? Optional.of(ALLOWED_ORIGINS + " lists '*', which with credentials would let any site read users' "
                        + "events; list each origin instead")
                : Optional.empty();
    }

    void report(@Observes @Initialized(ApplicationScoped.class) Object started) {
        problem().ifPresentOrElse(
                problem -> LOG.log(Level.ERROR, "CORS misconfigured: {0}; Herald reports itself not ready", problem),
                () -> LOG.log(Level.INFO, "CORS: {0}", origins().isEmpty()
                        ? "same-origin only" : "allowed origins " + String.join(", ", origins())));
    }
}
