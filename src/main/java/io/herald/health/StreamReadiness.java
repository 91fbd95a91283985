package io.herald.health;

import io.herald.platform.CorsPolicy;
import io.herald.sse.control.ConnectionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while Herald accepts new connections (not while it is stopping) and its CORS setting is
 * safe (see {@link CorsPolicy}).
 */
@Readiness
@ApplicationScoped
public class StreamReadiness implements HealthCheck {

    @Inject
    ConnectionRegistry registry;

    @Inject
    CorsPolicy cors;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("herald-streams")
                .status(registry.isAccepting() && cors.problem().isEmpty())
                .withData("connections", registry.count());
        cors.problem().ifPresent(problem -> response.withData("cors", problem));
        return response.build();
    }
}
