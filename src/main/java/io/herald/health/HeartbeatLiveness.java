package io.herald.health;

import io.herald.sse.control.ConnectionMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the heartbeat timer fires: its last run is no older than two intervals. */
@Liveness
@ApplicationScoped
public class HeartbeatLiveness implements HealthCheck {

    @Inject
    ConnectionMaintenance maintenance;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("herald-heartbeat")
                .status(maintenance.heartbeatOnTime())
                .withData("lastHeartbeat", maintenance.lastHeartbeat().toString())
                .build();
    }
}
