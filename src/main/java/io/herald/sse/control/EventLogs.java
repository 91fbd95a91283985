package io.herald.sse.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.lang.System.Logger.Level;

/**
 * Chooses the event log once: the first active one that another module provides (a cluster's), else
 * the in-memory log. The {@code sse} package knows no log but its own; a module that adds one only
 * makes it a bean of type {@link EventLog}.
 */
@ApplicationScoped
public class EventLogs {

    private static final System.Logger LOG = System.getLogger(EventLogs.class.getName());

    @Produces
    @ApplicationScoped
    @Selected
    EventLog selected(Instance<EventLog> logs, InMemoryEventLog memory) {
        for (EventLog log : logs) {
            if (!(log instanceof InMemoryEventLog) && log.active()) {
                LOG.log(Level.INFO, "Event log: {0}", log);
                return log;
            }
        }
        LOG.log(Level.INFO, "Event log: in memory (one node)");
        return memory;
    }
}
