package io.herald.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sse feature depends on no business module and not on the cluster module or Kafka, so any application can take it as it is. */
class SseIsReusableTest {

    private static final Path SSE_SOURCES = Path.of("src/main/java/io/herald/sse");

    @Test
    void theSsePackageImportsNoBusinessModule() throws IOException {
        assertTrue(Files.isDirectory(SSE_SOURCES), "run from the project folder");
        List<String> offending;
        try (Stream<Path> files = Files.walk(SSE_SOURCES)) {
            offending = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(SseIsReusableTest::importsABusinessModule)
                    .map(Path::toString)
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    private static boolean importsABusinessModule(Path file) {
        try {
            // Nor the cluster module, nor Kafka: a single node runs without them (sse owns the EventLog they implement).
            return Files.readAllLines(file).stream()
                    .anyMatch(line -> line.startsWith("import org.apache.kafka.") || line.startsWith("import io.herald.cluster.")
                            || line.startsWith("import io.herald.") && !line.startsWith("import io.herald.sse.")
                            && !line.startsWith("import io.herald.platform.")
                            && !line.startsWith("import io.herald.security.")
                            && !line.startsWith("import io.herald.HeraldApplication;"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
