package carport.net.http;

/**
 * Progress of one streamed download. Called from the downloading thread after each chunk written;
 * a retry starts again at zero bytes. Implementations should be cheap (throttle any printing).
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (bytes, total) -> { };

    /**
     * @param bytes bytes written to the file so far in this attempt (decoded, if the body was gzip)
     * @param total the expected total, or -1 when unknown (no Content-Length, or gzip-encoded)
     */
    void progress(long bytes, long total);
}
