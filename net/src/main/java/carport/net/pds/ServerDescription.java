package carport.net.pds;

import carport.core.syntax.Did;
import java.util.List;

/**
 * What {@code com.atproto.server.describeServer} says about a PDS.
 *
 * @param did the PDS's service DID (the {@code aud} of service-auth tokens meant for it)
 * @param inviteCodeRequired whether createAccount needs an invite code
 * @param availableUserDomains handle suffixes it serves, e.g. ".bsky.social"
 */
public record ServerDescription(Did did, boolean inviteCodeRequired, List<String> availableUserDomains) {
    public ServerDescription {
        availableUserDomains = List.copyOf(availableUserDomains);
    }

    /** Whether {@code handle} ends in one of the PDS's handle domains. */
    public boolean servesHandle(String handle) {
        String h = handle.toLowerCase(java.util.Locale.ROOT);
        for (String d : availableUserDomains) {
            String suffix = d.toLowerCase(java.util.Locale.ROOT);
            if (!suffix.startsWith(".")) {
                suffix = "." + suffix;
            }
            if (h.endsWith(suffix) && h.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }
}
