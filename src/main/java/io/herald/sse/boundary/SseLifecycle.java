package io.herald.sse.boundary;

import io.herald.sse.control.ConnectionRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Drains the streams when the web application stops, before its CDI container does: the last
 * moment at which closing a stream still finishes its request cleanly (see {@code StreamCompletions}).
 * The registry's own {@code @PreDestroy} and its SIGTERM hook stay as the fallbacks; a drain runs once.
 */
@WebListener
public class SseLifecycle implements ServletContextListener {

    @Inject
    ConnectionRegistry registry;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        registry.drainAll();
    }
}
