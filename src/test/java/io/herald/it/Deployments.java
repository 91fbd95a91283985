package io.herald.it;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Test archives: the WAR the build produced, plus the settings a test needs (through MicroProfile
 * Config, as a deployer would set them), a context root named after the archive, and any
 * in-container test classes.
 */
public final class Deployments {

    /** Fast timers so that heartbeat and clean-up tests take seconds, not minutes. */
    public static final Map<String, String> FAST_TIMERS = Map.of(
            "herald.sse.heartbeat-interval", "1s",
            "herald.sse.cleanup-interval", "1s");

    private Deployments() {
    }

    public static WebArchive herald(String name, Class<?>... testClasses) {
        return herald(name, Map.of(), testClasses);
    }

    public static WebArchive herald(String name, Map<String, String> settings, Class<?>... testClasses) {
        File built = new File(System.getProperty("herald.war", "target/herald.war"));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, built));
        Map<String, String> config = new LinkedHashMap<>(FAST_TIMERS);
        config.putAll(settings);
        String properties = config.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        war.addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
        // A context root of its own, so that a Herald left in dropins by liberty:run cannot clash with it.
        war.addAsWebInfResource(new StringAsset("<web-ext xmlns=\"http://websphere.ibm.com/xml/ns/javaee\" version=\"1.1\">"
                + "<context-root uri=\"/" + name + "\"/></web-ext>"), "ibm-web-ext.xml");
        war.addClasses(testClasses);
        return war;
    }
}
