package io.herald.health;

import io.herald.sse.control.ConnectionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while Herald accepts new connections (not while it is stopping). */
@Readiness
@ApplicationScoped
public class StreamReadiness implements HealthCheck {

    @Inject
    ConnectionRegistry registry;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("herald-streams")
                .status(registry.isAccepting())
                .withData("connections", registry.count())
                .build();
    }
}
