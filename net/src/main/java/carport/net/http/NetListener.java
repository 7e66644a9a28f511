package carport.net.http;

/**
 * Receives one-line notices about things the user should see but that are not failures: a retry
 * after a dropped connection, a wait because a server said 429. The command line prints them to
 * stderr; a library user may log them or ignore them.
 */
@FunctionalInterface
public interface NetListener {
    NetListener NONE = message -> { };

    void notice(String message);
}
