package io.herald.sse.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.function.Predicate;

/**
 * The end of the one delivery path: queues a frame the event log handed back on every matching
 * connection of this node, and nothing more, so the log's thread never waits for a socket.
 * <p>
 * It does not use {@code SseBroadcaster}: its {@code broadcast} writes every sink in turn on the
 * caller's thread, so one client that stops reading holds up the publisher and every client after
 * it, and it keeps closed sinks until the next broadcast. Per-connection queues avoid both.
 */
@ApplicationScoped
public class Fanout {

    private static final System.Logger LOG = System.getLogger(Fanout.class.getName());

    @Inject
    ConnectionRegistry registry;

    /**
     * Call after the frame is where a resuming client looks (the log's memory): the connections are
     * looked up only now, so a client resuming at this moment either finds the frame there or is
     * registered by now and gets it live.
     */
    public void deliver(Frame frame) {
        deliver(frame, user -> true);
    }

    /**
     * The same, a broadcast going only to the connections of the users {@code audience} takes: a log
     * that writes a broadcast once to each of its partitions hands each copy to its partition's users.
     */
    public void deliver(Frame frame, Predicate<String> audience) {
        Iterable<Connection> connections = frame.userId() == null ? registry.all() : registry.forUser(frame.userId());
        int queued = 0;
        for (Connection connection : connections) {
            if (frame.userId() != null || audience.test(connection.userId())) {
                queued += connection.offer(frame) ? 1 : 0;
            }
        }
        int count = queued;
        LOG.log(Level.DEBUG, () -> "Event " + frame.type() + " " + frame.id() + " for "
                + (frame.userId() == null ? "everyone" : frame.userId()) + " queued on " + count + " connection(s)");
    }
}
