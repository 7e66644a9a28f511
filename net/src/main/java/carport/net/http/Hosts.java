package carport.net.http;

import java.util.Locale;

/** Which host names always mean this machine: the transport, the proxy selector and identity resolution agree on it. */
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
}
