package carport.net.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** carport's version, for the User-Agent header. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    /** The release version, or "dev" when not running from a packaged jar. */
    public static String version() {
        return VERSION;
    }

    /** {@code carport/<version>}. */
    public static String userAgent() {
        return "carport/" + VERSION;
    }

    // The jar plugin writes pom.properties into every jar, so no build filtering is needed.
    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(
                "/META-INF/maven/dev.carport/carport-net/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        } catch (IOException e) {
            // fall through: a missing version must never stop a download
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
