package io.herald.sse.control;

/** Why Herald stopped serving a connection: logged, and the reason label of herald_connections_closed_total. */
public enum CloseReason {
    /** The client went away: a write failed or the sink reported itself closed. */
    CLIENT_GONE,
    /** The client stopped reading: its queue overflowed or a write stalled past the write timeout. */
    TOO_SLOW,
    /** Nothing but heartbeats was sent for the inactivity timeout. */
    INACTIVE,
    /** An administrator closed it. */
    CLOSED_BY_ADMIN,
    /** The token the stream was opened with expired. */
    TOKEN_EXPIRED,
    /** An in-process subscriber cancelled its subscription. */
    CANCELLED,
    /** The application is stopping. */
    SHUTDOWN
}
