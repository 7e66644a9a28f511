package carport.net.http;

import carport.net.XrpcException;

/** The service kept answering 429 Too Many Requests after the allowed waits. */
public class RateLimitedException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public RateLimitedException(String message, int status, String error) {
        super(message, status, error);
    }
}
