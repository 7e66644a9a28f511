package carport.net.xrpc;

import carport.net.XrpcException;

/** The PDS has no blob with this CID for this account (BlobNotFound, or the reference PDS's generic "Blob not found"). */
public class BlobNotFoundException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public BlobNotFoundException(String message, int status, String error) {
        super(message, status, error);
    }
}
