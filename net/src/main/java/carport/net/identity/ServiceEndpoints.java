package carport.net.identity;

import carport.net.http.Hosts;
import java.net.URI;
import java.util.Locale;

/** The one rule for service endpoints named by a DID document or given by the user (a PDS, a PLC directory). */
public final class ServiceEndpoints {
    private ServiceEndpoints() {
    }

    /**
     * Checks that a service endpoint taken from a DID document (or given by the user) is a plain
     * https origin; http is accepted only on loopback hosts, where the local test network runs.
     *
     * @param what names the endpoint in the error message, e.g. "PDS endpoint of did:plc:..."
     * @return the endpoint without a trailing slash
     * @throws IdentityException if it is not usable
     */
    public static URI require(String endpoint, String what) {
        URI u;
        try {
            u = new URI(endpoint);
        } catch (Exception e) {
            throw new IdentityException(what + " '" + endpoint + "' is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null
                || u.getRawFragment() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IdentityException(what + " '" + endpoint + "' is not an http(s) origin URL");
        }
        if (scheme.equals("http") && !Hosts.isLoopback(u.getHost())) {
            throw new IdentityException(what + " '" + endpoint
                    + "' is not https; plain http is accepted only for 127.0.0.1, localhost and ::1");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + u.getRawAuthority() + path);
    }
}
