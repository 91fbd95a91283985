package io.herald.sse.control;

/** An in-memory event log wired by hand, as CDI wires it, for the registry under test. */
final class TestLogs {

    private TestLogs() {
    }

    static InMemoryEventLog inMemory(SseConfig config, ConnectionRegistry registry) {
        EventIds ids = new EventIds();
        EventHistory history = new EventHistory();
        history.config = config;
        history.ids = ids;
        InMemoryEventLog log = new InMemoryEventLog();
        log.ids = ids;
        log.history = history;
        log.config = config;
        log.fanout = new Fanout();
        log.fanout.registry = registry;
        registry.events = log;
        return log;
    }
}
