package io.herald;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * Herald's REST API lives under {@code /api}; callers authenticate with a MicroProfile JWT whose
 * {@code groups} claim carries the roles below.
 */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({HeraldApplication.ADMIN, HeraldApplication.PUBLISHER, HeraldApplication.USER})
public class HeraldApplication extends Application {
    public static final String ADMIN = "admin";
    public static final String PUBLISHER = "publisher";
    public static final String USER = "user";
}
