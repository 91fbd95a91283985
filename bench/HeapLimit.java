import java.lang.reflect.Method;
import java.util.Map;

/**
 * Prints the connection limit Herald computes with its defaults for this JVM's heap and open-files
 * limit (SseConfig.maxConnections), so that bench/run.sh asks Herald's own rule instead of copying it.
 * Run it with the heap options of liberty-config/jvm.options (java -cp target/classes).
 */
public class HeapLimit {
    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName("io.herald.sse.control.SseConfig");
        Method of = type.getDeclaredMethod("of", Map.class);
        of.setAccessible(true);
        Object defaults = of.invoke(null, Map.of());
        System.out.println(type.getMethod("maxConnections").invoke(defaults));
    }
}
