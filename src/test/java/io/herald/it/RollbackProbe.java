package io.herald.it;

import io.herald.sse.boundary.SseService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import javax.naming.InitialContext;

/**
 * Added to the cluster nodes' WAR by ClusterIT only: publishes through {@code SseService} inside a
 * transaction and rolls it back (or commits it), as any module of the application would.
 */
@Path("test/transactions/{user}")
@RequestScoped
public class RollbackProbe {

    @Inject
    SseService sse;

    @POST
    @Path("rollback")
    @RolesAllowed("admin")
    public Response rollback(@PathParam("user") String user) throws Exception {
        return publishIn(user, "rolled back", false);
    }

    @POST
    @Path("commit")
    @RolesAllowed("admin")
    public Response commit(@PathParam("user") String user) throws Exception {
        return publishIn(user, "committed", true);
    }

    private Response publishIn(String user, String text, boolean commit) throws Exception {
        UserTransaction tx = InitialContext.doLookup("java:comp/UserTransaction");
        tx.begin();
        sse.sendToUser(user, "task_assigned", Map.of("text", text));
        if (commit) {
            tx.commit();
        } else {
            tx.rollback();
        }
        return Response.noContent().build();
    }
}
