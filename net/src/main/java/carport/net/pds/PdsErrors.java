package carport.net.pds;

import carport.net.RemoteException;
import carport.net.XrpcException;
import carport.net.http.HttpTransport;
import carport.net.http.RateLimitedException;
import carport.net.http.RetryAfter;
import carport.net.pds.PdsException.Kind;
import carport.net.xrpc.XrpcErrorBody;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Turns a PDS's refusals of account calls into {@link PdsException}s a user can act on. */
final class PdsErrors {

    private PdsErrors() {
    }

    static HttpTransport.ErrorMapper mapper(String nsid) {
        return (uri, status, headers, body) -> map(uri, status, headers, body, nsid, Clock.systemUTC());
    }

    static RemoteException map(URI uri, int status, HttpHeaders headers, byte[] body, String nsid, Clock clock) {
        String host = HttpTransport.host(uri);
        XrpcErrorBody answer = XrpcErrorBody.parse(body);
        String error = answer.error();
        String message = answer.message();
        String said = answer.said();
        String lower = message.toLowerCase(Locale.ROOT);
        if (status >= 300 && status < 400) {
            String to = headers.firstValue("location").map(l -> HttpTransport.oneLine(l, 200)).orElse("(no location)");
            return new PdsException(Kind.REDIRECT, host + " answered " + nsid + " with a redirect (HTTP " + status
                    + ") to " + to + "; carport sends no password or token anywhere but the PDS it was given",
                    status, error);
        }
        if (status == 429) {
            return rateLimited(host, nsid, headers, said, error, clock);
        }
        if (status == 413 || error.equals("PayloadTooLarge") || error.equals("BlobTooLarge")) {
            String setting = nsid.endsWith("importRepo")
                    ? "raise PDS_MAX_REPO_IMPORT_SIZE on that PDS (it defaults to PDS_BLOB_UPLOAD_LIMIT, 5 MB)"
                    : "raise PDS_BLOB_UPLOAD_LIMIT on that PDS (default 5 MB; describeServer may show it)";
            return new PdsException(Kind.TOO_LARGE, host + " refused " + nsid + " as too large" + said + "; "
                    + setting + ", or choose another PDS", status, error);
        }
        switch (error) {
            case "AccountTakedown":
                return new PdsException(Kind.TAKEN_DOWN, "the account is taken down on " + host + said
                        + "; it cannot log in there", status, error);
            case "ExpiredToken":
                return new PdsException(Kind.TOKEN_EXPIRED, host + " says the token for " + nsid + " has expired"
                        + said + "; run the command again to log in anew", status, error);
            case "InvalidToken":
                if (nsid.endsWith("signPlcOperation")) {
                    return new PdsException(Kind.EMAIL_TOKEN, host + " refused the emailed PLC token" + said
                            + ": it is wrong, already used, or older than 15 minutes; run again without"
                            + " --plc-token to have a new one sent", status, error);
                }
                return new PdsException(Kind.TOKEN_INVALID, host + " refused the token for " + nsid + said
                        + "; run the command again to log in anew", status, error);
            case "HandleNotAvailable":
                return new PdsException(Kind.HANDLE_TAKEN, host + " says the handle is taken" + said
                        + "; choose another with --handle", status, error);
            case "UnsupportedDomain":
                return new PdsException(Kind.HANDLE_DOMAIN, host + " does not serve that handle's domain" + said
                        + "; give --handle NAME.<one of its domains> (see its describeServer), or a domain of"
                        + " your own that resolves to the DID", status, error);
            case "InvalidInviteCode":
                return new PdsException(Kind.INVITE_CODE, host + " refused the invite code" + said
                        + "; give a valid one with --invite-code", status, error);
            case "AlreadyExists":
                return new PdsException(Kind.ALREADY_EXISTS, host + " already has this account" + said,
                        status, error);
            default:
                break;
        }
        if (lower.contains("invite code")) {
            return new PdsException(Kind.INVITE_CODE, host + " needs an invite code" + said
                    + "; give one with --invite-code", status, error);
        }
        if (lower.contains("external handle did not resolve") || lower.contains("not a supported handle domain")) {
            return new PdsException(Kind.HANDLE_DOMAIN, host + " does not accept that handle" + said
                    + "; give --handle NAME.<one of its domains> (see its describeServer), or a domain of"
                    + " your own that resolves to the DID", status, error);
        }
        if (lower.contains("repo already exists") || lower.contains("already exists")
                && nsid.endsWith("createAccount")) {
            return new PdsException(Kind.ALREADY_EXISTS, host + " already has this account" + said, status, error);
        }
        if (lower.contains("insufficient access") || lower.contains("protected method")
                || lower.contains("app password")) {
            return new PdsException(Kind.APP_PASSWORD, host + " refused " + nsid + " to an app-password session"
                    + said + "; give the account's main password, not an app password", status, error);
        }
        if (status == 401 && nsid.endsWith("createSession")) {
            return new PdsException(Kind.WRONG_PASSWORD, host + " refused the login" + said
                    + "; check the handle or DID and the password", status, error);
        }
        String what = error.isEmpty() ? "HTTP " + status : "HTTP " + status + " " + HttpTransport.oneLine(error, 80);
        String hint = status == 501 ? "; this PDS does not implement " + nsid
                : status >= 500 ? "; the server is failing, try again later" : "";
        return new XrpcException(host + " answered " + what + " to " + nsid + said + hint, status, error);
    }

    private static RemoteException rateLimited(String host, String nsid, HttpHeaders headers, String said,
            String error, Clock clock) {
        Duration wait = RetryAfter.parse(headers, clock).orElse(null);
        String when = wait == null ? "try again later"
                : "it allows more after " + Instant.now(clock).plus(wait).truncatedTo(ChronoUnit.SECONDS)
                        + " (in " + human(wait) + "); run again then";
        return new RateLimitedException(host + " rate-limits " + nsid + " (HTTP 429)" + said + "; " + when,
                429, error);
    }

    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s + 59) / 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

}
