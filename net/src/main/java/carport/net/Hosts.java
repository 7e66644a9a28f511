package carport.net;

import java.net.URI;
import java.util.Locale;

/** Rules about hosts that identity resolution and the sync client share. */
public final class Hosts {
    private Hosts() {
    }

    /**
     * True for the names that always mean this machine: {@code localhost}, {@code 127.0.0.0/8},
     * {@code ::1}. Decided on the name alone, without a DNS lookup.
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        if (!h.startsWith("127.")) {
            return false;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that a service endpoint taken from a DID document (or given by the user) is a plain
     * https origin; http is accepted only on loopback hosts, where the local test network runs.
     *
     * @param what names the endpoint in the error message, e.g. "PDS endpoint of did:plc:..."
     * @return the endpoint without a trailing slash
     * @throws IdentityException if it is not usable
     */
    public static URI requireServiceEndpoint(String endpoint, String what) {
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
        if (scheme.equals("http") && !isLoopback(u.getHost())) {
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
