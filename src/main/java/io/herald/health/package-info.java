/** MicroProfile Health probes: liveness from the heartbeat timer, readiness from the connection registry. */
package io.herald.health;
