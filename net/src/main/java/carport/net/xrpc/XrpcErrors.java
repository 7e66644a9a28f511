package carport.net.xrpc;

import carport.net.RemoteException;
import carport.net.XrpcException;
import carport.net.http.BadResponseException;
import carport.net.http.HttpTransport;
import carport.net.http.RateLimitedException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;

/** Turns XRPC error answers into the {@link RemoteException} subclass a user can act on. */
final class XrpcErrors {

    private XrpcErrors() {
    }

    /**
     * @param subject what was asked for, for messages: "did:plc:..." or "blob bafk... of did:plc:..."
     * @param blob true for getBlob, where the reference PDS's generic "Blob not found" means BlobNotFound
     */
    static HttpTransport.ErrorMapper mapper(String subject, boolean blob) {
        return (uri, status, headers, body) -> map(uri, status, headers, body, subject, blob);
    }

    static RemoteException map(URI uri, int status, HttpHeaders headers, byte[] body, String subject, boolean blob) {
        String host = HttpTransport.host(uri);
        XrpcErrorBody answer = XrpcErrorBody.parse(body);
        String error = answer.error();
        String message = answer.message();
        String said = answer.said();
        switch (error) {
            case "RepoNotFound":
                return new RepoNotFoundException(host + " has no repository for " + subject + said
                        + "; the account may have moved or been deleted: resolve the DID again to find its PDS",
                        status, error);
            case "RepoTakendown":
                return new RepoTakendownException(subject + " has been taken down by its PDS " + host
                        + "; the repository cannot be downloaded from there", status, error);
            case "RepoSuspended":
                return new RepoSuspendedException(subject + " is suspended on its PDS " + host
                        + "; try again when the suspension ends", status, error);
            case "RepoDeactivated":
                return new RepoDeactivatedException(subject + " is deactivated on its PDS " + host
                        + "; it can be downloaded again if its owner reactivates it", status, error);
            case "BlobNotFound":
                return new BlobNotFoundException(host + " has no " + subject + said, status, error);
            default:
                break;
        }
        if (blob && (status == 400 || status == 404)
                && message.toLowerCase(Locale.ROOT).contains("blob not found")) {
            return new BlobNotFoundException(host + " has no " + subject + said, status,
                    error.isEmpty() ? "BlobNotFound" : error);
        }
        if (status == 429) {
            return new RateLimitedException(host + " keeps answering 429 Too Many Requests" + said
                    + "; try again later", status, error);
        }
        String what = error.isEmpty() ? "HTTP " + status : "HTTP " + status + " " + HttpTransport.oneLine(error, 80);
        String hint;
        if (status == 404 && error.isEmpty()) {
            hint = "; is " + host + " really a PDS (the DID document may be out of date)?";
        } else if (status == 501) {
            hint = "; this PDS does not implement " + nsid(uri);
        } else if (status >= 500) {
            hint = "; the server is failing, try again later";
        } else {
            hint = "";
        }
        return new XrpcException(host + " answered " + what + " to " + nsid(uri) + " for " + subject + said + hint,
                status, error);
    }

    static BadResponseException malformed(URI uri, String what) {
        return new BadResponseException(HttpTransport.host(uri) + " sent a malformed " + nsid(uri)
                + " answer: " + what);
    }

    static String nsid(URI uri) {
        String p = uri.getRawPath() == null ? "" : uri.getRawPath();
        int i = p.lastIndexOf('/');
        return i >= 0 ? p.substring(i + 1) : p;
    }

}
