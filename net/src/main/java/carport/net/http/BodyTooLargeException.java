package carport.net.http;

/** A download declared or sent more bytes than its {@link SizeLimit} allows; nothing was saved. */
public class BodyTooLargeException extends BadResponseException {
    private static final long serialVersionUID = 1L;

    private final transient SizeLimit limit;

    public BodyTooLargeException(String message, SizeLimit limit) {
        super(message);
        this.limit = limit;
    }

    public SizeLimit limit() {
        return limit;
    }
}
